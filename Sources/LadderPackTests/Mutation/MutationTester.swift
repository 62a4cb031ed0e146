import Foundation
import LadderEngine
import LadderModel
import LadderPacks
import LadderSnapshots

/// Mutation testing of a pack (`ladder test --mutate`, docs/pack-tests.md): every mutant of the
/// pack's own Lua files — not of the packs it extends — is compiled in memory and run against the
/// pack's cases (and, with `golden`, its pinned verdicts) until one tells it apart. A mutant no
/// case tells apart marks a boundary or a branch that no test holds in place.
public struct MutationTester: Sendable {
    /// Pinned verdicts count too: a mutant that changes one is killed.
    public var golden: Bool
    /// Lua states working in parallel, one mutant each; nil picks one per processor.
    public var workers: Int?
    public var packPath: [URL]

    public init(golden: Bool = false, workers: Int? = nil, packPath: [URL] = []) {
        self.golden = golden
        self.workers = workers
        self.packPath = packPath
    }

    /// Something that tells mutants apart: a case, or a pinned snapshot's verdicts, of one of
    /// the suites that run the mutated layer.
    private struct Check: Sendable {
        enum Kind: Sendable {
            case testCase(PackTestCase)
            case pinned(LoadedSnapshot, verdicts: String)
        }
        var name: String
        var kind: Kind
        /// Index into the suites that use the layer.
        var suite: Int
        var coverage: [String: Set<Int>]
        var seconds: Double
    }

    /// A suite whose pack holds the mutated layer, and where in its chain.
    private struct User: Sendable {
        var compiled: CompiledPack
        var layer: Int
    }

    /// Mutates the top layer of `suite`'s pack. The cases of every suite in `alongside` whose
    /// pack extends it count too, as they do for coverage: a helper of core that only a
    /// client's cases use is still tested when both run.
    /// - Throws: ``MutationError`` when a suite does not pass as it is: a mutant is only
    ///   killed when it turns a passing suite red.
    public func run(_ suite: PackTestSuite, alongside: [PackTestSuite] = []) throws -> MutationRun {
        let pack = suite.pack
        let layer = pack.top
        let root = layer.root.standardizedFileURL.path
        var suites = [suite]
        var users = [User(compiled: suite.compiled, layer: pack.layers.count - 1)]
        for other in alongside where other.pack.root.standardizedFileURL.path != root {
            guard let index = other.pack.layers.firstIndex(where: { $0.root.standardizedFileURL.path == root }) else { continue }
            suites.append(other)
            users.append(User(compiled: other.compiled, layer: index))
        }
        let checks = try baseline(suites)
        let userList = users
        let equivalents = EquivalentMutants(testsFolder: layer.root.appendingPathComponent("tests"))

        let files = layer.sources.keys.filter { !$0.hasPrefix("tests/") }.sorted()
        let mutants = files.flatMap { MutantGenerator.mutants(of: layer.sources[$0]!, file: $0) }
        // A mutant that loops runs into a budget sized from the slowest check, not the pack's.
        let slowest = checks.map(\.seconds).max() ?? 0
        let limits = { var l = pack.limits; l.seconds = min(l.seconds > 0 ? l.seconds : .infinity, max(1, 10 * slowest)); return l }()

        let counter = UnitCounter(count: mutants.count)
        let results = Locked<[Int: MutationRun.Result]>([:])
        let snapshots = SnapshotCache()
        let work: @Sendable (Int) -> Void = { _ in
            while let u = counter.take() {
                let result = attempt(mutants[u], source: layer.sources[mutants[u].file]!, chunk: layer.chunkName(mutants[u].file),
                                     users: userList, limits: limits, checks: checks, snapshots: snapshots)
                results.withLock { $0[u] = result }
            }
        }
        WorkerPool.run(helpers: WorkerPool.workers(requested: workers, units: mutants.count) - 1, work, alongside: { work(0) })

        var problems = equivalents.problems
        var ordered = results.withLock { r in mutants.indices.map { r[$0]! } }
        let keys = Set(mutants.map(\.key))
        for entry in equivalents.entries.values.sorted(by: { $0.line < $1.line }) where !keys.contains(entry.mutant) {
            problems.append("\(equivalents.file):\(entry.line): no mutant \(entry.mutant) (the code changed? run ladder test --mutate and copy the line it prints)")
        }
        for i in ordered.indices {
            guard let entry = equivalents.entries[ordered[i].mutant.key] else { continue }
            if ordered[i].status == .survived {
                ordered[i].status = .equivalent
                ordered[i].reason = entry.reason
            } else if let by = ordered[i].killedBy {
                problems.append("\(equivalents.file):\(entry.line): listed as equivalent, but \(by) tells it apart: remove it from the list")
            }
        }
        return MutationRun(pack: pack.name, folder: CompiledPack.display(layer.root), results: ordered, problems: problems)
    }

