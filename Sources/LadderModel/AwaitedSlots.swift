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
