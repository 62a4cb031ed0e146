import Foundation

/// `ladder test --mutate` output: every surviving mutant as `file:line:col: mutant survived:
/// 'before' -> 'after'` (the form editors jump to), then the score; and the same as JSON.
public enum MutationReport {
    public static func text(_ runs: [MutationRun], verbose: Bool = false) -> String {
        var out: [String] = []
        for run in runs {
            let files = Set(run.results.map(\.mutant.file)).count
            guard !run.results.isEmpty || !run.problems.isEmpty else {
                out.append("mutation testing \(run.pack) (\(run.folder)): no Lua of its own to mutate")
                continue
            }
            out.append("mutation testing \(run.pack) (\(run.folder)): \(run.results.count) mutant\(plural(run.results.count)) of \(files) file\(plural(files))")
            for problem in run.problems { out.append("PROBLEM \(problem)") }
            for r in run.results {
                let at = "\(run.folder)/\(r.mutant.file):\(r.mutant.line):\(r.mutant.column)"
                let change = "'\(r.mutant.before)' -> '\(r.mutant.after)'"
                switch r.status {
                case .survived:
                    out.append("\(at): mutant survived\(r.unreached ? " (no case runs this code)" : ""): \(change)")
                case .killed, .timedOut:
                    if verbose { out.append("\(at): mutant \(r.status.rawValue)\(r.killedBy.map { " by \($0)" } ?? ""): \(change)") }
                case .equivalent:
                    if verbose { out.append("\(at): mutant equivalent (\(r.reason ?? "")): \(change)") }
                case .stillborn:
                    if verbose { out.append("\(at): mutant does not compile: \(change)") }
                }
            }
            if !run.survivors.isEmpty {
                out.append("each survivor is a change to \(run.pack) that no case notices: add a case at the boundary or branch it changes"
                           + " (docs/pack-tests.md, \"Mutation testing\"), or, if no data could ever tell it apart, list it with a reason in"
                           + " \(run.folder)/tests/\(EquivalentMutants.fileName)")
            }
            out.append(summary(run))
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// `core: 95.1% of mutants killed (371 of 390); 19 survived, 12 equivalent, 3 do not compile`.
    public static func summary(_ run: MutationRun) -> String {
        var parts = ["\(run.count(.survived)) survived"]
        if run.count(.timedOut) > 0 { parts.append("\(run.count(.timedOut)) timed out") }
        if run.count(.equivalent) > 0 { parts.append("\(run.count(.equivalent)) equivalent") }
        if run.count(.stillborn) > 0 { parts.append("\(run.count(.stillborn)) do not compile") }
        let detected = run.count(.killed) + run.count(.timedOut)
        return "\(run.pack): \(String(format: "%.1f", run.score))% of mutants killed (\(detected) of \(run.counted)); " + parts.joined(separator: ", ")
    }

    /// The documented JSON form (docs/pack-tests.md), keys sorted, no timings: byte-identical
    /// from run to run.
    public static func json(_ runs: [MutationRun], threshold: Double?) -> String {
        struct Document: Encodable {
            var schema = "ladder.mutation/1"
            var threshold: Double?
            var packs: [Pack]
        }
        struct Pack: Encodable {
            var pack, folder: String
            var score: Double
            var mutants, counted, killed, timed_out, survived, equivalent, does_not_compile: Int
            var problems: [String]
            var results: [Item]
        }
        struct Item: Encodable {
            var file: String
            var line, column: Int
            var `operator`, before, after, mutant, status: String
            var killed_by, reason: String?
            var unreached: Bool
        }
        let document = Document(threshold: threshold, packs: runs.map { run in
            Pack(pack: run.pack, folder: run.folder, score: (run.score * 10).rounded() / 10, mutants: run.results.count, counted: run.counted,
                 killed: run.count(.killed), timed_out: run.count(.timedOut), survived: run.count(.survived),
                 equivalent: run.count(.equivalent), does_not_compile: run.count(.stillborn), problems: run.problems,
                 results: run.results.map { r in
                     Item(file: r.mutant.file, line: r.mutant.line, column: r.mutant.column, operator: r.mutant.op.rawValue,
                          before: r.mutant.before, after: r.mutant.after, mutant: r.mutant.key, status: r.status.rawValue,
                          killed_by: r.killedBy, reason: r.reason, unreached: r.unreached)
                 })
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(document), as: UTF8.self) + "\n"
    }

    private static func plural(_ n: Int) -> String { n == 1 ? "" : "s" }
}
