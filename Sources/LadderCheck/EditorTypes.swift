import LadderEngine
import LadderModel
import LadderPacks

/// `ladder types`: Lua language-server annotations of what a rule receives — every record
/// with its fields from the snapshot format, `ctx` with the pack's parameters, the rule
/// declaration and result shapes — so an editor completes `deal.` and `ctx.params.` and flags
/// a misspelt field.
public enum EditorTypes {
    /// The annotations file (`---@meta`).
    public static func annotations(for pack: RulePack?) -> String {
        var out = ["---@meta", "-- Written by `ladder types`\(pack.map { " for the pack \($0.name)" } ?? ""); do not edit.", ""]
        for record in SnapshotSchema.records {
            out.append("---\(record.description)")
            out.append("---@class (exact) \(record.typeName)")
            for field in record.fields {
                out.append("---@field \(field.name)\(field.alwaysPresent ? "" : "?") \(luaType(field.type)) \(field.description)")
            }
            out.append("")
        }
        out.append("---The lookups of ctx.index.")
        out.append("---@class (exact) Index")
        for (name, kind) in RuleContract.indexes {
            let type = SnapshotSchema.record(kind)!.typeName
            let single = name.hasSuffix("_by_id") || name.hasSuffix("_by_name")
            out.append("---@field \(name) \(name == "closed_periods" ? "\(type)[]" : single ? "table<string, \(type)>" : "table<string, \(type)[]>")")
        }
        out.append("")
        out.append("---The parameters in force\(pack.map { " of \($0.name) and the packs it extends" } ?? "").")
        out.append("---@class (exact) Params")
        for p in pack?.parameters ?? [] {
            out.append("---@field \(p.name) \(luaType(p.parameter.kind)) \(p.parameter.description)")
        }
        out.append("")
        out.append("---What a rule's evaluate receives besides its subject.")
        out.append("---@class (exact) Ctx")
        out.append("---@field params Params")
        out.append("---@field snapshot Snapshot")
        out.append("---@field index Index")
        out.append("---@field as_of string The snapshot's date, YYYY-MM-DD.")
        out.append("---@field rule {id: string, title: string, kind: string, subject: string}")
        out.append("---@field pack {name: string, version: string}")
        out.append("---@field log fun(...: any) Writes to the trace (ladder evaluate --trace).")
        for name in (pack?.helpers.keys.sorted() ?? ["metrics"]) {
            out.append("---@field \(name) table A helper module (pack.yaml, helpers:).")
        }
        out += [
            "",
            "---A test a gate or threshold checked; a threshold's are charted when they carry numbers.",
            "---@class GateCondition",
            "---@field name string",
            "---@field passed boolean",
            "---@field detail? string",
            "---@field value? number",
            "---@field limit? number",
            "",
            "---What evaluate returns; nil when the rule does not apply to the subject.",
            "---@class RuleResult",
            "---@field message? string Plain language with the numbers in it.",
            "---@field evidence? string[] Ids of the records behind the verdict.",
            "---@field notes? string[] Caveats such as \"insufficient data\".",
            "---@field outcome? string A gate's outcome, one it declares.",
            "---@field reasons? string[] A gate's reasons, as development actions.",
            "---@field conditions? GateCondition[]",
            "---@field exposure? number",
            "---@field value? number A threshold's measured value.",
            "---@field limit? number",
            "---@field breached? boolean",
            "---@field severity? \"none\"|\"medium\"|\"high\"",
            "---@field weights? table<string, number> A weighting's weights, summing to 1.",
            "---@field components? table<string, number>",
            "---@field blended? number",
            "---@field payout? number",
            "---@field multiplier? number A weighting's payout factor (payout = target × multiplier).",
            "",
            "---What a rule file returns (docs/rule-contract.md).",
            "---@class RuleDeclaration",
            "---@field id string",
            "---@field title string",
            "---@field kind \"gate\"|\"threshold\"|\"weighting\"",
            "---@field subject \"rep\"|\"manager\"|\"team\"",
            "---@field description? string",
            "---@field outcomes? string[]",
            "---@field unit? \"share\"|\"count\"|\"days\"|\"money\"|\"number\"|\"drop\"",
            "---@field action? string|table<string, string> What to do, with {placeholders}; a gate's by outcome.",
            "---@field evaluate fun(subject: Person|Team, ctx: Ctx): RuleResult?",
            "",
        ]
        return out.joined(separator: "\n")
    }

    /// `.luarc.json` for the Lua language server: Lua 5.4, the annotations, the sandbox's globals.
    public static func luarc(annotations: String) -> String {
        """
        {
          "runtime.version": "Lua 5.4",
          "workspace.library": ["\(annotations)"],
          "diagnostics.globals": [],
          "diagnostics.disable": ["lowercase-global"]
        }

        """
    }

    private static func luaType(_ type: SnapshotSchema.FieldType) -> String {
        switch type {
        case .text, .date, .reference: "string"
        case .integer: "integer"
        case .number: "number"
        case .boolean: "boolean"
        case .list(let item): luaType(item) + "[]"
        case .record(let kind): SnapshotSchema.record(kind)!.typeName
        case .numbers: "table<string, number>"
        }
    }

    private static func luaType(_ kind: Parameter.Kind) -> String {
        switch kind {
        case .number: "number"
        case .integer: "integer"
        case .boolean: "boolean"
        case .string: "string"
        case .list: "string[]"
        }
    }
}
