import Foundation
import LadderModel

/// The one way Ladder works in parallel: the calling thread is worker 0, helper threads are
/// workers 1…n, and all of them take units from one shared counter until none are left. Each
/// worker keeps its own Lua state, so nothing Lua-side is ever shared between threads.
package enum WorkerPool {
    /// Runs `helper(worker)` for workers 1…`helpers` on threads of their own while the caller runs
    /// `main` as worker 0; returns when every worker is done. With no helpers nothing is spawned,
    /// so a pool inside a pool's unit (a pack test case) runs inline.
    package static func run(helpers: Int, _ helper: @escaping @Sendable (Int) -> Void, alongside main: () -> Void) {
        let group = DispatchGroup()
        if helpers > 0 {
            for worker in 1...helpers { DispatchQueue.global().async(group: group) { helper(worker) } }
        }
        main()
        group.wait()
    }

    /// A worker count for `units` units: `requested` (or one per core available), never more
    /// than there are units.
    package static func workers(requested: Int?, units: Int) -> Int {
        max(1, min(requested ?? Cores.available, units))
    }
}

/// Hands out unit numbers 0, 1, 2, … once each, to whichever worker asks first.
package final class UnitCounter: Sendable {
    private let next = Locked(0)
    package let count: Int

    package init(count: Int) { self.count = count }

    /// The next unit, or nil when all are taken.
    package func take() -> Int? {
        let unit = next.withLock { next in
            defer { next += 1 }
            return next
        }
        return unit < count ? unit : nil
    }
}

/// A value that workers share, behind a lock. An `NSLock` (a pthread mutex) rather than
/// `Synchronization.Mutex`: ThreadSanitizer understands it, so `make tsan` checks the pool's
/// hand-offs instead of reporting the futex it cannot see.
package final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    package init(_ value: Value) { self.value = value }

    package func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
