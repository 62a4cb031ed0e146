import Foundation

/// Byte buffers given back once written, for the next part to be made in: pages already in use
/// cost nothing to write again, while each fresh one costs the kernel a page to clear (at 5,000
/// managers a report's parts were 470 MB of fresh pages).
package final class SpareBuffers: @unchecked Sendable {
    private let lock = NSLock()
    private var spare: [[UInt8]] = []

    package init() {}

    /// An empty buffer: one given back, with its room, or a new one.
    package func take() -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        return spare.popLast() ?? []
    }

    package func give(_ buffer: consuming [UInt8]) {
        var buffer = buffer
        buffer.removeAll(keepingCapacity: true)
        lock.lock()
        spare.append(buffer)
        lock.unlock()
    }
}
