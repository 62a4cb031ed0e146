import LadderModel

/// One self-contained HTML file (no scripts, no external assets): an executive summary, then a
/// section per policy with an inline SVG chart and a table. Readable on screen and on paper.
public enum HTMLReport {
    public static func render(_ report: Report) -> String {
        let e = report.evaluation, s = report.summary
        var h = HTML()
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        h.tag("title", "\(e.snapshot.organization): leadership policies as of \(e.snapshot.asOf)")
        h.raw("<style>\(style)</style>\n</head>\n<body>\n<header>\n")
        h.tag("h1", "\(e.snapshot.organization): leadership policies")
        h.tag("p", "As of \(e.snapshot.asOf) · pack \(e.pack.name) \(e.pack.version) · \(e.results.count) result\(e.results.count == 1 ? "" : "s"), \(e.failures.count) rule failure\(e.failures.count == 1 ? "" : "s")", class: "meta")
        h.raw("</header>\n<section class=\"summary\">\n")
        h.tag("h2", "Executive summary")
        h.raw("<div class=\"cards\">\n")
        for b in s.breaches {
            card(&h, value: "\(b.breached)", unit: "of \(b.evaluated)" + (b.failed > 0 ? ", \(b.failed) failed" : ""), label: b.rule.title,
                 alert: b.breached > 0 || b.failed > 0)
        }
        for g in s.outcomes {
            let ready = g.counts.first { $0.outcome == "ready" }?.count ?? 0
            let total = g.counts.reduce(0) { $0 + $1.count }
            card(&h, value: "\(ready)", unit: "of \(total) ready", label: g.text { $0.replacingOccurrences(of: "_", with: " ") }, alert: false)
        }
        if s.payouts > 0 {
            card(&h, value: NumberText.money(s.totalPayout), unit: e.snapshot.currency, label: "variable payout, \(s.payouts) manager\(s.payouts == 1 ? "" : "s")", alert: false)
        }
        card(&h, value: NumberText.money(s.totalExposure), unit: e.snapshot.currency, label: "failed-promotion exposure", alert: s.totalExposure > 0)
        h.raw("</div>\n")
        if !s.actions.isEmpty {
            h.tag("h3", "Act first on")
            h.raw("<ol class=\"actions\">\n")
            for r in s.actions {
                h.raw("<li><strong>")
                h.text(r.subject.name)
                h.raw("</strong> <span class=\"rule\">")
                h.text(r.title)
                h.raw("</span><br>")
                h.text(r.message ?? "")
                h.raw("</li>\n")
            }
            h.raw("</ol>\n")
            if let more = s.moreActions { h.tag("p", more, class: "note") }
        }
        if let nothing = s.nothingToAct { h.tag("p", nothing, class: "note") }
        h.raw("</section>\n")
        scorecard(&h, report.scorecard, currency: e.snapshot.currency)

        for section in report.sections {
            h.raw("<section class=\"policy\" id=\"")
            h.attribute(anchor(section.rule))
            h.raw("\">\n")
            h.tag("h2", section.rule.title)
            h.tag("p", "\(section.rule.id)\(section.rule.description.map { " — \($0)" } ?? "")", class: "id")
            switch section.rule.kind {
            case _ where section.results.isEmpty: h.tag("p", section.failures.isEmpty ? "No subjects." : "No results.", class: "note")
            case .threshold: thresholdChart(&h, section); thresholdTable(&h, section)
            case .gate: gateChart(&h, section); gateTable(&h, section)
            case .weighting: weightingChart(&h, section); weightingTable(&h, section)
            }
            if !section.failures.isEmpty {
                h.raw("<ul class=\"failures\">\n")
                for f in section.failures {
                    h.raw("<li>Failed")
                    if let subject = f.subject { h.text(" for \(subject.name)") }
                    h.raw(": <code>")
                    h.text(f.location ?? f.file)
                    h.raw("</code> ")
                    h.text(f.message)
                    h.raw("</li>\n")
                }
                h.raw("</ul>\n")
            }
            h.raw("</section>\n")
        }
        let loadFailures = e.failures.filter { $0.rule == nil }
        if !loadFailures.isEmpty || !e.warnings.isEmpty {
            h.raw("<section class=\"policy\">\n")
            h.tag("h2", "Problems")
            h.raw("<ul class=\"failures\">\n")
            for f in loadFailures { h.tag("li", "\(f.location ?? f.file): \(f.message)") }
            for w in e.warnings { h.tag("li", "snapshot warning: \(w)") }
            h.raw("</ul>\n</section>\n")
        }
        h.raw("<footer>\n")
        h.tag("p", "Ladder \(e.ladderVersion) · pack \(e.pack.name) \(e.pack.version), sha256 \(e.pack.sha256) · snapshot sha256 \(e.snapshot.sha256)")
        if let chain = e.layerChain { h.tag("p", "Layers: \(chain)") }
        h.tag("p", "Parameters: " + e.parameters.values.map { p in
            "\(p.name) = \(p.value.text)" + (p.setBy == e.layers.first?.name ? "" : " (set by \(p.setBy))")
        }.joined(separator: ", "))
        h.raw("</footer>\n</body>\n</html>\n")
        return h.output
    }

