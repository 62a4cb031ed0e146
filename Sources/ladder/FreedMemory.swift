import CMalloc

/// What a run has freed by the time its rules are done (the Lua states, the record store) is
/// handed back to the kernel before the report is made: the report's parts and its pages in
/// the page cache then reuse pages this process already touched, where fresh ones each cost a
/// clear (and, on a virtual machine, the host's first touch). glibc keeps freed memory for its
/// next allocations otherwise. At 5,000 managers: about 150 MB in 3 ms (docs/performance.md).
enum FreedMemory {
    static func handBack() {
        _ = malloc_trim(0)
    }
}
