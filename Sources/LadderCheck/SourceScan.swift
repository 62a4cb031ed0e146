import LadderModel
import LadderPacks

/// Reads a rule or helper file for names it uses that nothing defines: `ctx.params.x` that no
/// layer declares, `ctx.index.x`, `ctx.snapshot.x` or `ctx.x` that do not exist, and fields
/// of records that the snapshot format does not define — where they can be seen without
/// running: a rule's subject, a loop variable over a collection or an index, a record taken
/// from an index by id.
struct SourceScan {
    /// What the names are checked against.
    struct Names {
        var parameters: [String]
        var contextFields: [String]
        var snapshotFields: [String]
        var indexes: [String: String]
        var collections: [String: String]
    }

    let file: String
    let names: Names
    /// The record kind of a rule's subject (`person`, `team`), when the file declares rules of one kind.
    let subjectKind: String?
    private(set) var findings: [CheckFinding] = []

    private var tokens: [LuaLexer.Token] = []
    /// Variables standing for `ctx`, `ctx.params`, `require("ladder")` and records of a kind.
    private var contexts: Set<String> = ["ctx"]
    private var paramTables: Set<String> = []
    private var ladderModules: Set<String> = []
    private var records: [String: String] = [:]

    init(file: String, names: Names, subjectKind: String?) {
        self.file = file
        self.names = names
        self.subjectKind = subjectKind
    }

    mutating func scan(_ source: String) {
        tokens = LuaLexer.tokens(source)
        findVariables()
        for i in tokens.indices where isName(i) && !isFieldOf(i) {
            let name = tokens[i].text
            if contexts.contains(name) { checkContext(at: i) }
            if paramTables.contains(name), let field = field(after: i) { checkParameter(field) }
            if ladderModules.contains(name), let member = field(after: i) {
                if member.text == "params", let p = field(after: i + 2) { checkParameter(p) }
                if member.text == "index", let x = field(after: i + 2) { checkIndex(x) }
                if member.text == "snapshot", let x = field(after: i + 2) { checkSnapshot(x) }
            }
            if let kind = records[name], let field = field(after: i), !isCall(after: i + 2) { checkField(field, of: kind, variable: name) }
        }
    }

    // MARK: - What the variables stand for

    private mutating func findVariables() {
        for i in tokens.indices {
            // evaluate = function(subject, ctx)
            if text(i) == "evaluate", text(i + 1) == "=", text(i + 2) == "function", text(i + 3) == "(" {
                if isName(i + 4), let kind = subjectKind { records[tokens[i + 4].text] = kind }
                if text(i + 5) == ",", isName(i + 6) { contexts.insert(tokens[i + 6].text) }
            }
            // local a, b = x, y (on one line): pair names with expressions
            if text(i) == "local", isName(i + 1) {
                var targets: [String] = []
                var j = i + 1
                while isName(j) { targets.append(tokens[j].text); j += text(j + 1) == "," ? 2 : 1 }
                guard text(j) == "=" else { continue }
                var expressions: [Range<Int>] = []
                var start = j + 1, depth = 0, k = j + 1
                while k < tokens.count, tokens[k].line == tokens[j].line {
                    if ["(", "{", "["].contains(text(k)) { depth += 1 }
                    if [")", "}", "]"].contains(text(k)) { depth -= 1 }
                    if text(k) == ",", depth == 0 { expressions.append(start..<k); start = k + 1 }
                    k += 1
                }
                expressions.append(start..<k)
                for (target, expression) in zip(targets, expressions) { classify(target, expression) }
            }
            // for _, x in ipairs(expression) / pairs(expression)
            if text(i) == "for", isName(i + 1) {
                var j = i + 1
                var loopNames: [String] = []
                while isName(j) { loopNames.append(tokens[j].text); j += text(j + 1) == "," ? 2 : 1 }
                guard text(j) == "in", let value = loopNames.last, loopNames.count == 2 else { continue }
                var end = j + 1
                while end < tokens.count, text(end) != "do" { end += 1 }
                if let kind = kind(of: (j + 1)..<end) { records[value] = kind }
            }
        }
    }

