/// A small change to one Lua file of a pack — a comparison flipped, a boundary moved, a branch
/// dropped — that the pack's tests should notice (`ladder test --mutate`, docs/pack-tests.md).
public struct Mutant: Sendable, Hashable {
    public enum Operator: String, Sendable, Codable, CaseIterable {
        /// `<` ↔ `<=`, `>` ↔ `>=`, `==` ↔ `~=`.
        case relational
        /// A number compared against moved by one step of its last digit: `3` → `2`, `4`; `0.25` → `0.24`, `0.26`.
        case boundary
        /// `and` ↔ `or`.
        case logical
        /// `if c then` → `if not (c) then` (also `elseif`, `while`).
        case negate
        /// The body of an `if`, `elseif` or `else` branch removed.
        case dropBranch = "drop-branch"
        /// `+` ↔ `-`, `*` ↔ `/`, `//` → `/`.
        case arithmetic
    }

    /// The file, relative to its pack's folder (`lib/dates.lua`).
    public var file: String
    public var line: Int
    public var column: Int
    public var op: Operator
    /// The code around the change, before and after it: `age >= 0` → `age > 0`.
    public var before: String
    public var after: String
    /// The UTF-8 range of the source replaced, and its replacement.
    var range: Range<Int>
    var replacement: String
    /// The lines of the innermost function holding the change: a case that runs none of them
    /// cannot see it. Nil at a file's top level, which every case runs.
    var functionLines: Set<Int>?

    /// How the mutant is named in output and in `tests/equivalent-mutants.yaml`:
    /// `lib/dates.lua:27:14: 'age >= 0' -> 'age > 0'`.
    public var key: String { "\(file):\(line):\(column): '\(before)' -> '\(after)'" }

    /// The source with this change made.
    func apply(to source: String) -> String {
        var bytes = Array(source.utf8)
        bytes.replaceSubrange(range, with: Array(replacement.utf8))
        return String(decoding: bytes, as: UTF8.self)
    }
}
