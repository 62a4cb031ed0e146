import LadderModel
import LuaBridge

/// What rules wrote with `print` or `ctx.log`, for their authors (`ladder evaluate --trace`).
/// It never reaches a report, and it is bounded: past its limits lines are counted, not kept.
struct TraceBuffer {
    static let maxLines = 2_000
    static let maxLineBytes = 500

    /// With each line, where it stands in its rule's run, to merge workers' lines in a fixed order.
    private(set) var lines: [(line: TraceLine, ordinal: Int, sequence: Int)] = []
    private(set) var dropped = 0

    mutating func append(rule: String, subject: String, ordinal: Int, text: String) {
        guard lines.count < Self.maxLines else { dropped += 1; return }
        var text = text
        if text.utf8.count > Self.maxLineBytes {
            text = String(decoding: text.utf8.prefix(Self.maxLineBytes), as: UTF8.self) + " … (cut)"
        }
        lines.append((TraceLine(rule: rule, subject: subject, text: text), ordinal, lines.count))
    }

    /// Where the buffer stands, to take back what a run appended after it (a run made again).
    var mark: (lines: Int, dropped: Int) { (lines.count, dropped) }

    mutating func takeBack(to mark: (lines: Int, dropped: Int)) {
        lines.removeSubrange(mark.lines...)
        dropped = mark.dropped
    }

    /// A value as `print` shows it: text as it is, numbers as Lua writes them, tables spelled out.
    static func text(_ value: LuaValue, nested: Bool, depth: Int = 0) -> String {
        switch value {
        case .nil: return "nil"
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .number(let x): return x.isFinite && x == x.rounded() && abs(x) < 1e15 ? "\(Int(x)).0" : "\(x)"
        case .string(let s): return nested ? FieldValue.quote(s) : s
        case .reference(let ref): return ref.typeName
        case .array(let items):
            guard depth < 3 else { return "{…}" }
            return "{" + items.map { text($0, nested: true, depth: depth + 1) }.joined(separator: ", ") + "}"
        case .table(let fields):
            guard depth < 3 else { return "{…}" }
            return "{" + fields.keys.sorted().map { "\($0) = \(text(fields[$0]!, nested: true, depth: depth + 1))" }.joined(separator: ", ") + "}"
        }
    }
}

/// One `print` or `ctx.log` call.
public struct TraceLine: Sendable, Equatable {
    /// The rule, or the file whose top level printed.
    public var rule: String
    /// The subject's id; empty at a file's top level.
    public var subject: String
    public var text: String

    public init(rule: String, subject: String, text: String) {
        self.rule = rule
        self.subject = subject
        self.text = text
    }
}