    /// `x = ctx.params`, `x = require("ladder")`, `x = ctx.index.people_by_id[...]`, …
    private mutating func classify(_ target: String, _ range: Range<Int>) {
        let words = range.map { text($0) }
        if words == ["require", "(", "ladder", ")"] || words == ["require", "ladder"] { ladderModules.insert(target) }
        if words.count == 3, contexts.contains(words[0]), words[1] == ".", words[2] == "params" { paramTables.insert(target) }
        if words.count == 3, ladderModules.contains(words[0]), words[1] == ".", words[2] == "params" { paramTables.insert(target) }
        // a record by id: x = ctx.index.<by_id>[...]
        if let bracket = words.firstIndex(of: "["), words.last == "]", let kind = kind(of: range.lowerBound..<(range.lowerBound + bracket)),
           words[..<bracket].last.map({ $0.hasSuffix("_by_id") || $0.hasSuffix("_by_name") }) == true {
            records[target] = kind
        }
    }

    /// The record kind an expression's items have: `ctx.snapshot.deals`, `ctx.index.deals_by_owner[...]`,
    /// `deal.members`.
    private func kind(of range: Range<Int>) -> String? {
        for k in range where text(k) == "." && isName(k + 1) {
            let name = tokens[k + 1].text
            let owner = text(k - 1)
            if owner == "index", let kind = names.indexes[name] { return kind }
            if owner == "snapshot", let kind = names.collections[name] { return kind }
            if let ownerKind = records[owner], case .list(.record(let item))? = SnapshotSchema.record(ownerKind)?.field(name)?.type { return item }
        }
        return nil
    }

    // MARK: - Checks

    private mutating func checkContext(at i: Int) {
        guard let field = field(after: i) else { return }
        switch field.text {
        case "params": if let p = self.field(after: i + 2) { checkParameter(p) }
        case "index": if let x = self.field(after: i + 2) { checkIndex(x) }
        case "snapshot": if let x = self.field(after: i + 2) { checkSnapshot(x) }
        default:
            if !names.contextFields.contains(field.text) {
                report(field, "ctx has no field \"\(field.text)\"\(field.text.didYouMean(names.contextFields)); helpers such as ctx.metrics are listed under helpers: in pack.yaml")
            }
        }
    }

    private mutating func checkParameter(_ token: LuaLexer.Token) {
        guard !names.parameters.contains(token.text) else { return }
        report(token, "no parameter \"\(token.text)\" is declared by this pack or the packs it extends\(token.text.didYouMean(names.parameters)); declare it under parameters: in pack.yaml")
    }

    private mutating func checkIndex(_ token: LuaLexer.Token) {
        guard names.indexes[token.text] == nil else { return }
        report(token, "ctx.index has no index \"\(token.text)\"\(token.text.didYouMean(names.indexes.keys)) (the indexes are in docs/rule-contract.md)")
    }

    private mutating func checkSnapshot(_ token: LuaLexer.Token) {
        guard !names.snapshotFields.contains(token.text) else { return }
        report(token, "the snapshot has no field \"\(token.text)\"\(token.text.didYouMean(names.snapshotFields)) (see docs/snapshot-format.md)")
    }

    private mutating func checkField(_ token: LuaLexer.Token, of kind: String, variable: String) {
        guard let record = SnapshotSchema.record(kind), record.field(token.text) == nil else { return }
        report(token, "\(variable).\(token.text): a \(kind) has no field \"\(token.text)\"\(token.text.didYouMean(record.fieldNames)) (see docs/snapshot-format.md)")
    }

    private mutating func report(_ token: LuaLexer.Token, _ message: String) {
        findings.append(CheckFinding(file: file, line: token.line, column: token.column, message: message))
    }

    // MARK: - Tokens

    private func text(_ i: Int) -> String { i >= 0 && i < tokens.count ? tokens[i].text : "" }
    private func isName(_ i: Int) -> Bool { i >= 0 && i < tokens.count && tokens[i].kind == .name && !Self.keywords.contains(tokens[i].text) }

    private static let keywords: Set<String> = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in", "local", "nil", "not",
        "or", "repeat", "return", "then", "true", "until", "while",
    ]
    /// The token is `x` in `a.x` or `a:x`.
    private func isFieldOf(_ i: Int) -> Bool { text(i - 1) == "." || text(i - 1) == ":" }
    /// `name` in `v.name` or `v["name"]`, for `v` at `i`.
    private func field(after i: Int) -> LuaLexer.Token? {
        if text(i + 1) == ".", isName(i + 2) { return tokens[i + 2] }
        if text(i + 1) == "[", i + 2 < tokens.count, tokens[i + 2].kind == .string, text(i + 3) == "]" { return tokens[i + 2] }
        return nil
    }
    private func isCall(after i: Int) -> Bool { text(i + 1) == "(" || text(i + 1) == ":" }
}