    private static func anchor(_ rule: RuleDeclaration) -> String { "rule-" + rule.id }

    /// One row per manager, a cell per policy coloured by its state; headings link to the policies.
    private static func scorecard(_ h: inout HTML, _ card: Scorecard, currency: String) {
        guard !card.rows.isEmpty else { return }
        h.raw("<section class=\"scorecard\">\n")
        h.tag("h2", "Scorecard")
        h.tag("p", "Managers, most needing attention first. Red: a breach; grey: not enough data to judge.", class: "note")
        h.raw("<div class=\"scroll\"><table>\n<thead><tr><th>Manager</th><th>Team</th>")
        for rule in card.rules {
            h.raw("<th class=\"num\"><a href=\"#")
            h.attribute(anchor(rule))
            h.raw("\" title=\"")
            h.attribute(rule.title)
            h.raw("\">")
            h.text(Scorecard.heading(rule))
            h.raw("</a></th>")
        }
        h.raw("<th class=\"num\">Payout ")
        h.text(currency)
        h.raw("</th><th>Reps</th></tr></thead>\n<tbody>\n")
        for row in card.rows {
            h.raw("<tr><td>")
            h.text(row.manager.name)
            h.raw("</td><td>")
            h.text(row.manager.team ?? "—")
            h.raw("</td>")
            for cell in row.cells {
                guard let cell else { h.raw("<td class=\"num sc-none\">—</td>"); continue }
                h.raw("<td class=\"num sc-\(cell.state == .lacksData ? "na" : cell.state.rawValue)\">")
                h.text(cell.text)
                h.raw("</td>")
            }
            h.raw("<td class=\"num\">")
            h.text(row.payout.map(NumberText.money) ?? "—")
            h.raw("</td><td>")
            h.text(Scorecard.repsText(row.reps))
            h.raw("</td></tr>\n")
        }
        h.raw("</tbody></table></div>\n</section>\n")
    }

    private static func card(_ h: inout HTML, value: String, unit: String, label: String, alert: Bool) {
        h.raw("<div class=\"card\(alert ? " alert" : "")\"><div class=\"figure\">")
        h.text(value)
        h.raw(" <span class=\"unit\">")
        h.text(unit)
        h.raw("</span></div><div class=\"label\">")
        h.text(label)
        h.raw("</div></div>\n")
    }

    // MARK: Charts (inline SVG)

    private static let chartWidth = 680.0, labelWidth = 170.0, valueWidth = 70.0, rowHeight = 24.0

    /// One bar per subject against the limit line.
    private static func thresholdChart(_ h: inout HTML, _ s: Report.Section) {
        let rows = s.results.compactMap { r -> (RuleResult, ThresholdVerdict, Double)? in
            guard case .threshold(let t) = r.verdict, let v = t.value else { return nil }
            return (r, t, v)
        }
        guard let limit = rows.first?.1.limit, !rows.isEmpty else { return }
        let top = max(rows.map(\.2).max() ?? 0, limit * 1.25, s.rule.unit == .share ? 0.1 : 1) * 1.05
        let barArea = chartWidth - labelWidth - valueWidth
        // The limit's label sits above the bars, where a long chart's reader starts.
        let header = 20.0
        let height = header + Double(rows.count) * rowHeight + 10
        h.raw("<svg class=\"chart\" viewBox=\"0 0 \(Int(chartWidth)) \(Int(height))\" role=\"img\" aria-label=\"")
        h.attribute("\(s.rule.title): each subject's value against the limit")
        h.raw("\">\n")
        for (i, (r, t, v)) in rows.enumerated() {
            let y = header + Double(i) * rowHeight + 4
            let width = max(1, v / top * barArea)
            nameLabel(&h, y: y + 13, r.subject.name)
            h.raw("<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(f(width))\" height=\"\(f(rowHeight - 8))\" class=\"bar \(t.breached ? t.severity.rawValue : "ok")\"/>\n")
            svgText(&h, x: labelWidth + width + 4, y: y + 13, anchor: "start", NumberText.measure(v, s.rule.unit, against: limit))
        }
        if limit > 0 {  // a rule that is never breached reports with limit 0: no line
            let x = labelWidth + limit / top * barArea
            let bottom = header + Double(rows.count) * rowHeight + 4
            h.raw("<line x1=\"\(f(x))\" y1=\"\(f(header))\" x2=\"\(f(x))\" y2=\"\(f(bottom))\" class=\"limit\"/>\n")
            svgText(&h, x: x, y: header - 6, anchor: "middle", "limit \(NumberText.measure(limit, s.rule.unit))", cssClass: "limit-label")
        }
        h.raw("</svg>\n")
    }

