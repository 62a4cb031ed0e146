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
