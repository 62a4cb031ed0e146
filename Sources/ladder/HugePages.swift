import Foundation

/// Large snapshots are read with glibc's malloc asking the kernel for 2 MiB pages (transparent
/// huge pages). glibc takes that setting only from the environment a program starts with, so
/// the program starts itself again, once, with it set. Over a 261 MB snapshot a run otherwise
/// touched half a million 4 KiB pages, each a fault and a page to zero: in 2 MiB pages it took
/// 95,000 faults and about 0.5 s less (docs/performance.md).
enum HugePages {
    static let tunable = "glibc.malloc.hugetlb"

    /// Inputs from this size on are worth starting again for (about 12 ms).
    static let from = 64 << 20

    /// Starts this program again with the same arguments and ``tunables(reading:given:)``, when
    /// that says to. Returns when there is nothing to do or the program could not be started
    /// again: the run then goes on with the pages it has.
    static func restartIfLarge(reading files: [String]) {
        let current = ProcessInfo.processInfo.environment["GLIBC_TUNABLES"]
        guard let tunables = tunables(reading: files, given: current) else { return }
        setenv("GLIBC_TUNABLES", tunables, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        if let current { setenv("GLIBC_TUNABLES", current, 1) } else { unsetenv("GLIBC_TUNABLES") }
    }

    /// `GLIBC_TUNABLES` with `glibc.malloc.hugetlb=1` added, when one of `files` is 64 MiB or
    /// more and `current` does not set the tunable already (`glibc.malloc.hugetlb=0` keeps a run
    /// as it is); nil otherwise.
    static func tunables(reading files: [String], given current: String?) -> String? {
        guard !(current ?? "").contains(tunable), files.contains(where: { size(of: $0) >= from }) else { return nil }
        return [current ?? "", "\(tunable)=1"].filter { !$0.isEmpty }.joined(separator: ":")
    }

    private static func size(of path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }
}