    /// One stacked bar per subject: the weight mix, with the blended score beside it.
    private static func weightingChart(_ h: inout HTML, _ s: Report.Section) {
        let rows = s.results.compactMap { r -> (RuleResult, WeightingVerdict)? in
            if case .weighting(let w) = r.verdict { return (r, w) } else { return nil }
        }
        guard !rows.isEmpty else { return }
        let names = Array(Set(rows.flatMap { Array($0.1.weights.keys) })).sorted()
        let barArea = chartWidth - labelWidth - valueWidth
        let height = Double(rows.count) * rowHeight + 34
        h.raw("<svg class=\"chart\" viewBox=\"0 0 \(Int(chartWidth)) \(Int(height))\" role=\"img\" aria-label=\"")
        h.attribute("\(s.rule.title): weight mix per subject")
        h.raw("\">\n")
        for (i, (r, w)) in rows.enumerated() {
            let y = Double(i) * rowHeight + 6
            nameLabel(&h, y: y + 13, r.subject.name)
            var x = labelWidth
            for (n, name) in names.enumerated() {
                let width = (w.weights[name] ?? 0) * barArea
                guard width > 0 else { continue }
                h.raw("<rect x=\"\(f(x))\" y=\"\(y)\" width=\"\(f(width))\" height=\"\(f(rowHeight - 8))\" class=\"mix mix\(n % 4)\"><title>")
                h.attribute("\(name) \(NumberText.percent(w.weights[name] ?? 0))")
                h.raw("</title></rect>\n")
                if width > 34 { svgText(&h, x: x + width / 2, y: y + 13, anchor: "middle", NumberText.percent(w.weights[name] ?? 0, decimals: 0), cssClass: "in-bar") }
                x += width
            }
            svgText(&h, x: labelWidth + barArea + 6, y: y + 13, anchor: "start", NumberText.percent(w.blended))
        }
        let legendY = Double(rows.count) * rowHeight + 22
        var x = labelWidth
        for (n, name) in names.enumerated() {
            h.raw("<rect x=\"\(f(x))\" y=\"\(f(legendY - 9))\" width=\"10\" height=\"10\" class=\"mix mix\(n % 4)\"/>\n")
            svgText(&h, x: x + 14, y: legendY, anchor: "start", "\(name) weight")
            x += 120
        }
        svgText(&h, x: labelWidth + barArea + 6, y: legendY, anchor: "start", "blended")
        h.raw("</svg>\n")
    }

    /// A single stacked bar: how many subjects got each outcome.
    private static func gateChart(_ h: inout HTML, _ s: Report.Section) {
        let counts = s.rule.outcomes.map { o in (o, s.results.filter { $0.outcome == o }.count) }
        let total = counts.reduce(0) { $0 + $1.1 }
        guard total > 0 else { return }
        let barArea = chartWidth - 20
        h.raw("<svg class=\"chart\" viewBox=\"0 0 \(Int(chartWidth)) 40\" role=\"img\" aria-label=\"")
        h.attribute("\(s.rule.title): subjects by outcome")
        h.raw("\">\n")
        var x = 10.0
        for (n, (outcome, count)) in counts.enumerated() where count > 0 {
            let width = Double(count) / Double(total) * barArea
            h.raw("<rect x=\"\(f(x))\" y=\"4\" width=\"\(f(width))\" height=\"22\" class=\"outcome o\(n % 4)\"/>\n")
            svgText(&h, x: x + width / 2, y: 19, anchor: "middle", width > 90 ? "\(count) \(outcome.replacingOccurrences(of: "_", with: " "))" : "\(count)", cssClass: "in-bar")
            x += width
        }
        h.raw("</svg>\n")
    }

