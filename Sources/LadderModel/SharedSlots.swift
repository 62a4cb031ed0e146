import Dispatch

/// Slots that concurrent work fills, each written by one iteration only: a buffer of its own,
/// so no write is an access to a shared array (which ThreadSanitizer rightly reports).
package final class SharedSlots<Value>: @unchecked Sendable {
    @usableFromInline let buffer: UnsafeMutableBufferPointer<Value?>

    package init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    @inlinable package subscript(i: Int) -> Value? {
        get { buffer[i] }
        set { buffer[i] = newValue }
    }
}

extension SharedSlots {
    /// Slots holding `make(i)` for each of `0 ..< count`: made in runs on the cores available when
    /// there are at least `parallelFrom` (below that, starting threads costs more than it saves).
    package static func map(_ count: Int, parallelFrom: Int = 10_000, _ make: @Sendable (Int) -> Value?) -> SharedSlots {
        let slots = SharedSlots(count: count)
        inRuns(count, parallelFrom: parallelFrom) { i in slots[i] = make(i) }
        return slots
    }

    /// Calls `body` for each of `0 ..< count`, in 64 runs of neighbouring indexes that the
    /// available cores take as they are free: many runs, so that no core waits long on the last;
    /// runs rather than every 64th index, so that two cores seldom write to the same cache line.
    private static func inRuns(_ count: Int, parallelFrom: Int, _ body: @Sendable (Int) -> Void) {
        let runs = (0 ..< count).split(into: count < parallelFrom ? 1 : 64)
        Cores.perform(runs.count) { run in
            for i in runs[run] { body(i) }
        }
    }

    /// `make(i)` for each of `0 ..< count`, made as ``map(_:parallelFrom:_:)`` makes them but
    /// straight into the array returned: no slot to copy each value out of afterwards.
    package static func array(_ count: Int, parallelFrom: Int = 10_000, _ make: @Sendable (Int) -> Value) -> [Value] {
        guard count > 0 else { return [] }
        return [Value](unsafeUninitializedCapacity: count) { buffer, initialized in
            let target = Disjoint(base: buffer.baseAddress!)
            inRuns(count, parallelFrom: parallelFrom) { i in (target.base + i).initialize(to: make(i)) }
            initialized = count
        }
    }
}

/// An array's storage that concurrent iterations initialise, each at places no other touches.
private struct Disjoint<Value>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Value>
}
