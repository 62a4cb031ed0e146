import Foundation

/// Slots that work on other threads fills while this one reads them in order: reading a slot
/// waits until it is filled. Lets a report be written out part by part while its later parts
/// are still being made.
package final class AwaitedSlots<Value: Sendable>: @unchecked Sendable {
    private let filled = NSCondition()
    private var slots: [Value?]

    package init(count: Int) { slots = Array(repeating: nil, count: count) }

    package subscript(i: Int) -> Value {
        get {
            filled.lock()
            defer { filled.unlock() }
            while slots[i] == nil { filled.wait() }
            return slots[i]!
        }
        set {
            filled.lock()
            slots[i] = newValue
            filled.broadcast()
            filled.unlock()
        }
    }
}
