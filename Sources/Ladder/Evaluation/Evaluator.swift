import Foundation
import Synchronization

/// Runs a rule pack over a snapshot.
///
/// ```swift
/// let pack = try RulePack.load(from: URL(fileURLWithPath: "rules/core"))
/// let snapshot = try SnapshotLoader().load(contentsOf: URL(fileURLWithPath: "examples/northwind/snapshot.json"))
/// let evaluation = try Evaluator(pack: pack).evaluate(snapshot)
/// for result in evaluation.results where result.isBreach { print(result.message ?? result.rule) }
/// ```
public struct Evaluator: Sendable {
    public let pack: RulePack
    public let options: EvaluationOptions

    public init(pack: RulePack, options: EvaluationOptions = .init()) {
        self.pack = pack
        self.options = options
    }

    /// Evaluates every selected rule on every selected subject. Rule failures are part of the
    /// result, never thrown: one misbehaving rule does not stop the others.
    /// - Throws: ``LadderError`` for a parameter override that does not fit, or a `--rule` that
    ///   the pack does not declare.
    public func evaluate(_ loaded: LoadedSnapshot) throws -> Evaluation {
        let parameters = try ParameterSet(manifest: pack.manifest, overrides: options.parameters)
        let planner = try RuleSession(pack: pack, loaded: loaded, parameters: parameters)
        let declared = planner.declarations.map(\.id)
        for id in options.rules where !declared.contains(id) {
            throw LadderError.unknownRule(id, known: declared)
        }
        let selected = options.rules.isEmpty ? declared : declared.filter(options.rules.contains)
        let only: Set<String>? = options.subjects.isEmpty ? nil : Set(options.subjects)

        let workerCount = max(1, min(options.workers ?? ProcessInfo.processInfo.activeProcessorCount, selected.count))
        let collected = Mutex<[(results: [RuleResult], failures: [RuleFailure])]>([])
        let coverage = Mutex<[String: Set<Int>]>([:])
        let recordsCoverage = options.coverage
        let pack = self.pack
        let files = Dictionary(uniqueKeysWithValues: planner.declarations.map { ($0.id, $0.file) })
        DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
            let mine = selected.enumerated().filter { $0.offset % workerCount == worker }.map(\.element)
            let session: RuleSession
            do { session = try RuleSession(pack: pack, loaded: loaded, parameters: parameters, coverage: recordsCoverage) } catch {
                let failures = mine.map { id in
                    RuleFailure(pack: pack.manifest.name, rule: id, file: files[id] ?? "", subject: nil, kind: .error,
                                message: "not evaluated: \(error)", location: nil, code: nil, traceback: [])
                }
                collected.withLock { $0.append(([], failures)) }
                return
            }
            for id in mine {
                let outcome = session.evaluate(ruleID: id, subjects: only)
                collected.withLock { $0.append(outcome) }
            }
            if recordsCoverage {
                let lines = session.coverage
                coverage.withLock { $0.merge(lines) { $0.union($1) } }
            }
        }

        let order = Dictionary(uniqueKeysWithValues: declared.enumerated().map { ($1, $0) })
        let all = collected.withLock { $0 }
        let results = all.flatMap(\.results).sorted {
            (order[$0.rule]!, $0.subject.id) < (order[$1.rule]!, $1.subject.id)
        }
        let failures = (planner.loadFailures + all.flatMap(\.failures)).sorted {
            ($0.rule.flatMap { order[$0] } ?? -1, $0.file, $0.subject?.id ?? "") < ($1.rule.flatMap { order[$0] } ?? -1, $1.file, $1.subject?.id ?? "")
        }
        let s = loaded.snapshot
        var evaluation = Evaluation(
            ladderVersion: LadderVersion.current,
            pack: .init(name: pack.manifest.name, version: pack.manifest.version, sha256: pack.sha256),
            snapshot: .init(sha256: loaded.sha256, asOf: s.asOf, organization: s.organization.name, currency: s.organization.currency),
            parameters: parameters, results: results, failures: failures,
            rules: planner.declarations.filter { selected.contains($0.id) }, warnings: loaded.warnings)
        evaluation.coverage = coverage.withLock { $0 }
        return evaluation
    }
}
