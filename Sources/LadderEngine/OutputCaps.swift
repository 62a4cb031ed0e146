import LadderModel

/// Bounds on what one rule can put into a report (docs/rule-contract.md, "Sizes"): a rule that
/// raises an 8 MB error or cites a million ids is cut to a readable size, and says so.
enum OutputCaps {
    static let message = 4096
    static let item = 1024
    static let items = 100
    static let evidence = 10_000
    static let tracebackLines = 40

    /// At most `limit` bytes of UTF-8, cut at a character, with how much was left out.
    static func cut(_ text: String, _ limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var kept = "", bytes = 0
        for scalar in text.unicodeScalars {
            let size = String(scalar).utf8.count
            if bytes + size > limit { break }
            kept.unicodeScalars.append(scalar)
            bytes += size
        }
        return kept + " … (cut: \(NumberText.money(Double(text.utf8.count - bytes))) more bytes)"
    }

    /// The first `count` items, each cut to `limit` bytes; and a note when some were left out.
    static func cut(_ list: [String], count: Int, each limit: Int, what: String) -> (items: [String], note: String?) {
        let kept = list.prefix(count).map { cut($0, limit) }
        return (kept, list.count > count ? "\(what) cut to the first \(NumberText.money(Double(count))) of \(NumberText.money(Double(list.count)))" : nil)
    }
}

extension RuleResult {
    /// This result within ``OutputCaps``.
    func capped() -> RuleResult {
        var r = self
        r.message = message.map { OutputCaps.cut($0, OutputCaps.message) }
        let evidence = OutputCaps.cut(evidence, count: OutputCaps.evidence, each: 256, what: "evidence")
        let notes = OutputCaps.cut(notes, count: OutputCaps.items, each: OutputCaps.item, what: "notes")
        r.evidence = evidence.items
        r.notes = notes.items + [evidence.note, notes.note].compactMap { $0 }
        if case .gate(var g) = verdict {
            let reasons = OutputCaps.cut(g.reasons, count: OutputCaps.items, each: OutputCaps.item, what: "reasons")
            g.reasons = reasons.items + [reasons.note].compactMap { $0 }
            g.conditions = g.conditions.prefix(OutputCaps.items).map { c in
                var c = c
                c.name = OutputCaps.cut(c.name, OutputCaps.item)
                c.detail = c.detail.map { OutputCaps.cut($0, OutputCaps.item) }
                return c
            }
            r.verdict = .gate(g)
        }
        return r
    }
}

extension RuleFailure {
    /// This failure within ``OutputCaps``: an error message a rule made huge is cut.
    func capped() -> RuleFailure {
        var f = self
        f.message = OutputCaps.cut(message, OutputCaps.message)
        f.code = code.map { OutputCaps.cut($0, OutputCaps.item) }
        f.traceback = Array(traceback.prefix(OutputCaps.tracebackLines)).map { OutputCaps.cut($0, 300) }
            + (traceback.count > OutputCaps.tracebackLines ? ["… \(traceback.count - OutputCaps.tracebackLines) more lines"] : [])
        return f
    }
}
