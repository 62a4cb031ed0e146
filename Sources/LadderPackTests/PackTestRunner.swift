import Foundation
import LadderEngine
import LadderModel
import LadderPacks
import LadderSnapshots

/// Finds and runs the test cases of rule packs (docs/pack-tests.md). Used by `ladder test`
/// and by the package's own Swift tests, so both see the same cases and the same failures.
public struct PackTestRunner: Sendable {
    /// Record which lines of each pack file the cases run.
    public var coverage: Bool
    /// Folders holding packs that `extends:` may name.
    public var packPath: [URL]

    public init(coverage: Bool = false, packPath: [URL] = []) {
        self.coverage = coverage
        self.packPath = packPath
    }

    /// The packs at or below `paths` (folders holding `pack.yaml`), with their cases.
    /// - Throws: ``LadderError`` for a path that does not exist or a pack that does not load.
    public func discover(_ paths: [URL]) throws -> [PackTestSuite] {
        var roots: [URL] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isFolder), isFolder.boolValue else {
                throw LadderError.unreadableFile(path.relativePath, reason: "not a folder (give a pack folder, or a folder of packs)")
            }
            roots += Self.packFolders(under: path)
        }
        return try roots.map { try suite(for: $0) }
    }

    /// Pack folders at or below `url`, sorted.
    static func packFolders(under url: URL) -> [URL] {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent(RulePack.manifestName).path) { return [url] }
        let children = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return children.sorted().filter { !$0.hasPrefix(".") }.flatMap { name -> [URL] in
            let child = url.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: child.path, isDirectory: &isFolder), isFolder.boolValue else { return [] }
            return packFolders(under: child)
        }
    }

    /// One pack folder with the cases of its `tests/`.
    public func suite(for root: URL) throws -> PackTestSuite {
        suite(for: CompiledPack(try RulePack.load(from: root, packPath: packPath)))
    }

    /// A pack already read and compiled, with the cases of its `tests/`.
    public func suite(for compiled: CompiledPack) -> PackTestSuite {
        let pack = compiled.pack
        let testsFolder = pack.root.appendingPathComponent("tests")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: testsFolder.path)) ?? [])
            .filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && $0 != EquivalentMutants.fileName }.sorted()
        var cases: [PackTestCase] = []
        var problems: [String] = []
        for name in files {
            let url = testsFolder.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                problems.append("\(url.relativePath): cannot read")
                continue
            }
            var reader = PackTestFileReader(pack: pack.name, file: url.relativePath, parameters: pack.parameters.map(\.parameter))
            cases += reader.read(text)
            problems += reader.problems
        }
        return PackTestSuite(compiled: compiled, cases: cases, problems: problems)
    }

    /// Runs the cases on the worker pool, one case a unit, and reports them in order; `only`
    /// keeps the cases whose id matches. Each suite's pack is compiled once for all its cases.
    public func run(_ suites: [PackTestSuite], only: Regex<AnyRegexOutput>? = nil, workers: Int? = nil) -> PackTestRun {
        let selected = suites.map { $0.cases.filter { c in only.map { (try? $0.firstMatch(in: c.id)) != nil } ?? true } }
        let units = selected.enumerated().flatMap { s, cases in cases.indices.map { (suite: s, index: $0) } }
        let counter = UnitCounter(count: units.count)
        let results = Locked<[Int: CaseResult]>([:])
        let snapshots = SnapshotCache()
        let work: @Sendable (Int) -> Void = { _ in
            while let u = counter.take() {
                let (s, i) = units[u]
                let result = run(selected[s][i], compiled: suites[s].compiled, snapshots: snapshots)
                results.withLock { $0[u] = result }
            }
        }
        WorkerPool.run(helpers: WorkerPool.workers(requested: workers, units: units.count) - 1, work, alongside: { work(0) })
        let all = results.withLock { r in units.indices.map { r[$0]! } }
        // A line counts as covered when any case of the run ran it: core's helper that only a
        // client's cases use is still tested when both run.
        let covered = all.reduce(into: [String: Set<Int>]()) { lines, result in lines.merge(result.coverage) { $0.union($1) } }
        var runs: [PackTestRun.SuiteRun] = []
        var offset = 0
        for (s, suite) in suites.enumerated() {
            let ordered = Array(all[offset..<offset + selected[s].count])
            offset += selected[s].count
            runs.append(.init(suite: suite, results: ordered, coverage: coverage ? CoverageReport(compiled: suite.compiled, covered: covered) : nil))
        }
        return PackTestRun(suites: runs)
    }

    /// Runs one case: its snapshot, its parameters, only the rules and subjects it names.
    public func run(_ testCase: PackTestCase, compiled: CompiledPack) -> CaseResult {
        run(testCase, compiled: compiled, snapshots: SnapshotCache())
    }

    func run(_ testCase: PackTestCase, compiled: CompiledPack, snapshots: SnapshotCache) -> CaseResult {
        let started = ContinuousClock.now
        func finish(_ status: CaseResult.Status, _ mismatches: [Mismatch] = [], coverage: [String: Set<Int>] = [:]) -> CaseResult {
            let elapsed = ContinuousClock.now - started
            return CaseResult(testCase: testCase, status: status, mismatches: mismatches, coverage: coverage,
                              seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        if !testCase.problems.isEmpty { return finish(.error("the case has problems: " + testCase.problems.joined(separator: "; "))) }
        let loaded: LoadedSnapshot
        do { loaded = try snapshots.load(testCase) } catch {
            return finish(.error("snapshot: \(error)"))
        }
        let rules = Array(Set(testCase.expectations.map(\.rule))).sorted()
        let subjects = Array(Set(testCase.expectations.map(\.subject))).sorted()
        let run: EvaluationRun
        do {
            let options = EvaluationOptions(parameters: testCase.parameters, rules: rules, subjects: subjects, workers: 1, coverage: coverage)
            run = try Evaluator(compiled: compiled, options: options).run(loaded)
        } catch {
            return finish(.error("\(error)"))
        }
        let mismatches = testCase.expectations.flatMap { $0.mismatches(in: run) }
        return finish(mismatches.isEmpty ? .passed : .failed, mismatches, coverage: run.coverage)
    }
}

/// A pack and its cases, with any problems found reading its test files.
public struct PackTestSuite: Sendable {
    public var compiled: CompiledPack
    public var cases: [PackTestCase]
    public var problems: [String]
    public var pack: RulePack { compiled.pack }

    public init(pack: RulePack, cases: [PackTestCase], problems: [String]) {
        self.init(compiled: CompiledPack(pack), cases: cases, problems: problems)
    }

    /// Rule files and helpers that do not compile or declare, and `disable:`/`replace:`
    /// entries that do not fit, as `file:line: message`: each would fail every case naming it.
    /// - Throws: ``LuaError`` when no Lua state can be had.
    public func loadProblems() throws -> [String] {
        let declared = try compiled.declarations()
        return declared.failures.map { "\($0.location ?? $0.file): \($0.message)" } + declared.problems
    }

    public init(compiled: CompiledPack, cases: [PackTestCase], problems: [String]) {
        self.compiled = compiled
        self.cases = cases
        self.problems = problems
    }
}

/// How one case went.
public struct CaseResult: Sendable {
    public enum Status: Sendable, Equatable {
        case passed
        case failed
        /// The case could not run (its snapshot is refused, an override does not fit, ...).
        case error(String)
    }

    public var testCase: PackTestCase
    public var status: Status
    public var mismatches: [Mismatch]
    public var coverage: [String: Set<Int>]
    public var seconds: Double

    public var passed: Bool { status == .passed }
}

/// Everything a `ladder test` run found.
public struct PackTestRun: Sendable {
    public struct SuiteRun: Sendable {
        public var suite: PackTestSuite
        public var results: [CaseResult]
        public var coverage: CoverageReport?
    }

    public var suites: [SuiteRun]

    public var cases: Int { suites.reduce(0) { $0 + $1.results.count } }
    public var failed: Int { suites.reduce(0) { $0 + $1.results.filter { !$0.passed }.count } }
    public var problems: [String] { suites.flatMap(\.suite.problems) }
}

/// Snapshots of a run, parsed once per file and shared by the cases that use them.
final class SnapshotCache: Sendable {
    private let documents = Locked<[String: JSONValue]>([:])

    func load(_ c: PackTestCase) throws -> LoadedSnapshot {
        var document: JSONValue
        switch c.snapshot.base {
        case .inline(let value):
            document = value
        case .file(let path):
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path)
                : URL(fileURLWithPath: c.file).deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL
            if let cached = documents.withLock({ $0[url.path] }) {
                document = cached
            } else {
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    throw LadderError.unreadableFile(url.relativePath, reason: "the case's snapshot does not exist (paths are relative to the test file)")
                }
                document = try JSONParser().decode(data)
                documents.withLock { $0[url.path] = document }
            }
        }
        for fragment in c.snapshot.merges { document = SnapshotMerge.apply(fragment, to: document) }
        document = try SnapshotMerge.remove(c.snapshot.removals, from: document)
        return try SnapshotLoader().load(document: document, sha256: "test case \(c.id)")
    }
}