    // MARK: Tables

    private static func thresholdTable(_ h: inout HTML, _ s: Report.Section) {
        h.raw("<table>\n<thead><tr><th>Subject</th><th class=\"num\">Value</th><th class=\"num\">Limit</th><th>Status</th><th>Why</th></tr></thead>\n<tbody>\n")
        for r in s.results {
            guard case .threshold(let t) = r.verdict else { continue }
            h.raw("<tr\(t.breached ? " class=\"breach\"" : "")><td>")
            h.text(r.subject.name)
            h.raw("</td><td class=\"num\">\(NumberText.measure(t.value, s.rule.unit, against: t.limit))</td><td class=\"num\">\(NumberText.measure(t.limit, s.rule.unit))</td><td>")
            h.text(r.status)
            h.raw("</td><td>")
            details(&h, r)
            h.raw("</td></tr>\n")
        }
        h.raw("</tbody>\n</table>\n")
    }

    private static func gateTable(_ h: inout HTML, _ s: Report.Section) {
        let exposed = s.hasExposure  // an always-empty column says nothing
        h.raw("<table>\n<thead><tr><th>Subject</th><th>Outcome</th><th>Why</th>\(exposed ? "<th class=\"num\">Exposure</th>" : "")</tr></thead>\n<tbody>\n")
        for r in s.results {
            guard case .gate(let g) = r.verdict else { continue }
            h.raw("<tr><td>")
            h.text(r.subject.name)
            h.raw("</td><td>")
            h.text(g.outcome.replacingOccurrences(of: "_", with: " "))
            h.raw("</td><td>")
            details(&h, r)
            if !g.conditions.isEmpty {
                h.raw("<ul class=\"conditions\">")
                for c in g.conditions {
                    h.raw("<li class=\"\(c.passed ? "pass" : "fail")\">\(c.passed ? "✓" : "✗") ")
                    h.text(c.name.replacingOccurrences(of: "_", with: " ") + (c.detail.map { ": \($0)" } ?? ""))
                    h.raw("</li>")
                }
                h.raw("</ul>")
            }
            h.raw("</td>" + (exposed ? "<td class=\"num\">\(g.exposure.map(NumberText.money) ?? "")</td>" : "") + "</tr>\n")
        }
        h.raw("</tbody>\n</table>\n")
    }

    private static func weightingTable(_ h: inout HTML, _ s: Report.Section) {
        h.raw("<table>\n<thead><tr><th>Subject</th><th class=\"num\">Blended</th><th class=\"num\">Payout</th><th>How</th></tr></thead>\n<tbody>\n")
        for r in s.results {
            guard case .weighting(let w) = r.verdict else { continue }
            h.raw("<tr><td>")
            h.text(r.subject.name)
            h.raw("</td><td class=\"num\">\(NumberText.percent(w.blended))</td><td class=\"num\">\(w.payout.map(NumberText.money) ?? "")</td><td>")
            details(&h, r)
            h.raw("</td></tr>\n")
        }
        h.raw("</tbody>\n</table>\n")
    }

    private static func details(_ h: inout HTML, _ r: RuleResult) {
        h.text(r.message ?? "")
        if case .gate(let g) = r.verdict, !g.reasons.isEmpty {
            h.raw("<ul class=\"reasons\">")
            for reason in g.reasons { h.tag("li", reason) }
            h.raw("</ul>")
        }
        if !r.notes.isEmpty { h.tag("div", r.notes.joined(separator: "; "), class: "note") }
        if r.isBreach && !r.evidence.isEmpty {
            let shown = r.evidence.prefix(15).joined(separator: ", ") + (r.evidence.count > 15 ? ", … (\(r.evidence.count) in all)" : "")
            h.tag("div", "Evidence: \(shown)", class: "evidence")
        }
    }

