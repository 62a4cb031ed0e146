import ArgumentParser
import Foundation
import Ladder

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What was decided when: list, show, diff, export and verify recorded runs.",
        discussion: """
            Runs are recorded with ladder evaluate --record (docs/history.md).

            Examples:
              ladder history list --pack core --since 2026-07-01
              ladder history show 12
              ladder history diff 11 12 --format html --output change.html
              ladder history export 12 --output run-12.json
              ladder history verify
            """,
        subcommands: [List.self, Show.self, Diff.self, Export.self, Verify.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List recorded runs, oldest first.")

        @OptionGroup var history: HistoryFile

        @Option(name: .long, help: ArgumentHelp("Only runs of this pack.", valueName: "name"))
        var pack: String?

        @Option(name: .long, help: ArgumentHelp("Only runs on this snapshot: a prefix of its SHA-256, or the organization's name.", valueName: "sha-or-name"))
        var snapshot: String?

        @Option(name: .long, help: ArgumentHelp("Only runs recorded on or after this day (UTC).", valueName: "yyyy-mm-dd"))
        var since: String?

        @Option(name: .long, help: ArgumentHelp("Only runs recorded on or before this day (UTC).", valueName: "yyyy-mm-dd"))
        var until: String?

        @Flag(name: .long, help: "One JSON object per run, one per line.")
        var json = false

        func validate() throws {
            for (name, day) in [("--since", since), ("--until", until)] {
                if let day, Day(day) == nil { throw ValidationError("\(name) takes a date as yyyy-mm-dd, got \"\(day)\"") }
            }
        }

        func run() throws {
            let store = try HistoryStore(path: history.path)
            let runs = try store.runs(RunFilter(pack: pack, snapshot: snapshot, since: since, until: until))
            var out = ""
            if json {
                for r in runs {
                    let fields: [String: Any] = ["id": r.id, "recorded_at": HistoryStore.stamp(r.recordedAt), "actor": r.actor, "note": r.note ?? NSNull(),
                                                 "pack": r.pack, "pack_version": r.packVersion, "organization": r.organization,
                                                 "as_of": r.asOf, "snapshot_sha256": r.snapshotSHA256, "results": r.results,
                                                 "breaches": r.breaches, "failures": r.failures]
                    out += String(decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self) + "\n"
                }
            } else {
                out = runs.isEmpty ? "no runs\(pack == nil && snapshot == nil && since == nil && until == nil ? "" : " match") in \(store.path)\n" : ""
                for r in runs {
                    out += "\(r.id)  \(HistoryStore.stamp(r.recordedAt))  \(r.pack) \(r.packVersion)  \(r.organization) as of \(r.asOf)  "
                        + "\(r.breaches) breach\(r.breaches == 1 ? "" : "es"), \(r.failures) failure\(r.failures == 1 ? "" : "s")  by \(r.actor)"
                        + (r.note.map { "  \"\($0)\"" } ?? "") + "\n"
                }
            }
            FileHandle.standardOutput.write(Data(out.utf8))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one run: who, when, which pack, parameters and data, and its report.")

        @OptionGroup var history: HistoryFile

        @Argument(help: ArgumentHelp("The run's number.", valueName: "run"))
        var id: Int64

        @Option(name: .long, help: "Report format.")
        var format: ReportFormat = .text

        func run() throws {
            let recorded = try HistoryStore(path: history.path).run(id)
            let report = try format.render(recorded.record.evaluation)
            guard format == .text else { return FileHandle.standardOutput.write(Data(report.utf8)) }
            let r = recorded.record
            var head = "Run \(recorded.id), recorded \(HistoryStore.stamp(r.recordedAt)) by \(r.actor)\(r.note.map { ": \"\($0)\"" } ?? "")\n"
            head += "  pack \(r.pack.name) \(r.pack.version) (\(r.pack.sha256)), layers \(r.pack.layers.map { "\($0.name) at \($0.folder)" }.joined(separator: ", "))\n"
            let set = r.evaluation.parameters.values.filter { $0.setBy == ParameterSet.commandLine }
            if !set.isEmpty { head += "  parameters set for the run: " + set.map { "\($0.name)=\($0.value.text)" }.joined(separator: ", ") + "\n" }
            if !r.rules.isEmpty || !r.subjects.isEmpty { head += "  limited to: " + (r.rules + r.subjects).joined(separator: ", ") + "\n" }
            head += "  snapshot \(r.evaluation.snapshot.sha256)\(recorded.snapshotStored ? " (a copy is kept)" : "")\n"
            head += "  Ladder \(r.evaluation.ladderVersion), \(r.luaRelease); hash \(recorded.contentSHA256)\n\n"
            FileHandle.standardOutput.write(Data((head + report).utf8))
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What changed between two runs, as ladder plan shows it.",
            discussion: "The exit code is 0 when no verdict differs and 3 when one does, as for ladder plan.")

        @OptionGroup var history: HistoryFile

        @Argument(help: "The earlier run.")
        var from: Int64

        @Argument(help: "The later run.")
        var to: Int64

        @Option(name: .long, help: ArgumentHelp("Values closer than this count as unchanged.", valueName: "x"))
        var tolerance: Double = 1e-9

        @Option(name: .long, help: "Report format: text, markdown, json or html.")
        var format: ReportFormat = .text

        @Option(name: .long, help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
        var output: String?

        func validate() throws {
            if format == .csv { throw ValidationError("a diff comes as text, markdown, json or html") }
        }

        func run() throws {
            let store = try HistoryStore(path: history.path)
            let a = try store.run(from), b = try store.run(to)
            // Teams come from a kept snapshot copy; without one, changes are listed without teams.
            let copy = try store.snapshot(of: b) ?? store.snapshot(of: a)
            let teams = try copy.map { SnapshotPlan.teamNames(try SnapshotLoader().load($0)) } ?? [:]
            let result = PlanResult(causes: PlanCauses(baseline: a.record.pack, candidate: b.record.pack),
                                    snapshots: [SnapshotPlan(baseline: a.record.evaluation, candidate: b.record.evaluation, teams: teams, tolerance: tolerance)])
            let report = try PlanReport.render(result, format: format)
            if let output { try OutputFile.write(report, to: output) } else { FileHandle.standardOutput.write(Data(report.utf8)) }
            if result.hasChanges { throw ExitStatus.changesPlanned }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One run as a JSON document: provenance, pack, files and report.")

        @OptionGroup var history: HistoryFile

        @Argument(help: ArgumentHelp("The run's number.", valueName: "run"))
        var id: Int64

        @Option(name: .long, help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
        var output: String?

        func run() throws {
            let recorded = try HistoryStore(path: history.path).run(id)
            let document = try RunExport.json(recorded)
            if let output { try OutputFile.write(document, to: output) } else { FileHandle.standardOutput.write(Data(document.utf8)) }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that no recorded run was changed, removed or reordered.",
            discussion: "The exit code is 0 when the chain of hashes holds and 1 when it breaks; the first broken run is named.")

        @OptionGroup var history: HistoryFile

        func run() throws {
            let store = try HistoryStore(path: history.path)
            let check = try store.verify()
            if let broken = check.firstBroken {
                print("run \(broken.id) of \(store.path) is not as recorded: \(broken.reason)")
                throw ExitStatus.ruleFailures
            }
            print("\(check.runs) run\(check.runs == 1 ? "" : "s") in \(store.path): every hash and link holds")
        }
    }
}

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-evaluate a recorded run and confirm it gives the same results.",
        discussion: """
            Uses the recorded pack (its files must be those the run used), parameters
            and rule and subject selection, on the snapshot the history kept
            (--store-snapshot) or the one given, whose SHA-256 must match.

            The exit code is 0 when the results are the same, 1 when they differ
            (the differences are listed), 2 when the snapshot or pack is not the
            one the run used.
            """
    )

    @OptionGroup var history: HistoryFile

    @Argument(help: ArgumentHelp("The run's number.", valueName: "run"))
    var id: Int64

    @Option(name: .long, help: ArgumentHelp("The snapshot the run used, when the history kept no copy.", valueName: "file"))
    var snapshot: String?

    @Option(name: .long, help: ArgumentHelp("The pack's folder now, when it moved since the run.", valueName: "folder"))
    var pack: String?

    @OptionGroup var search: PackSearch

    func run() throws {
        let store = try HistoryStore(path: history.path)
        let recorded = try store.run(id)
        let data: Data
        if let snapshot {
            guard let bytes = FileManager.default.contents(atPath: snapshot) else { throw LadderError.unreadableFile(snapshot, reason: "no such file, or it cannot be read") }
            data = bytes
        } else if let kept = try store.snapshot(of: recorded) {
            data = kept
        } else {
            throw HistoryError.noSnapshot(recorded.id)
        }
        let outcome = try Ladder.Replay(recorded, packFolder: pack.map { URL(fileURLWithPath: $0) }, packPath: search.urls).replay(snapshot: data)
        if outcome.identical {
            print("run \(recorded.id) replayed: the same results, byte for byte (\(outcome.evaluation.results.count) results, \(outcome.evaluation.failures.count) failures)")
        } else if outcome.diff.isEmpty {
            print("run \(recorded.id) replayed: the same verdicts; the stored report differs only in provenance (Ladder \(recorded.record.evaluation.ladderVersion) → \(outcome.evaluation.ladderVersion))")
        } else {
            print("run \(recorded.id) replayed: \(outcome.diff.entries.count) verdict\(outcome.diff.entries.count == 1 ? "" : "s") differ")
            for line in outcome.diff.lines { print("  \(line)") }
            throw ExitStatus.ruleFailures
        }
    }
}
