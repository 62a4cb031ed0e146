import LadderModel

/// The "What would it take?" part of `ladder explain --why-not`.
public enum WhyNotText {
    public static func render(_ answers: [WhyNotAnswer], subject: String) -> String {
        var lines = ["", "What would it take?"]
        if answers.isEmpty {
            lines.append("  Nothing to change: \(subject) breaches no threshold and meets every gate.")
            return lines.map(ControlCharacters.escaped).joined(separator: "\n") + "\n"
        }
        for answer in answers {
            let result = answer.result
            lines.append("  \(result.rule) — \(result.outcome ?? result.status): \(result.message ?? result.title)")
            if answer.options.isEmpty {
                lines.append("    no allowed change flips it: past periods, assessments and dates already past are fixed")
                continue
            }
            lines.append("    would \(result.outcome == nil ? "be within the limit" : "pass") with any one of:")
            for option in answer.options {
                lines += ["    - \(option.change)", "      then: \(option.then)"]
            }
        }
        lines.append("  (each change found by re-running the rule on a changed copy of the snapshot)")
        return lines.map(ControlCharacters.escaped).joined(separator: "\n") + "\n"
    }
}