    /// The cases and pinned verdicts as they are, with the lines each runs. Throws unless all pass.
    private func baseline(_ suites: [PackTestSuite]) throws -> [Check] {
        let run = PackTestRunner(coverage: true, packPath: packPath).run(suites, workers: workers)
        var checks: [Check] = []
        for (s, suiteRun) in run.suites.enumerated() {
            let failed = suiteRun.results.filter { !$0.passed }
            if let first = failed.first { throw MutationError.suiteFails(pack: suiteRun.suite.pack.name, failed: failed.count, first: first.testCase.id) }
            checks += suiteRun.results.map {
                Check(name: $0.testCase.id, kind: .testCase($0.testCase), suite: s, coverage: $0.coverage, seconds: $0.seconds)
            }
        }
        guard golden else { return checks }
        for (s, suite) in suites.enumerated() {
            for (snapshotURL, goldenURL) in try GoldenVerdicts.pinned(in: suite.pack) {
                let started = ContinuousClock.now
                let loaded = try SnapshotLoader().load(contentsOf: snapshotURL)
                let result = try Evaluator(compiled: suite.compiled, options: EvaluationOptions(workers: 1, coverage: true)).run(loaded)
                let verdicts = GoldenVerdicts.render(result.evaluation)
                guard verdicts == (try? String(contentsOf: goldenURL, encoding: .utf8)) else {
                    throw MutationError.pinnedVerdictsDiffer(pack: suite.pack.name, file: goldenURL.relativePath)
                }
                checks.append(Check(name: "the pinned verdicts of \(suite.pack.name) on \(CompiledPack.display(snapshotURL))",
                                    kind: .pinned(loaded, verdicts: verdicts), suite: s, coverage: result.coverage,
                                    seconds: (ContinuousClock.now - started).seconds))
            }
        }
        return checks
    }

    /// Runs the checks that reach the mutant, in order, until one fails.
    private func attempt(_ mutant: Mutant, source: String, chunk: String, users: [User], limits: RuleLimits,
                         checks: [Check], snapshots: SnapshotCache) -> MutationRun.Result {
        var result = MutationRun.Result(mutant: mutant, status: .survived)
        let mutatedSource = mutant.apply(to: source)
        var mutated: [Int: CompiledPack] = [:]
        func compiled(_ s: Int) -> CompiledPack? {
            if let done = mutated[s] { return done }
            let user = users[s]
            let file = RulePack.LayerFile(layer: user.layer, file: mutant.file)
            mutated[s] = try? user.compiled.replacing(file, source: mutatedSource, limits: limits)
            return mutated[s]
        }
        guard compiled(0) != nil else {
            result.status = .stillborn
            return result
        }
        let reaching = checks.filter { check in
            mutant.functionLines.map { !(check.coverage[chunk] ?? []).isDisjoint(with: $0) } ?? true
        }
        result.unreached = reaching.isEmpty
        let deadline = ContinuousClock.now + .seconds(max(5, 10 * reaching.map(\.seconds).reduce(0, +)))
        let runner = PackTestRunner(packPath: packPath)
        for check in reaching {
            guard let pack = compiled(check.suite) else { continue }
            let killed: Bool
            switch check.kind {
            case .testCase(let c):
                killed = !runner.run(c, compiled: pack, snapshots: snapshots).passed
            case .pinned(let loaded, let verdicts):
                let evaluation = try? Evaluator(compiled: pack, options: EvaluationOptions(workers: 1)).evaluate(loaded)
                killed = evaluation.map(GoldenVerdicts.render) != verdicts
            }
            if killed {
                result.status = .killed
                result.killedBy = check.name
                return result
            }
            if ContinuousClock.now > deadline {
                result.status = .timedOut
                return result
            }
        }
        return result
    }
}

/// What mutation testing found for one pack.
public struct MutationRun: Sendable {
    public struct Result: Sendable {
        public enum Status: String, Sendable {
            case killed
            /// Ran past its time budget: counted as told apart, as an endless loop would be.
            case timedOut = "timed out"
            case survived
            /// Listed in `tests/equivalent-mutants.yaml`, and no case tells it apart.
            case equivalent
            /// Does not compile: not counted.
            case stillborn = "does not compile"
        }
        public var mutant: Mutant
        public var status: Status
        /// The case (`core/x.yaml: name`) or pinned verdicts that told it apart.
        public var killedBy: String? = nil
        /// Why it is equivalent, as its list says.
        public var reason: String? = nil
        /// No case runs the function it changes.
        public var unreached = false
    }

    public var pack: String
    /// The pack's folder as given (`rules/core`).
    public var folder: String
    /// In file, line and column order.
    public var results: [Result]
    /// Problems with `tests/equivalent-mutants.yaml`.
    public var problems: [String]

    public func count(_ status: Result.Status) -> Int { results.filter { $0.status == status }.count }
    /// Mutants that count: all but equivalent ones and those that do not compile.
    public var counted: Int { count(.killed) + count(.timedOut) + count(.survived) }
    /// Percentage of counted mutants told apart; 100 when none count.
    public var score: Double { counted == 0 ? 100 : Double(count(.killed) + count(.timedOut)) * 100 / Double(counted) }
    public var survivors: [Result] { results.filter { $0.status == .survived } }
}

public enum MutationError: Error, CustomStringConvertible {
    case suiteFails(pack: String, failed: Int, first: String)
    case pinnedVerdictsDiffer(pack: String, file: String)

    public var description: String {
        switch self {
        case .suiteFails(let pack, let failed, let first):
            "\(pack): \(failed) case\(failed == 1 ? "" : "s") fail as the pack is (first: \(first)); mutation testing needs a passing suite"
        case .pinnedVerdictsDiffer(let pack, let file):
            "\(pack): the pinned verdicts in \(file) differ from the pack's; run ladder test --golden first"
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
