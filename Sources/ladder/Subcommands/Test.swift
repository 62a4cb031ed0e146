import ArgumentParser
import Foundation
import Ladder

struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the test cases of rule packs, and check their pinned verdicts.",
        discussion: """
            Examples:
              ladder test rules/core
              ladder test rules --run 'promotion' --junit test-results.xml
              ladder test rules/core --coverage --coverage-threshold 90
              ladder test rules/core --golden           # compare pinned verdicts
              ladder test rules/core --golden --update  # rewrite them, list changes
              ladder test rules/core --golden --mutate  # how strong are the tests?
              ladder test rules/clients/acme --mutate --mutate-threshold 90

            Cases live in each pack's tests/*.yaml (docs/pack-tests.md). The exit
            code is 0 when everything passed; 1 when a case failed, coverage fell
            below the threshold or a pinned verdict changed; 2 for a test file or
            pack that cannot be used; 64 for a usage error. With CI set in the
            environment, --update fails when it changed anything, so a changed
            verdict never passes CI silently.

            --mutate changes the pack's own Lua one place at a time (a comparison
            flipped, a boundary moved, a condition negated, a branch dropped, an
            operator swapped), in memory, and runs the cases (and with --golden the
            pinned verdicts) against each change. Every change no case notices is
            printed as file:line:col: mutant survived: 'before' -> 'after'.
            Mutants no data can tell apart go in tests/equivalent-mutants.yaml with
            a reason. The exit code is 1 when the score is below --mutate-threshold.
            """
    )

    @Argument(help: ArgumentHelp("Pack folders, or folders of packs (default: rules).", valueName: "pack-or-folder"))
    var paths: [String] = []

    @OptionGroup var search: PackSearch

    @Option(name: .customLong("run"), help: ArgumentHelp("Run only the cases whose id (pack/file: name) matches this regular expression.", valueName: "regex"))
    var pattern: String?

    @Flag(name: .long, help: "Fail when no case runs.")
    var failOnEmpty = false

    @Option(name: .long, help: ArgumentHelp("Also write the results as JUnit XML to this file.", valueName: "file"))
    var junit: String?

    @Flag(name: .long, help: "Report which lines of each rule file the cases ran.")
    var coverage = false

    @Option(name: .long, help: ArgumentHelp("Fail when coverage is below this percentage (implies --coverage).", valueName: "pct"))
    var coverageThreshold: Double?

    @Flag(name: .long, help: "Compare each pack's verdicts on its pinned snapshots with tests/golden/.")
    var golden = false

    @Flag(name: .long, help: "With --golden: rewrite the golden files and list what changed.")
    var update = false

    @Flag(name: .customLong("mutate"), help: "Then mutate each pack's own Lua and report the changes no case notices.")
    var mutateFlag = false

    @Option(name: .long, help: ArgumentHelp("Fail when a pack's mutation score is below this percentage (implies --mutate).", valueName: "pct"))
    var mutateThreshold: Double?

    @Option(name: .long, help: ArgumentHelp("Also write the mutation results as JSON to this file (implies --mutate).", valueName: "file"))
    var mutateJSON: String?

    @Flag(name: .shortAndLong, help: "List passing cases too (with --mutate: every mutant).")
    var verbose = false

    func validate() throws {
        if update && !golden { throw ValidationError("--update goes with --golden") }
        if let coverageThreshold, !(0...100).contains(coverageThreshold) { throw ValidationError("--coverage-threshold takes a percentage from 0 to 100") }
        if let pattern, (try? Regex(pattern)) == nil { throw ValidationError("--run: \"\(pattern)\" is not a regular expression") }
        if let mutateThreshold, !(0...100).contains(mutateThreshold) { throw ValidationError("--mutate-threshold takes a percentage from 0 to 100") }
        if mutating && pattern != nil { throw ValidationError("--mutate runs every case of a pack; leave out --run") }
        if mutating && update { throw ValidationError("--mutate needs the pinned verdicts as they are; run --update on its own first") }
    }

    private var mutating: Bool { mutateFlag || mutateThreshold != nil || mutateJSON != nil }

    func run() throws {
        let roots = (paths.isEmpty ? ["rules"] : paths).map { URL(fileURLWithPath: $0) }
        let runner = PackTestRunner(coverage: coverage || coverageThreshold != nil, packPath: search.urls)
        let suites = try runner.discover(roots)
        // A rule file that does not compile or declare would fail every case that names it:
        // say so once, with its line, and run nothing.
        let broken = try suites.flatMap { try $0.loadProblems() }
        if !broken.isEmpty {
            print(broken.map { "PACK ERROR \($0)" }.joined(separator: "\n"))
            throw CommandFailure.brokenPacks(broken.count)
        }

        let filter = try pattern.map { try Regex($0) }
        let result = runner.run(suites, only: filter)
        FileHandle.standardOutput.write(Data(PackTestReport.text(result, verbose: verbose).utf8))
        if let junit { try OutputFile.write(JUnitReport.xml(result), to: junit) }
        // Pinned verdicts after the cases, so a changed verdict never hides a failing case.
        if golden { try checkGoldens(suites) }
        if !result.problems.isEmpty { throw CommandFailure.testFileProblems(result.problems.count) }
        if failOnEmpty && result.cases == 0 { throw CommandFailure.noCaseRan }
        if result.failed > 0 { throw ExitStatus.ruleFailures }
        if let coverageThreshold {
            for suite in result.suites {
                if let c = suite.coverage, c.percent < coverageThreshold {
                    throw CommandFailure.coverageBelowThreshold(pack: suite.suite.pack.manifest.name, percent: c.percent, threshold: coverageThreshold)
                }
            }
        }
        if mutating { try mutateSuites(suites) }
    }

    /// Mutation testing of each pack's own Lua, once its cases and pinned verdicts pass.
    private func mutateSuites(_ suites: [PackTestSuite]) throws {
        let tester = MutationTester(golden: golden, packPath: search.urls)
        let runs = try suites.map { try tester.run($0, alongside: suites) }
        FileHandle.standardOutput.write(Data(MutationReport.text(runs, verbose: verbose).utf8))
        if let mutateJSON { try OutputFile.write(MutationReport.json(runs, threshold: mutateThreshold), to: mutateJSON) }
        let problems = runs.flatMap(\.problems).count
        if problems > 0 { throw CommandFailure.testFileProblems(problems) }
        if let mutateThreshold, let weak = runs.first(where: { $0.score < mutateThreshold }) {
            throw CommandFailure.mutationScoreBelowThreshold(pack: weak.pack, score: weak.score, threshold: mutateThreshold)
        }
    }

    /// Compares (or with --update rewrites) every pinned snapshot's verdicts.
    private func checkGoldens(_ suites: [PackTestSuite]) throws {
        var changed = 0
        for suite in suites {
            for (snapshotURL, goldenURL) in try GoldenVerdicts.pinned(in: suite.pack) {
                let loaded = try SnapshotLoader().load(contentsOf: snapshotURL)
                let evaluation = try Evaluator(compiled: suite.compiled).evaluate(loaded)
                let fresh = GoldenVerdicts.render(evaluation)
                let old = try? String(contentsOf: goldenURL, encoding: .utf8)
                guard old != fresh else { continue }
                changed += 1
                let changes = old.map { GoldenVerdicts.changes(from: $0, to: fresh) } ?? ["new golden file"]
                print("\(update ? "UPDATED" : "CHANGED") \(CompiledPack.display(goldenURL)) (\(suite.pack.manifest.name) on \(CompiledPack.display(snapshotURL)))")
                for line in changes.prefix(40) { print("  \(line)") }
                if changes.count > 40 { print("  … \(changes.count - 40) more") }
                if update { try OutputFile.write(fresh, to: goldenURL.path) }
            }
        }
        guard changed > 0 else { return }
        if !update {
            let packs = (paths.isEmpty ? ["rules"] : paths).joined(separator: " ")
            throw CommandFailure.pinnedVerdictsChanged(files: changed, hint: "\(changed) pinned verdict file\(changed == 1 ? "" : "s") changed; if the change is intended, run ladder test \(packs) --golden --update, review the changes and commit")
        }
        if ProcessInfo.processInfo.environment["CI"] != nil {
            throw CommandFailure.pinnedVerdictsChanged(files: changed, hint: "--update changed \(changed) golden file\(changed == 1 ? "" : "s") in CI: update them locally, review and commit")
        }
    }
}
