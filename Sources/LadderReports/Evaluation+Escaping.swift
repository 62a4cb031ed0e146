import LadderModel

extension Evaluation {
    /// The same evaluation with `transform` applied to every text that came from a snapshot or a
    /// rule: names, teams, ids, messages, actions, evidence and its records, notes, reasons,
    /// conditions, failures, warnings.
    func mapTexts(_ transform: (String) -> String) -> Evaluation {
        var e = self
        e.snapshot.organization = transform(snapshot.organization)
        e.results = results.map { r in
            var r = r
            r.title = transform(r.title)
            r.subject.id = transform(r.subject.id)
            r.subject.name = transform(r.subject.name)
            r.subject.team = r.subject.team.map(transform)
            r.message = r.message.map(transform)
            r.action = r.action.map(transform)
            r.evidence = r.evidence.map(transform)
            r.notes = r.notes.map(transform)
            func mapped(_ conditions: [GateCondition]) -> [GateCondition] {
                conditions.map { c in
                    var c = c
                    c.name = transform(c.name)
                    c.detail = c.detail.map(transform)
                    return c
                }
            }
            switch r.verdict {
            case .gate(var g):
                g.reasons = g.reasons.map(transform)
                g.conditions = mapped(g.conditions)
                r.verdict = .gate(g)
            case .threshold(var t):
                t.conditions = mapped(t.conditions)
                r.verdict = .threshold(t)
            case .weighting: break
            }
            return r
        }
        e.failures = failures.map { f in
            var f = f
            f.message = transform(f.message)
            f.subject = f.subject.map { s in var s = s; s.id = transform(s.id); s.name = transform(s.name); return s }
            f.code = f.code.map(transform)
            f.location = f.location.map(transform)
            f.traceback = f.traceback.map(transform)
            return f
        }
        e.rules = rules.map { d in var d = d; d.title = transform(d.title); d.description = d.description.map(transform); return d }
        e.warnings = warnings.map { w in var w = w; w.message = transform(w.message); return w }
        e.records = EvidenceRecords(Dictionary(records.map { id, record in
            (transform(id), EvidenceRecord(kind: record.kind, name: transform(record.name), detail: transform(record.detail)))
        }, uniquingKeysWith: { first, _ in first }))
        return e
    }
}

/// Control characters in data, made visible: an ESC in a name must not reach a terminal, nor a
/// NUL a spreadsheet. Line breaks and tabs stay.
enum ControlCharacters {
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) { out += "\\x" + String(scalar.value, radix: 16, uppercase: true).leftPadded(2) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    private static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        (s.value < 0x20 && s != "\n" && s != "\t") || (0x7F..<0xA0).contains(s.value)
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
