import LadderModel


/// `ladder test` output: a line per failing case with each expectation side by side with what
/// the rule produced, then the totals (and coverage when recorded).
public enum PackTestReport {
    public static func text(_ run: PackTestRun, verbose: Bool = false) -> String {
        var out: [String] = []
        for problem in run.problems { out.append("PROBLEM \(problem)") }
        for suiteRun in run.suites {
            for r in suiteRun.results {
                let place = "\(r.testCase.file):\(r.testCase.line)"
                switch r.status {
                case .passed:
                    if verbose { out.append("ok    \(r.testCase.id)") }
                case .error(let message):
                    out.append("ERROR \(r.testCase.id)")
                    out.append("      \(place): \(message)")
                case .failed:
                    out.append("FAIL  \(r.testCase.id)")
                    out.append("      \(place)")
                    for m in r.mismatches {
                        out.append("      \(m.rule) for \(m.subject), \(m.field) (\(r.testCase.file):\(m.line)):")
                        out.append("        expected: \(m.expected)")
                        out.append("        actual:   \(m.actual)")
                        if let at = m.location ?? m.ruleFile { out.append("        rule:     \(at)") }
                    }
                }
            }
            if let coverage = suiteRun.coverage {
                out.append("coverage of \(suiteRun.suite.pack.manifest.name): \(coverage.percent.formatted(1))%")
                for f in coverage.files {
                    guard f.compiles else {
                        out.append("  \(f.file): does not compile, nothing covered")
                        continue
                    }
                    let uncovered = f.uncovered
                    out.append("  \(f.file): \(f.percent.formatted(1))% of \(f.codeLines.count) lines"
                               + (uncovered.isEmpty ? "" : "; not run: \(CoverageReport.ranges(uncovered))"))
                }
            }
        }
        let passed = run.cases - run.failed
        out.append("\(passed) passed, \(run.failed) failed")
        return out.joined(separator: "\n") + "\n"
    }
}

/// JUnit XML for CI systems: one test suite per test file, one test case per case.
public enum JUnitReport {
    public static func xml(_ run: PackTestRun) -> String {
        var out = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        let all = run.suites.flatMap(\.results)
        out.append("<testsuites name=\"ladder\" tests=\"\(all.count)\" failures=\"\(count(all, failed: true))\" errors=\"\(count(all, failed: false))\" time=\"\(seconds(all))\">")
        for suiteRun in run.suites {
            let files = Dictionary(grouping: suiteRun.results, by: \.testCase.file)
            for file in files.keys.sorted() {
                let results = files[file]!
                out.append("  <testsuite name=\"\(escape(file))\" tests=\"\(results.count)\" failures=\"\(count(results, failed: true))\" errors=\"\(count(results, failed: false))\" time=\"\(seconds(results))\">")
                for r in results {
                    let open = "    <testcase classname=\"\(escape(suiteRun.suite.pack.manifest.name + "." + (file.split(separator: "/").last.map(String.init) ?? file)))\" name=\"\(escape(r.testCase.name))\" file=\"\(escape(file))\" line=\"\(r.testCase.line)\" time=\"\(r.seconds.formatted(3))\""
                    switch r.status {
                    case .passed:
                        out.append(open + "/>")
                    case .failed:
                        out.append(open + ">")
                        let message = r.mismatches.first.map { "\($0.rule) \($0.subject) \($0.field): expected \($0.expected), got \($0.actual)" } ?? "failed"
                        out.append("      <failure message=\"\(escape(message))\" type=\"mismatch\">\(escape(r.mismatches.map(\.description).joined(separator: "\n")))</failure>")
                        out.append("    </testcase>")
                    case .error(let message):
                        out.append(open + ">")
                        out.append("      <error message=\"\(escape(message))\" type=\"error\"/>")
                        out.append("    </testcase>")
                    }
                }
                out.append("  </testsuite>")
            }
        }
        out.append("</testsuites>")
        return out.joined(separator: "\n") + "\n"
    }

    private static func count(_ results: [CaseResult], failed: Bool) -> Int {
        results.filter { failed ? $0.status == .failed : { if case .error = $0.status { true } else { false } }($0) }.count
    }

    private static func seconds(_ results: [CaseResult]) -> String { results.reduce(0) { $0 + $1.seconds }.formatted(3) }

    private static func escape(_ s: String) -> String { Markup.escape(s) }
}