    private static func svgText(_ h: inout HTML, x: Double, y: Double, anchor: String, _ text: String, cssClass: String? = nil) {
        h.raw("<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\"\(cssClass.map { " class=\"\($0)\"" } ?? "")>")
        h.text(text, svg: true)
        h.raw("</text>\n")
    }

    /// A subject's name left of its bar, cut with an ellipsis to fit the label column; the full
    /// name is the label's title (shown on hover, read by screen readers).
    private static func nameLabel(_ h: inout HTML, y: Double, _ name: String) {
        let fits = 24
        guard name.count > fits else { return svgText(&h, x: labelWidth - 8, y: y, anchor: "end", name) }
        h.raw("<text x=\"\(f(labelWidth - 8))\" y=\"\(f(y))\" text-anchor=\"end\"><title>")
        h.attribute(name)  // plain escaped text: a title holds no markup
        h.raw("</title>")
        h.text(String(name.prefix(fits - 1)) + "…", svg: true)
        h.raw("</text>\n")
    }

    private static func f(_ x: Double) -> String { x.formatted(1) }

    private static let style = """
        :root { --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --alert: #b42318; --warn: #d97706; --ok: #7c8aa5; }
        * { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { font: 15px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 960px; padding: 24px; }
        h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 20px; margin: 28px 0 4px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
        h3 { font-size: 16px; margin: 18px 0 6px; } .meta, .id, footer { color: var(--muted); font-size: 13px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; break-inside: avoid; }
        .card.alert { border-color: var(--alert); background: #fef3f2; }
        .figure { font-size: 26px; font-weight: 700; } .unit { font-size: 13px; font-weight: 400; color: var(--muted); }
        .label { font-size: 13px; color: var(--muted); }
        .actions li { margin-bottom: 6px; } .rule { color: var(--muted); font-size: 13px; }
        table { border-collapse: collapse; width: 100%; margin-top: 10px; font-size: 13.5px; }
        th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
        th { background: #f4f6f9; } td.num, th.num { text-align: right; white-space: nowrap; }
        tr.breach td { background: #fff7ed; } .note { color: var(--muted); font-style: italic; }
        .evidence { color: var(--muted); font-size: 12px; margin-top: 2px; }
        ul.conditions, ul.reasons { margin: 4px 0 0; padding-left: 18px; } li.pass { color: #067647; } li.fail { color: var(--alert); }
        .chart { width: 100%; height: auto; margin-top: 8px; font-size: 12px; }
        .chart text { fill: var(--ink); } .chart text.in-bar { fill: #fff; font-weight: 600; }
        .bar.ok { fill: var(--ok); } .bar.medium { fill: var(--warn); } .bar.high { fill: var(--alert); }
        .limit { stroke: var(--alert); stroke-width: 2; stroke-dasharray: 5 3; } .chart text.limit-label { fill: var(--alert); }
        .mix0, .o0 { fill: #2563eb; } .mix1, .o1 { fill: #0d9488; } .mix2, .o2 { fill: #9333ea; } .mix3, .o3 { fill: #64748b; }
        .failures li { color: var(--alert); }
        .scroll { overflow-x: auto; } .scorecard table { font-size: 12.5px; } .scorecard th { white-space: normal; font-size: 12px; }
        .scorecard td { white-space: nowrap; padding: 6px 6px; } .scorecard th a { color: inherit; }
        td.sc-breach, td.sc-failed { background: #fef3f2; color: var(--alert); font-weight: 600; } td.sc-ok { color: #067647; } td.sc-na, td.sc-none { color: var(--muted); }
        footer { margin-top: 32px; border-top: 1px solid var(--line); padding-top: 8px; overflow-wrap: break-word; }
        @media print { body { padding: 0; max-width: none; } section { break-inside: auto; } h2, h3, p.id { break-after: avoid; } tr, .chart { break-inside: avoid; } }
        """
}

/// An HTML string under construction; `text` escapes, `raw` does not.
struct HTML {
    private(set) var output = ""

    mutating func raw(_ s: String) { output += s }

    /// Escaped, with no markup: for an attribute's value or a title.
    mutating func attribute(_ s: String) { output += Markup.escape(s) }

    /// Escaped; text with right-to-left letters or direction marks is isolated (`<bdi>`, or a
    /// `tspan` in SVG), so an unclosed override in a name cannot reorder the rest of the line.
    mutating func text(_ s: String, svg: Bool = false) {
        guard s.unicodeScalars.contains(where: Self.isBidi) else { return output += Markup.escape(s) }
        output += svg ? "<tspan style=\"unicode-bidi:isolate\">\(Markup.escape(s))</tspan>" : "<bdi>\(Markup.escape(s))</bdi>"
    }

    /// Right-to-left letters and explicit direction controls.
    static func isBidi(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF,
             0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    mutating func tag(_ name: String, _ content: String, class cssClass: String? = nil) {
        raw("<\(name)\(cssClass.map { " class=\"\($0)\"" } ?? "")>")
        // A page's title is plain text: no markup inside it.
        if name == "title" { attribute(content) } else { text(content) }
        raw("</\(name)>\n")
    }
}
