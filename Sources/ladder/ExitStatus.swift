import ArgumentParser
import Foundation
import Ladder

/// Exit codes, as `ladder --help` documents them: the one place an error becomes a code.
enum ExitStatus {
    static let ruleFailures = ExitCode(1)
    static let invalidInput = ExitCode(2)
    static let usage = ExitCode.validationFailure
    static let cannotWrite = ExitCode(74)
    /// `ladder plan`: the candidate changes at least one verdict.
    static let changesPlanned = ExitCode(3)

    /// The code for an error of Ladder's; nil leaves it to ArgumentParser (help, usage, `ExitCode`).
    static func code(for error: any Error) -> ExitCode? {
        switch error {
        case is SnapshotError, is ImportError, is ImportProblem:
            return invalidInput
        case let error as LadderError:
            switch error {
            case .unreadableFile, .invalidPack, .unreadableReport: return invalidInput
            case .invalidParameter, .unknownParameter, .unknownRule, .unknownSubject: return usage
            }
        case is MutationError:
            return ruleFailures
        case let error as HistoryError:
            switch error {
            case .noRun, .noSnapshot: return usage
            case .noHistory, .corrupt, .snapshotMismatch, .packChanged: return invalidInput
            }
        case is OutputError:
            return cannotWrite
        case let failure as CommandFailure:
            switch failure {
            case .ruleFailures, .noCaseRan, .coverageBelowThreshold, .pinnedVerdictsChanged, .mutationScoreBelowThreshold: return ruleFailures
            case .testFileProblems, .brokenPacks: return invalidInput
            }
        default:
            return nil
        }
    }
}

/// A command that ran to the end but must not exit 0.
enum CommandFailure: Error, CustomStringConvertible {
    case ruleFailures(Int)
    case testFileProblems(Int)
    case brokenPacks(Int)
    case noCaseRan
    case coverageBelowThreshold(pack: String, percent: Double, threshold: Double)
    case pinnedVerdictsChanged(files: Int, hint: String)
    case mutationScoreBelowThreshold(pack: String, score: Double, threshold: Double)

    var description: String {
        switch self {
        case .ruleFailures(let n): "\(n) rule failure\(n == 1 ? "" : "s"); see the report"
        case .testFileProblems(let n): "\(n) problem\(n == 1 ? "" : "s") in test files; see above"
        case .brokenPacks(let n): "\(n) problem\(n == 1 ? "" : "s") in rule files; nothing was run (see above, or ladder check)"
        case .noCaseRan: "no test case ran"
        case .coverageBelowThreshold(let pack, let percent, let threshold):
            "coverage of \(pack) is \(String(format: "%.1f", percent))%, below \(threshold)%"
        case .pinnedVerdictsChanged(_, let hint): hint
        case .mutationScoreBelowThreshold(let pack, let score, let threshold):
            "the mutation score of \(pack) is \(String(format: "%.1f", score))%, below \(threshold)%: add cases for the survivors listed above"

        }
    }
}

/// An output file that could not be written.
struct OutputError: Error, CustomStringConvertible {
    let file: String
    let reason: String
    var description: String { "cannot write \(file): \(reason)" }
}
