import Foundation
import LadderModel
import LadderPacks
import LuaBridge

/// A declared rule and its `evaluate` function in one state.
struct LoadedRule {
    let declaration: RuleDeclaration
    let evaluate: LuaRef
    /// `file:line` where `evaluate` starts, for messages that point at the rule's code.
    let location: String
    /// The layer whose file declares it.
    var layer = 0
    /// The layer of the rule it replaces, if it replaces one.
    var replaces: Int?
}

/// Reads what a rule file returns: one declaration, or a list of them.
enum DeclarationReader {
    static func read(_ value: LuaValue, file: String, in state: LuaState) throws -> [LoadedRule] {
        switch value {
        case .table:
            return [try one(value, path: "declaration", file: file, state: state)]
        case .array(let items) where !items.isEmpty:
            return try items.enumerated().map { try one($1, path: "declaration[\($0 + 1)]", file: file, state: state) }
        default:
            throw RuleContractError("declaration", "a rule file returns its declaration: return { id = ..., title = ..., kind = ..., subject = ..., evaluate = function(subject, ctx) ... end }, got \(value.typeName)")
        }
    }

    private static func one(_ value: LuaValue, path: String, file: String, state: LuaState) throws -> LoadedRule {
        let f = try LuaFields(value, path: path, what: "a rule declaration")
        try f.rejectUnknown(allowed: ["id", "title", "kind", "subject", "description", "outcomes", "unit", "action", "evaluate"])
        let id = try f.requiredString("id")
        guard id.range(of: #"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"#, options: .regularExpression) != nil else {
            throw RuleContractError("\(path).id", "\"\(id)\" should be lowercase words joined by dots and underscores, e.g. hero.late_stage_ownership")
        }
        let kindText = try f.requiredString("kind")
        guard let kind = RuleDeclaration.Kind(rawValue: kindText) else {
            throw RuleContractError("\(path).kind", "\"\(kindText)\" is not a kind (gate, threshold, weighting)")
        }
        let subjectText = try f.requiredString("subject")
        guard let subject = RuleDeclaration.SubjectKind(rawValue: subjectText) else {
            throw RuleContractError("\(path).subject", "\"\(subjectText)\" is not a subject (rep, manager, team)")
        }
        let outcomes = try f.strings("outcomes")
        if kind == .gate && outcomes.isEmpty {
            throw RuleContractError("\(path).outcomes", "a gate lists its outcomes, e.g. outcomes = {\"ready\", \"develop\", \"not_yet\"}")
        }
        if kind != .gate && !outcomes.isEmpty {
            throw RuleContractError("\(path).outcomes", "only gates declare outcomes")
        }
        var unit = RuleDeclaration.Unit.share
        if let text = try f.string("unit") {
            guard let u = RuleDeclaration.Unit(rawValue: text), kind == .threshold else {
                throw RuleContractError("\(path).unit", kind == .threshold
                    ? "\"\(text)\" is not a unit (\(RuleDeclaration.Unit.allCases.map(\.rawValue).joined(separator: ", ")))"
                    : "only thresholds declare a unit")
            }
            unit = u
        }
        guard case .reference(let evaluate)? = f.fields["evaluate"], evaluate.typeName == "function" else {
            throw RuleContractError("\(path).evaluate", "required: evaluate = function(subject, ctx) ... end")
        }
        let declaration = RuleDeclaration(id: id, title: try f.requiredString("title"), kind: kind, subject: subject,
                                          description: try f.string("description"), outcomes: outcomes, unit: unit,
                                          action: try action(f, path: path, kind: kind, outcomes: outcomes), file: file)
        let location = state.definition(of: evaluate).map { "\(file):\($0.line)" } ?? file
        return LoadedRule(declaration: declaration, evaluate: evaluate, location: location)
    }

    /// A text with `{placeholders}` for a threshold (its breaches) or a weighting (each payout);
    /// for a gate, a table of texts by outcome. Checked here, before any subject runs.
    private static func action(_ f: LuaFields, path: String, kind: RuleDeclaration.Kind, outcomes: [String]) throws -> ActionTemplate? {
        guard let value = f.fields["action"] else { return nil }
        let allowed = ActionTemplate.byKind[kind]!
        func checked(_ text: String, at field: String) throws -> String {
            switch ActionTemplate.placeholders(in: text) {
            case .failure(let error): throw RuleContractError(field, "\(error.message); write placeholders as {subject}")
            case .success(let names):
                if let unknown = names.first(where: { !allowed.contains($0) }) {
                    let near = unknown.nearest(in: allowed).map { "did you mean {\($0)}? " } ?? ""
                    throw RuleContractError(field, "{\(unknown)} is not a placeholder of a \(kind.rawValue); \(near)a \(kind.rawValue) fills \(allowed.map { "{\($0)}" }.joined(separator: ", "))")
                }
            }
            return text
        }
        if kind != .gate {
            guard case .string(let text) = value else {
                throw RuleContractError("\(path).action", "a \(kind.rawValue)'s action is one text, e.g. action = \"Coach {subject} on ...\", got \(value.typeName)")
            }
            return .one(try checked(text, at: "\(path).action"))
        }
        let a = try LuaFields(value, path: "\(path).action", what: "a gate's actions by outcome, e.g. action = { develop = \"Coach {subject} on {reasons}\" }")
        if let stray = a.fields.keys.sorted().first(where: { !outcomes.contains($0) }) {
            throw RuleContractError("\(path).action.\(stray)", "\"\(stray)\" is not an outcome the rule declares (\(outcomes.joined(separator: ", ")))")
        }
        var map: [String: String] = [:]
        for outcome in outcomes {
            if let text = try a.string(outcome) { map[outcome] = try checked(text, at: "\(path).action.\(outcome)") }
        }
        return .byOutcome(map)
    }

    /// The line of the field a declaration problem names (`declaration.action.develop` → the
    /// line of `action =`), when the file sets that field once: Lua tables keep no lines.
    static func line(of path: String, in source: String?) -> Int? {
        guard let source, let field = path.split(separator: ".").dropFirst().first?.split(separator: "[").first else { return nil }
        let tokens = LuaLexer.tokens(source)
        let lines = tokens.indices.filter { i in
            tokens[i].kind == .name && tokens[i].text == field && i + 1 < tokens.count && tokens[i + 1].text == "="
                && (i == 0 || tokens[i - 1].text != ".")
        }.map { tokens[$0].line }
        return lines.count == 1 ? lines[0] : nil
    }
}
