import Foundation
import Yams

/// `tests/equivalent-mutants.yaml`: mutants the pack's authors judged unable to change any
/// verdict, each with why. They leave the score; one that a case kills after all, or that no
/// longer exists, is a problem, so the list never goes stale silently.
///
///     equivalent:
///       - mutant: "lib/dates.lua:27:14: 'age >= 0' -> 'age > 0'"
///         reason: "an age below 0 is a date after as_of, which the snapshot format refuses"
public struct EquivalentMutants: Sendable {
    public static let fileName = "equivalent-mutants.yaml"

    public struct Entry: Sendable {
        public var mutant: String
        public var reason: String
        public var line: Int
    }

    /// By mutant key.
    public var entries: [String: Entry] = [:]
    /// `file:line: message` for what cannot be read.
    public var problems: [String] = []
    /// The file as given, for messages.
    public var file: String

    /// Reads the file in `testsFolder`; no file is an empty list.
    public init(testsFolder: URL) {
        let url = testsFolder.appendingPathComponent(Self.fileName)
        file = url.relativePath
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            problems.append("\(file): not YAML: \(error)")
            return
        }
        guard let root else { return }
        guard let list = root.mapping?["equivalent"]?.sequence, root.mapping?.count == 1 else {
            problems.append("\(file):\(root.mark?.line ?? 1): expected equivalent: [a list of {mutant: ..., reason: ...}]")
            return
        }
        for item in list {
            let line = item.mark?.line ?? 0
            guard let map = item.mapping, let mutant = map["mutant"]?.string, let reason = map["reason"]?.string else {
                problems.append("\(file):\(line): each entry needs mutant: (as ladder test --mutate prints it) and reason:")
                continue
            }
            if let unknown = map.keys.compactMap(\.string).first(where: { !["mutant", "reason"].contains($0) }) {
                problems.append("\(file):\(line): unknown key \"\(unknown)\" (an entry has mutant: and reason:)")
            }
            if reason.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append("\(file):\(line): the reason is empty: say why no snapshot can tell this mutant apart")
            }
            if entries[mutant] != nil { problems.append("\(file):\(line): \(mutant) is listed twice") }
            entries[mutant] = Entry(mutant: mutant, reason: reason, line: line)
        }
    }
}
