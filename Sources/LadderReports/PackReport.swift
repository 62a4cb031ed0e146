import LadderModel

/// `ladder pack show` and `ladder pack diff` as text.
public enum PackReport {
    public static func text(_ p: PackDescription) -> String {
        var out = ["pack \(p.name) \(p.version) (sha256 \(p.sha256.prefix(12)))", "", "layers, base first:"]
        for layer in p.layers { out.append("  \(layer.name) \(layer.version)  \(layer.folder)  sha256 \(layer.sha256.prefix(12))") }
        out += ["", "rules, in the order they run:"]
        let width = p.rules.map(\.id.count).max() ?? 0
        for rule in p.rules {
            let replaces = rule.replaces.map { ", replaces \($0)'s" } ?? ""
            out.append("  \(rule.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(rule.kind.rawValue) on \(rule.subject.rawValue)  from \(rule.layer): \(rule.file)\(replaces)")
        }
        for rule in p.disabled { out.append("  \(rule.id)  disabled by \(rule.by)") }
        out += ["", "parameters (value, default, range, set by):"]
        let nameWidth = p.parameters.map(\.name.count).max() ?? 0
        for q in p.parameters {
            let range = [q.minimum.map { "min \($0.clean)" }, q.maximum.map { "max \($0.clean)" }].compactMap(\.self).joined(separator: ", ")
            let changed = q.value != q.defaultValue ? " (default \(q.defaultValue.text))" : ""
            out.append("  \(q.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0))  \(q.value.text)\(changed)"
                       + (range.isEmpty ? "" : "  [\(range)]") + "  set by \(q.setBy)" + (q.setBy != q.declaredBy ? ", declared by \(q.declaredBy)" : ""))
        }
        if !p.constraints.isEmpty {
            out += ["", "constraints:"]
            for c in p.constraints { out.append("  \(c.condition)  (\(c.declaredBy))") }
        }
        return out.joined(separator: "\n") + "\n"
    }

    public static func text(_ diff: PackDiff, from a: PackDescription, to b: PackDescription) -> String {
        var out = ["\(a.name) \(a.version) → \(b.name) \(b.version)"]
        if diff.isEmpty { return (out + ["no differences: the same rules run with the same parameters"]).joined(separator: "\n") + "\n" }
        for r in diff.rulesAdded { out.append("+ rule \(r.id) (\(r.layer): \(r.file))") }
        for r in diff.rulesRemoved { out.append("- rule \(r.id) (\(r.layer): \(r.file))") }
        for r in diff.rulesDisabled { out.append("- rule \(r.id) disabled by \(r.by)") }
        for r in diff.rulesReplaced { out.append("~ rule \(r.id): \(r.before) → \(r.after)") }
        for q in diff.parameters {
            out.append("~ \(q.name): \(q.before?.text ?? "(none)") → \(q.after?.text ?? "(none)")" + (q.setBy.map { " (set by \($0))" } ?? ""))
        }
        return out.joined(separator: "\n") + "\n"
    }
}
