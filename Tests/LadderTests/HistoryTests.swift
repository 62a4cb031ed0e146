import Foundation
import GRDB
import Ladder
import Testing

@Suite struct DecisionHistory {
    /// A history file in a folder of its own, removed when the test ends.
    final class Scratch {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-history-\(UUID().uuidString)")
        var path: String { folder.appendingPathComponent("history.sqlite").path }
        deinit { try? FileManager.default.removeItem(at: folder) }
    }

    static let corePack = try! RulePack.load(from: PackPaths.repository.appendingPathComponent("rules/core"))

    private func record(_ store: HistoryStore, pack: RulePack = corePack, parameters: [String: ParameterValue] = [:],
                        note: String? = nil, keepSnapshot: Bool = true) throws -> RecordedRun {
        let url = PackPaths.repository.appendingPathComponent("examples/northwind/snapshot.json")
        let (loaded, data) = try SnapshotLoader().loadFile(url)
        let compiled = CompiledPack(pack)
        let evaluation = try Evaluator(compiled: compiled, options: EvaluationOptions(parameters: parameters)).evaluate(loaded)
        return try store.record(LadderHistory.RunRecord(evaluation: evaluation, pack: try PolicyPlan.describe(compiled, parameters), files: PackFile.files(of: pack),
                                          actor: "test", note: note, snapshot: keepSnapshot ? data : nil))
    }

    @Test func aRecordedRunReadsBackAsRecordedAndTheChainHolds() throws {
        let scratch = Scratch()
        let store = try HistoryStore(path: scratch.path, create: true)
        let first = try record(store, note: "baseline")
        let second = try record(store, parameters: ["late_share_limit": .number(0.3)], keepSnapshot: false)
        #expect(second.previousSHA256 == first.contentSHA256)
        let back = try store.run(first.id)
        #expect(back.record.evaluation == first.record.evaluation)
        #expect(back.evaluationJSON == first.evaluationJSON)
        #expect(back.record.note == "baseline")
        #expect(try store.snapshot(of: back).map(Digest.sha256) == back.record.evaluation.snapshot.sha256)
        #expect(try store.snapshot(of: try store.run(second.id)) == nil)
        let list = try store.runs()
        #expect(list.map(\.id) == [first.id, second.id])
        #expect(list.map(\.breaches) == [4, 3])
        #expect(try store.runs(RunFilter(pack: "keller")).isEmpty)
        #expect(try store.runs(RunFilter(snapshot: "Northwind Traders")).count == 2)
        #expect(try store.verify() == .init(runs: 2, firstBroken: nil))
        #expect(throws: HistoryError.noRun(99, path: scratch.path)) { try store.run(99) }
    }

    @Test func verifyNamesTheFirstRunThatWasChangedOrRemoved() throws {
        let scratch = Scratch()
        let store = try HistoryStore(path: scratch.path, create: true)
        for _ in 0..<3 { _ = try record(store) }
        let db = try DatabaseQueue(path: scratch.path)
        try db.write { try $0.execute(sql: "UPDATE verdict SET fields_json = replace(fields_json, '\"breached\": true', '\"breached\": false') WHERE run_id = 2") }
        #expect(try store.verify().firstBroken?.id == 2)
        #expect(try store.verify().firstBroken?.reason.contains("verdict rows") == true)
        try db.write { try $0.execute(sql: "UPDATE run SET actor = 'someone else' WHERE id = 1") }
        #expect(try store.verify().firstBroken?.id == 1)
        try db.write { try $0.execute(sql: "UPDATE snapshot SET data = zeroblob(10)") }
        try db.write { try $0.execute(sql: "DELETE FROM verdict WHERE run_id = 1; DELETE FROM run WHERE id = 1") }
        let check = try store.verify()
        #expect(check.firstBroken?.id == 2)
        #expect(check.firstBroken?.reason.contains("does not follow") == true)
    }

    @Test func recordersAtTheSameTimeAllLandInOneChain() throws {
        let scratch = Scratch()
        _ = try HistoryStore(path: scratch.path, create: true)
        let errors = Locked<[String]>([])
        let path = scratch.path
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            do { _ = try record(try HistoryStore(path: path)) } catch { errors.withLock { $0.append("\(error)") } }
        }
        #expect(errors.withLock { $0 }.isEmpty)
        let store = try HistoryStore(path: scratch.path)
        #expect(try store.runs().count == 6)
        #expect(try store.verify().firstBroken == nil)
    }

    @Test func aReplayReproducesTheRunAndNamesAChangedPackFile() throws {
        let scratch = Scratch()
        let store = try HistoryStore(path: scratch.path, create: true)
        // A copy of core, so that one of its files can change after the run.
        let copy = scratch.folder.appendingPathComponent("core")
        try FileManager.default.copyItem(at: PackPaths.repository.appendingPathComponent("rules/core"), to: copy)
        let run = try record(store, pack: try RulePack.load(from: copy), parameters: ["late_share_limit": .number(0.3)])
        let snapshot = try #require(try store.snapshot(of: run))
        let again = try Replay(run, packFolder: copy).replay(snapshot: snapshot)
        #expect(again.identical)
        #expect(again.diff.isEmpty)

        let metrics = copy.appendingPathComponent("lib/metrics.lua")
        try (try String(contentsOf: metrics, encoding: .utf8) + "\n-- edited\n").write(to: metrics, atomically: true, encoding: .utf8)
        #expect(throws: HistoryError.self) { try Replay(run, packFolder: copy).replay(snapshot: snapshot) }
        do { _ = try Replay(run, packFolder: copy).replay(snapshot: snapshot) } catch {
            #expect("\(error)".contains("core/lib/metrics.lua changed since the run"), "\(error)")
        }
        #expect(throws: HistoryError.self) { try Replay(run, packFolder: copy).replay(snapshot: Data("{}".utf8)) }
    }

    @Test func theDefaultFileAndTheEnvironment() {
        #expect(HistoryStore.path(explicit: nil, environment: [:]) == ".ladder/history.sqlite")
        #expect(HistoryStore.path(explicit: nil, environment: ["LADDER_HISTORY": "/tmp/h.sqlite"]) == "/tmp/h.sqlite")
        #expect(HistoryStore.path(explicit: "x.sqlite", environment: ["LADDER_HISTORY": "/tmp/h.sqlite"]) == "x.sqlite")
        #expect(throws: HistoryError.self) { try HistoryStore(path: "/nonexistent/history.sqlite") }
    }
}
