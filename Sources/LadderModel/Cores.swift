import Foundation
import Synchronization

/// How many cores Ladder's own work may keep busy at once: every processor unless limited
/// (`--workers n` limits the whole run, not only the Lua states, so that `--workers 1` on a
/// shared machine takes one core). Work splits the same way whatever the limit, so results
/// do not depend on it; only how many threads share the work does.
public enum Cores {
    private static let limited = Atomic<Int>(0)  // 0: no limit

    /// Limits Ladder's work to `n` cores from now on; nil lifts the limit.
    public static func limit(to n: Int?) {
        limited.store(max(0, n ?? 0), ordering: .relaxed)
    }

    /// The cores Ladder may use: the limit, or one per processor.
    public static var available: Int {
        let n = limited.load(ordering: .relaxed)
        return n > 0 ? n : ProcessInfo.processInfo.activeProcessorCount
    }

    /// Whether work may be split across threads at all.
    package static var parallel: Bool { available > 1 }

    /// Calls `body` for each of `0 ..< count` on at most `threads` threads at once (the calling
    /// thread among them), each taking the next index as it is free; returns when all are done.
    package static func perform(_ count: Int, threads: Int = available, _ body: @Sendable (Int) -> Void) {
        let threads = max(1, min(threads, count))
        guard threads > 1 else { return (0 ..< count).forEach(body) }
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                guard i < count else { return }
                body(i)
            }
        }
    }
}

extension Range where Bound == Int {
    /// The range cut into at most `parts` runs of neighbouring indexes, all as long as the first
    /// but the last: work shared out in parts. None for an empty range.
    package func split(into parts: Int) -> [Range<Int>] {
        let parts = Swift.max(1, parts), size = (count + parts - 1) / parts
        guard size > 0 else { return [] }
        return stride(from: lowerBound, to: upperBound, by: size).map { $0 ..< Swift.min($0 + size, upperBound) }
    }
}
