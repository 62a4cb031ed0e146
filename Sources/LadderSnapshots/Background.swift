import Dispatch
import LadderModel

/// Work started now on another core, its value awaited where it is needed: loading a large
/// snapshot keeps both cores busy. Await every one (`value`), so none outlives its caller.
/// With one core available (``Cores``) the work is done at once, on the caller's thread.
final class Background<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Value?  // written once before `done` is signalled, read after

    init(_ work: @escaping @Sendable () -> Value) {
        guard Cores.parallel else {
            result = work()
            done.signal()
            return
        }
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
