import Dispatch

/// Slots that concurrent work fills, each written by one iteration only: a buffer of its own,
/// so no write is an access to a shared array (which ThreadSanitizer rightly reports).
package final class SharedSlots<Value>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Value?>

    package init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    package subscript(i: Int) -> Value? {
        get { buffer[i] }
        set { buffer[i] = newValue }
    }
}

extension SharedSlots {
    /// `body(i)` for each of `0 ..< count`, in eight interleaved parts on every core when there
    /// are at least `parallelFrom` (below that, starting threads costs more than it saves).
    package static func forEach(_ count: Int, parallelFrom: Int = 10_000, _ body: @Sendable (Int) -> Void) {
        let parts = count < parallelFrom ? 1 : 8
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for i in stride(from: part, to: count, by: parts) { body(i) }
        }
    }

    /// Slots holding `make(i)` for each of `0 ..< count`, made as ``forEach(_:parallelFrom:_:)`` does.
    package static func map(_ count: Int, parallelFrom: Int = 10_000, _ make: @Sendable (Int) -> Value?) -> SharedSlots {
        let slots = SharedSlots(count: count)
        forEach(count, parallelFrom: parallelFrom) { i in slots[i] = make(i) }
        return slots
    }
}
