import Dispatch

/// Work started now on another core, its value awaited where it is needed: loading a large
/// snapshot keeps both cores busy. Await every one (`value`), so none outlives its caller.
final class Background<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Value?  // written once before `done` is signalled, read after

    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async {
            self.result = work()
            self.done.signal()
        }
    }

    /// Waits for the work once; later reads return at once.
    lazy var value: Value = {
        done.wait()
        return result!
    }()
}
