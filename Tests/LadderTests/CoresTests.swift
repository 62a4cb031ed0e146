import Foundation
import Testing
@testable import LadderEngine
@testable import LadderModel

/// `--workers n` bounds every thread of Ladder's own work, not only the Lua states.
@Suite struct CoresTests {
    /// Each index once, and never more threads at a time than allowed; one thread takes them in order.
    @Test(arguments: [1, 2, 3]) func workIsSharedByAtMostTheThreadsAllowed(threads: Int) {
        let seen = Locked((running: 0, most: 0, order: [Int]()))
        Cores.perform(40, threads: threads) { i in
            seen.withLock { $0.running += 1; $0.most = max($0.most, $0.running); $0.order.append(i) }
            usleep(500)
            seen.withLock { $0.running -= 1 }
        }
        let (_, most, order) = seen.withLock { $0 }
        #expect(most <= threads)
        #expect(order.sorted() == Array(0..<40))
        if threads == 1 { #expect(order == Array(0..<40)) }
    }

    /// Work cut into parts: neighbouring runs covering the range once, at most as many as asked.
    @Test func rangesSplitIntoRunsThatCoverThemOnce() {
        #expect((0 ..< 10).split(into: 3) == [0 ..< 4, 4 ..< 8, 8 ..< 10])
        #expect((0 ..< 10).split(into: 8) == [0 ..< 2, 2 ..< 4, 4 ..< 6, 6 ..< 8, 8 ..< 10])
        #expect((5 ..< 7).split(into: 64) == [5 ..< 6, 6 ..< 7])
        #expect((0 ..< 0).split(into: 4).isEmpty && (0 ..< 3).split(into: 0) == [0 ..< 3])
    }

    /// Slots filled on other threads, out of order, are taken in order, each as soon as it is
    /// filled; a spare buffer comes back empty with its room.
    @Test func slotsAreTakenInOrderAsTheyAreFilled() {
        let slots = AwaitedSlots<Int>(count: 6)
        DispatchQueue.global().async {
            for i in [3, 0, 5, 1, 4, 2] { usleep(200); slots.fill(i, with: i * 10) }
        }
        #expect((0..<6).map { slots.take($0) } == [0, 10, 20, 30, 40, 50])

        let spare = SpareBuffers()
        #expect(spare.take().capacity == 0)
        spare.give([UInt8](repeating: 7, count: 1_001))
        let again = spare.take()
        #expect(again.isEmpty && again.capacity >= 1_001)
    }
}
