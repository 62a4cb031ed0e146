import Foundation

/// Slots that work on other threads fills while this one takes them in order: taking a slot
/// waits until it is filled. Lets a report be written out part by part while its later parts
/// are still being made, and each part let go of once written.
package final class AwaitedSlots<Value: Sendable>: @unchecked Sendable {
    private let filled = NSCondition()
    private var slots: [Value?]
    private var taken: [Bool]

    package init(count: Int) {
        slots = Array(repeating: nil, count: count)
        taken = Array(repeating: false, count: count)
    }

    /// Fills the i-th slot, waking whoever waits to take it.
    package func fill(_ i: Int, with value: Value) {
        filled.lock()
        slots[i] = value
        filled.broadcast()
        filled.unlock()
    }

    /// The i-th value once it is filled, which the slot then no longer holds: each is taken once.
    package func take(_ i: Int) -> Value {
        filled.lock()
        defer { filled.unlock() }
        precondition(!taken[i], "slot \(i) was taken already")
        while slots[i] == nil { filled.wait() }
        taken[i] = true
        defer { slots[i] = nil }
        return slots[i]!
    }
}

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
