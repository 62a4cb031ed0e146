import LadderModel

/// One self-contained HTML file (no external assets; a small inline script sorts the scorecard,
/// and everything reads without it): an executive summary and the scorecard, then a section per
/// policy with its charts and table, then an appendix of parameters and provenance. Readable on
/// a desktop, on a 390-pixel phone and on paper (A4 or Letter).
public enum HTMLReport {
    /// Charts draw one bar per subject up to this many; beyond, the breaches and a histogram.
    public static let barLimit = 30
    /// Tables list this many results in the open; the rest sit in a `<details>` below.
    public static let openRows = 30

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
                 alert: b.breached > 0 || b.failed > 0, link: anchor(b.rule))
        }
        for g in s.outcomes {
            let ready = g.counts.first { $0.outcome == "ready" }?.count ?? 0
            let total = g.counts.reduce(0) { $0 + $1.count }
            card(&h, value: "\(ready)", unit: "of \(total) ready", label: g.text { $0.replacingOccurrences(of: "_", with: " ") }, alert: !g.nominees.isEmpty,
                 link: anchor(g.rule))
        }
        if s.payouts > 0 {
            card(&h, value: NumberText.money(s.totalPayout), unit: e.snapshot.currency, label: "variable payout, \(s.payouts) manager\(s.payouts == 1 ? "" : "s")", alert: false, link: nil)
        }
        card(&h, value: NumberText.money(s.totalExposure), unit: e.snapshot.currency, label: "failed-promotion exposure", alert: s.totalExposure > 0, link: nil)
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
                if let action = r.action { h.tag("div", "→ \(action)", class: "todo") }
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
            case .threshold: thresholdCharts(&h, section); thresholdTable(&h, section, report)
            case .gate: gateChart(&h, section); gateTable(&h, section, report)
            case .weighting: weightingChart(&h, section); weightingTable(&h, section, report)
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
        appendix(&h, e)
        h.raw("<script>\(sortScript)</script>\n</body>\n</html>\n")
        return h.output
    }

    private static func anchor(_ rule: RuleDeclaration) -> String { "rule-" + rule.id }

    /// Parameters and hashes, at the end where they do not crowd the findings: every parameter
    /// with its default and who set it, the layers, and the hashes that identify the run.
    private static func appendix(_ h: inout HTML, _ e: Evaluation) {
        h.raw("<section class=\"appendix\" id=\"appendix\">\n")
        h.tag("h2", "Appendix: parameters and provenance")
        h.raw("<div class=\"scroll\"><table>\n<thead><tr><th>Parameter</th><th class=\"num\">Value</th><th class=\"num\">Default</th><th>Set by</th></tr></thead>\n<tbody>\n")
        for p in e.parameters.values {
            h.raw("<tr><td><code>")
            h.text(p.name)
            h.raw("</code></td><td class=\"num\">")
            h.text(p.value.text)
            h.raw("</td><td class=\"num\">")
            h.text(p.defaultValue.text)
            h.raw("</td><td>")
            h.text(p.setBy)
            h.raw("</td></tr>\n")
        }
        h.raw("</tbody></table></div>\n<dl class=\"provenance\">\n")
        func item(_ term: String, _ value: String) {
            h.tag("dt", term)
            h.tag("dd", value)
        }
        item("Ladder", e.ladderVersion)
        item("Pack", "\(e.pack.name) \(e.pack.version), sha256 \(e.pack.sha256)")
        if let chain = e.layerChain { item("Layers", chain) }
        item("Snapshot", "sha256 \(e.snapshot.sha256), as of \(e.snapshot.asOf)")
        h.raw("</dl>\n</section>\n")
    }

    /// One row per manager, a cell per policy coloured by its state; headings link to the policies
    /// and sort the table when scripts run.
    private static func scorecard(_ h: inout HTML, _ card: Scorecard, currency: String) {
        guard !card.rows.isEmpty else { return }
        h.raw("<section class=\"scorecard\" id=\"scorecard\">\n")
        h.tag("h2", "Scorecard")
        h.tag("p", "\(card.rows.count) manager\(card.rows.count == 1 ? "" : "s"), most needing attention first. Red: a breach; grey: not enough data to judge. Each heading leads to its policy.", class: "note")
        h.raw("<div class=\"scroll\"><table class=\"sortable\">\n<thead><tr><th>Manager</th><th>Team</th>")
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
        h.raw("</th><th class=\"num\">Multiplier</th><th>Reps</th></tr></thead>\n<tbody>\n")
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
            h.raw("</td><td class=\"num\">")
            h.text(row.multiplier.map { NumberText.percent($0) } ?? "—")
            h.raw("</td><td>")
            h.text(Scorecard.repsText(row.reps))
            h.raw("</td></tr>\n")
        }
        h.raw("</tbody></table></div>\n</section>\n")
    }

    private static func card(_ h: inout HTML, value: String, unit: String, label: String, alert: Bool, link: String?) {
        h.raw("<div class=\"card\(alert ? " alert" : "")\"><div class=\"figure\">")
        h.text(value)
        h.raw(" <span class=\"unit\">")
        h.text(unit)
        h.raw("</span></div><div class=\"label\">")
        if let link {
            h.raw("<a href=\"#")
            h.attribute(link)
            h.raw("\">")
            h.text(label)
            h.raw("</a>")
        } else {
            h.text(label)
        }
        h.raw("</div></div>\n")
    }

    // MARK: Charts (inline SVG)

    private static let chartWidth = 680.0, labelWidth = 190.0, valueWidth = 90.0, rowHeight = 24.0

    /// A bar per subject against the limit, or beyond ``barLimit`` subjects the breaches and a
    /// histogram of everyone; then the same for each separate test the results carry numbers for.
    private static func thresholdCharts(_ h: inout HTML, _ s: Report.Section) {
        // A result without enough data to judge has no bar: a bar at zero would read as a pass.
        let rows = s.results.compactMap { r -> Bar? in
            guard case .threshold(let t) = r.verdict, let v = t.value, !r.lacksData else { return nil }
            return Bar(name: r.subject.name, value: v, limit: t.limit, state: t.breached ? t.severity.rawValue : "ok")
        }
        let unjudged = s.results.filter(\.lacksData).count
        if unjudged > 0 {
            h.tag("p", "\(unjudged) of \(s.results.count) without enough data to judge" + (rows.isEmpty ? "." : ", not charted."), class: "chart-note")
        }
        if let limit = rows.first?.limit { measureCharts(&h, title: s.rule.title, what: "value", rows: rows, limit: limit, unit: s.rule.unit) }
        // The separate tests behind the verdict, by name, where they are not the value itself.
        var tests: [String] = []
        var byTest: [String: [Bar]] = [:]
        for r in s.results {
            guard case .threshold(let t) = r.verdict else { continue }
            for c in t.conditions {
                guard let v = c.value, let l = c.limit, !(v == t.value && l == t.limit) else { continue }
                if byTest[c.name] == nil { tests.append(c.name) }
                byTest[c.name, default: []].append(Bar(name: r.subject.name, value: v, limit: l, state: c.passed ? "ok" : "medium"))
            }
        }
        for test in tests {
            let bars = byTest[test]!
            let unit: RuleDeclaration.Unit = bars.allSatisfy { $0.value == $0.value.rounded() && $0.limit == $0.limit.rounded() } ? .count : s.rule.unit
            h.tag("h3", test.prefix(1).uppercased() + test.dropFirst())
            measureCharts(&h, title: "\(s.rule.title): \(test)", what: test, rows: bars, limit: bars[0].limit, unit: unit)
        }
    }

    struct Bar {
        var name: String
        var value: Double
        var limit: Double
        /// `ok`, `medium` or `high`: the bar's colour.
        var state: String
    }

    private static func measureCharts(_ h: inout HTML, title: String, what: String, rows: [Bar], limit: Double, unit: RuleDeclaration.Unit) {
        let sorted = rows.sorted { $0.value != $1.value ? $0.value > $1.value : $0.name.naturallyPrecedes($1.name) }
        if sorted.count <= barLimit {
            barChart(&h, title: "\(title): each subject's \(what) against the limit", rows: sorted, limit: limit, unit: unit)
            legend(&h, [("ok", "within the limit"), ("medium", "breach"), ("high", "breach, high")].filter { s in s.0 == "ok" || sorted.contains { $0.state == s.0 } },
                   limit: true)
            return
        }
        let flagged = sorted.filter { $0.state != "ok" }
        if !flagged.isEmpty {
            h.tag("p", "\(flagged.count) of \(sorted.count) over the limit" + (flagged.count > barLimit ? "; the \(barLimit) furthest over:" : ":"), class: "chart-note")
            barChart(&h, title: "\(title): the subjects over the limit", rows: Array(flagged.prefix(barLimit)), limit: limit, unit: unit)
        }
        h.tag("p", "All \(sorted.count), by \(what):", class: "chart-note")
        histogram(&h, title: "\(title): how many subjects have each \(what)", values: sorted.map(\.value), limit: limit, unit: unit)
        legend(&h, [("ok", "subjects within the limit"), ("medium", "over the limit")], limit: true)
    }

    /// Bars sorted by value, the limit's label at the top where a reader starts.
    private static func barChart(_ h: inout HTML, title: String, rows: [Bar], limit: Double, unit: RuleDeclaration.Unit) {
        let top = max(rows.map(\.value).max() ?? 0, limit * 1.25, unit == .share || unit == .drop ? 0.1 : 1) * 1.05
        let barArea = chartWidth - labelWidth - valueWidth
        let header = 22.0
        let height = header + Double(rows.count) * rowHeight + 6
        h.raw("<div class=\"chartbox\"><svg class=\"chart\" viewBox=\"0 0 \(Int(chartWidth)) \(Int(height))\" role=\"img\" aria-label=\"")
        h.attribute(title)
        h.raw("\">\n")
        for (i, bar) in rows.enumerated() {
            let y = header + Double(i) * rowHeight + 4
            let width = max(1, max(0, bar.value) / top * barArea)
            nameLabel(&h, y: y + 13, bar.name)
            h.raw("<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(f(width))\" height=\"\(f(rowHeight - 8))\" class=\"bar \(bar.state)\"/>\n")
            svgText(&h, x: labelWidth + width + 4, y: y + 13, anchor: "start", NumberText.measure(bar.value, unit, against: limit), cssClass: "value")
        }
        if limit > 0 {  // a rule that is never breached reports with limit 0: no line
            let x = labelWidth + limit / top * barArea
            h.raw("<line x1=\"\(f(x))\" y1=\"\(f(header - 4))\" x2=\"\(f(x))\" y2=\"\(f(height - 2))\" class=\"limit\"/>\n")
            svgText(&h, x: x, y: header - 8, anchor: x > chartWidth - 80 ? "end" : "middle", "limit \(NumberText.limit(limit, unit))", cssClass: "limit-label")
        }
        h.raw("</svg></div>\n")
    }

    /// How many subjects fall in each of twenty equal ranges of the value, the limit marked.
    private static func histogram(_ h: inout HTML, title: String, values: [Double], limit: Double, unit: RuleDeclaration.Unit) {
        let values = values.filter(\.isFinite)
        let bins = 20
        let low = min(0, values.min() ?? 0)
        let high = max(values.max() ?? 0, limit * 1.25, low + 1e-9)
        let step = (high - low) / Double(bins)
        var counts = [Int](repeating: 0, count: bins)
        for v in values { counts[min(bins - 1, max(0, Int((v - low) / step)))] += 1 }
        let (left, header, plot) = (40.0, 24.0, 120.0)
        let width = chartWidth - left - 10, barWidth = width / Double(bins)
        let maxCount = Double(counts.max() ?? 1)
        h.raw("<div class=\"chartbox\"><svg class=\"chart\" viewBox=\"0 0 \(Int(chartWidth)) \(Int(header + plot + 28))\" role=\"img\" aria-label=\"")
        h.attribute(title)
        h.raw("\">\n")
        for (i, count) in counts.enumerated() where count > 0 {
            let x = left + Double(i) * barWidth, height = max(2, Double(count) / maxCount * plot)
            let over = low + Double(i) * step >= limit && limit > 0
            h.raw("<rect x=\"\(f(x + 1))\" y=\"\(f(header + plot - height))\" width=\"\(f(barWidth - 2))\" height=\"\(f(height))\" class=\"bar \(over ? "medium" : "ok")\"><title>")
            h.attribute("\(count) between \(NumberText.measure(low + Double(i) * step, unit)) and \(NumberText.measure(low + Double(i + 1) * step, unit))")
            h.raw("</title></rect>\n")
            svgText(&h, x: x + barWidth / 2, y: header + plot - height - 3, anchor: "middle", "\(count)", cssClass: "count")
        }
        h.raw("<line x1=\"\(f(left))\" y1=\"\(f(header + plot))\" x2=\"\(f(left + width))\" y2=\"\(f(header + plot))\" class=\"axis\"/>\n")
        svgText(&h, x: left, y: header + plot + 18, anchor: "start", NumberText.measure(low, unit))
        svgText(&h, x: left + width, y: header + plot + 18, anchor: "end", NumberText.measure(high, unit))
        if limit > 0 {
            let x = left + (limit - low) / (high - low) * width
            h.raw("<line x1=\"\(f(x))\" y1=\"\(f(header - 4))\" x2=\"\(f(x))\" y2=\"\(f(header + plot))\" class=\"limit\"/>\n")
            svgText(&h, x: x, y: header - 8, anchor: x > chartWidth - 80 ? "end" : "middle", "limit \(NumberText.limit(limit, unit))", cssClass: "limit-label")
        }
        h.raw("</svg></div>\n")
    }

    /// What the colours and the dashed line mean, as text beside the chart.
    private static func legend(_ h: inout HTML, _ items: [(cssClass: String, text: String)], limit: Bool) {
        h.raw("<ul class=\"legend\">")
        for item in items {
            h.raw("<li><span class=\"swatch \(item.cssClass)\"></span>")
            h.text(item.text)
            h.raw("</li>")
        }
        if limit { h.raw("<li><span class=\"swatch dash\"></span>the limit</li>") }
        h.raw("</ul>\n")
    }

    /// One stacked bar per subject: the weight mix, with the blended score beside it; beyond
    /// ``barLimit`` subjects, a histogram of the blended scores.
    private static func weightingChart(_ h: inout HTML, _ s: Report.Section) {
        let rows = s.results.compactMap { r -> (RuleResult, WeightingVerdict)? in
            if case .weighting(let w) = r.verdict { return (r, w) } else { return nil }
        }
        guard !rows.isEmpty else { return }
        guard rows.count <= barLimit else {
            h.tag("p", "All \(rows.count), by blended score:", class: "chart-note")
            histogram(&h, title: "\(s.rule.title): how many subjects have each blended score", values: rows.map(\.1.blended), limit: 0, unit: .share)
            return
        }
        let names = Array(Set(rows.flatMap { Array($0.1.weights.keys) })).sorted()
        let barArea = chartWidth - labelWidth - valueWidth
        let height = Double(rows.count) * rowHeight + 12
        h.raw("<div class=\"chartbox\"><svg class=\"chart\" viewBox=\"0 0 \(Int(chartWidth)) \(Int(height))\" role=\"img\" aria-label=\"")
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
            svgText(&h, x: labelWidth + barArea + 6, y: y + 13, anchor: "start", NumberText.percent(w.blended), cssClass: "value")
        }
        h.raw("</svg></div>\n")
        legend(&h, names.enumerated().map { ("mix\($0.offset % 4)", "\($0.element) weight") } + [("none", "blended score at the right")], limit: false)
    }

    /// A single stacked bar: how many subjects got each outcome, with a legend naming them.
    private static func gateChart(_ h: inout HTML, _ s: Report.Section) {
        let counts = s.rule.outcomes.map { o in (o, s.results.filter { $0.outcome == o }.count) }
        let total = counts.reduce(0) { $0 + $1.1 }
        guard total > 0 else { return }
        let barArea = chartWidth - 20
        h.raw("<div class=\"chartbox\"><svg class=\"chart\" viewBox=\"0 0 \(Int(chartWidth)) 34\" role=\"img\" aria-label=\"")
        h.attribute("\(s.rule.title): " + counts.map { "\($0.1) \($0.0.replacingOccurrences(of: "_", with: " "))" }.joined(separator: ", "))
        h.raw("\">\n")
        var x = 10.0
        for (n, (outcome, count)) in counts.enumerated() where count > 0 {
            let width = Double(count) / Double(total) * barArea
            h.raw("<rect x=\"\(f(x))\" y=\"4\" width=\"\(f(width))\" height=\"24\" class=\"outcome o\(n % 4)\"><title>")
            h.attribute("\(count) \(outcome.replacingOccurrences(of: "_", with: " "))")
            h.raw("</title></rect>\n")
            if width > 28 { svgText(&h, x: x + width / 2, y: 21, anchor: "middle", "\(count)", cssClass: "in-bar") }
            x += width
        }
        h.raw("</svg></div>\n")
        legend(&h, counts.enumerated().map { ("o\($0.offset % 4)", "\($0.element.0.replacingOccurrences(of: "_", with: " ")): \($0.element.1)") }, limit: false)
    }

    // MARK: Tables

    /// A table of results; rows beyond ``openRows`` go in a closed `<details>` below it, so the
    /// breaches at the top stay in view and a 500-manager report does not print 500 rows.
    private static func table<Item>(_ h: inout HTML, header: String, _ results: [Item], _ row: (inout HTML, Item) -> Void) {
        h.raw("<div class=\"scroll\"><table>\n<thead><tr>\(header)</tr></thead>\n<tbody>\n")
        for r in results.prefix(openRows) { row(&h, r) }
        h.raw("</tbody>\n</table>\n")
        if results.count > openRows {
            h.raw("<details class=\"more\"><summary>")
            h.text("\(results.count - openRows) more")
            h.raw("</summary>\n<table>\n<thead><tr>\(header)</tr></thead>\n<tbody>\n")
            for r in results.dropFirst(openRows) { row(&h, r) }
            h.raw("</tbody>\n</table>\n</details>\n")
        }
        h.raw("</div>\n")
    }

    private static func thresholdTable(_ h: inout HTML, _ s: Report.Section, _ report: Report) {
        let header = "<th>Subject</th><th class=\"num\">Value</th><th class=\"num\">Limit</th><th>Status</th><th>Why, and what to do</th>"
        table(&h, header: header, s.results) { h, r in
            guard case .threshold(let t) = r.verdict else { return }
            h.raw("<tr\(t.breached ? " class=\"breach\"" : "")><td>")
            h.text(r.subject.name)
            if let team = r.subject.team, r.subject.kind != .team { h.tag("div", team, class: "team") }
            h.raw("</td><td class=\"num\">\(NumberText.measure(t.value, s.rule.unit, against: t.limit))</td><td class=\"num\">\(NumberText.limit(t.limit, s.rule.unit))</td><td>")
            h.text(r.status)
            h.raw("</td><td>")
            details(&h, r, report)
            h.raw("</td></tr>\n")
        }
    }

    /// Ready, producer-track and nominated people one row each; people sharing an outcome and
    /// reasons one row for the group, the names in a `<details>`; each person's conditions in one.
    private static func gateTable(_ h: inout HTML, _ s: Report.Section, _ report: Report) {
        let exposed = s.hasExposure  // an always-empty column says nothing
        let header = "<th>Who</th><th>Outcome</th><th>Why, and what to do</th>\(exposed ? "<th class=\"num\">Exposure</th>" : "")"
        table(&h, header: header, s.gateGroups) { h, group in
            let r = group.members[0]
            guard case .gate(let g) = r.verdict else { return }
            h.raw("<tr class=\"o-\(Markup.escape(g.outcome))\"><td>")
            if group.isGroup {
                h.raw("<details><summary>")
                h.text("\(group.members.count) people")
                h.raw("</summary>")
                h.text(group.members.map(\.subject.name).joined(separator: ", "))
                h.raw("</details>")
            } else {
                h.text(r.subject.name)
                if let team = r.subject.team { h.tag("div", team, class: "team") }
            }
            h.raw("</td><td>")
            h.text(g.outcome.replacingOccurrences(of: "_", with: " "))
            h.raw("</td><td>")
            if group.isGroup {
                list(&h, group.reasons, class: "reasons")
            } else {
                details(&h, r, report)
                if !g.conditions.isEmpty {
                    h.raw("<details class=\"conditions\"><summary>Conditions: \(g.conditions.filter(\.passed).count) of \(g.conditions.count) met</summary>")
                    conditionList(&h, g.conditions)
                    h.raw("</details>")
                }
            }
            h.raw("</td>" + (exposed ? "<td class=\"num\">\(g.exposure.map(NumberText.money) ?? "")</td>" : "") + "</tr>\n")
        }
    }

    private static func list(_ h: inout HTML, _ items: [String], class cssClass: String) {
        h.raw("<ul class=\"\(cssClass)\">")
        for item in items { h.tag("li", item) }
        h.raw("</ul>")
    }

    private static func conditionList(_ h: inout HTML, _ conditions: [GateCondition]) {
        h.raw("<ul class=\"conditions\">")
        for c in conditions {
            h.raw("<li class=\"\(c.passed ? "pass" : "fail")\">")
            h.text(c.line)
            h.raw("</li>")
        }
        h.raw("</ul>")
    }

    private static func weightingTable(_ h: inout HTML, _ s: Report.Section, _ report: Report) {
        let header = "<th>Subject</th><th>Weight × value = part</th><th class=\"num\">Blended</th><th class=\"num\">Multiplier</th><th class=\"num\">Payout</th>"
        table(&h, header: header, s.results) { h, r in
            guard case .weighting(let w) = r.verdict else { return }
            let above = report.aboveTarget(r)
            h.raw("<tr\(above != nil ? " class=\"breach\"" : "")><td>")
            h.text(r.subject.name)
            if let team = r.subject.team { h.tag("div", team, class: "team") }
            h.raw("</td><td>")
            list(&h, Report.payParts(w), class: "parts")
            if let above { h.tag("div", above, class: "flag") }
            if !r.notes.isEmpty { h.tag("div", r.notes.joined(separator: "; "), class: "note") }
            h.raw("</td><td class=\"num\">\(NumberText.percent(w.blended))</td><td class=\"num\">\(w.multiplier.map { NumberText.percent($0) } ?? "")</td><td class=\"num\">\(w.payout.map(NumberText.money) ?? "")</td></tr>\n")
        }
    }

    /// The message, reasons, separate tests and notes; for a breach its evidence in words and
    /// the recommended action.
    private static func details(_ h: inout HTML, _ r: RuleResult, _ report: Report) {
        h.text(r.message ?? "")
        switch r.verdict {
        case .gate(let g) where !g.reasons.isEmpty:
            list(&h, g.reasons, class: "reasons")
        case .threshold(let t) where !t.conditions.isEmpty: conditionList(&h, t.conditions)
        default: break
        }
        if !r.notes.isEmpty { h.tag("div", r.notes.joined(separator: "; "), class: "note") }
        if r.isBreach && !r.evidence.isEmpty {
            let (shown, more) = report.evidence(r, limit: 15)
            h.raw("<details class=\"evidence\"><summary>Evidence (\(r.evidence.count))</summary><ul>")
            for item in shown { h.tag("li", item) }
            if more > 0 { h.tag("li", "and \(more) more") }
            h.raw("</ul></details>")
        }
        if let action = r.action, r.isBreach || r.exposure != nil || r.outcome != nil { h.tag("div", "→ \(action)", class: "todo") }
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

    /// Sorts the scorecard by a clicked heading (numbers as numbers, names as a person reads
    /// them); the links in the headings still lead to the policies.
    private static let sortScript = """
        document.querySelectorAll("table.sortable th").forEach(function (th, col) {
          th.addEventListener("click", function (event) {
            if (event.target.tagName === "A") return;
            var body = th.closest("table").tBodies[0], rows = Array.from(body.rows);
            var down = th.dataset.sorted !== "down"; th.dataset.sorted = down ? "down" : "up";
            var key = function (r) { var t = r.cells[col].textContent, n = parseFloat(t.replace(/,/g, "")); return isNaN(n) ? t : n; };
            rows.sort(function (a, b) { var x = key(a), y = key(b);
              var c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "en", { numeric: true });
              return down ? -c : c; });
            rows.forEach(function (r) { body.appendChild(r); });
          });
        });
        """

    private static let style = """
        :root { --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --alert: #b42318; --warn: #d97706; --ok: #7c8aa5; }
        * { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { font: 15px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 960px; padding: 24px; }
        h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 20px; margin: 28px 0 4px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
        h3 { font-size: 16px; margin: 18px 0 6px; } .meta, .id { color: var(--muted); font-size: 13px; }
        a { color: inherit; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; break-inside: avoid; }
        .card.alert { border-color: var(--alert); background: #fef3f2; }
        .figure { font-size: 26px; font-weight: 700; } .unit { font-size: 13px; font-weight: 400; color: var(--muted); }
        .label { font-size: 13px; color: var(--muted); }
        .actions li { margin-bottom: 8px; } .rule, .team { color: var(--muted); font-size: 13px; }
        .todo { color: #1e3a8a; font-weight: 600; margin-top: 3px; } .flag { color: var(--alert); margin-top: 4px; }
        table { border-collapse: collapse; width: 100%; margin-top: 10px; font-size: 13.5px; }
        th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
        th { background: #f4f6f9; } td.num, th.num { text-align: right; white-space: nowrap; }
        tr.breach td { background: #fff7ed; } .note { color: var(--muted); font-style: italic; }
        details.evidence, details.conditions { color: var(--muted); font-size: 12.5px; margin-top: 3px; } details ul { margin: 2px 0; }
        summary { cursor: pointer; } details.more { margin-top: 6px; } details.more > summary { color: var(--muted); }
        ul.conditions, ul.reasons, ul.parts { margin: 4px 0 0; padding-left: 18px; } li.pass { color: #067647; } li.fail { color: var(--alert); }
        .chartbox { overflow-x: auto; } .chart { width: 100%; min-width: 540px; max-width: 760px; height: auto; margin-top: 8px; font-size: 13px; }
        .chart text { fill: var(--ink); } .chart text.in-bar { fill: #fff; font-weight: 600; } .chart text.count, .chart text.value { fill: var(--muted); }
        .chart text { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; } .chart text.in-bar { stroke: none; }
        .bar.ok { fill: var(--ok); } .bar.medium { fill: var(--warn); } .bar.high { fill: var(--alert); } .axis { stroke: var(--muted); }
        .limit { stroke: var(--alert); stroke-width: 2; stroke-dasharray: 5 3; } .chart text.limit-label { fill: var(--alert); font-weight: 600; }
        .mix0, .o0 { fill: #2563eb; background: #2563eb; } .mix1, .o1 { fill: #0d9488; background: #0d9488; }
        .mix2, .o2 { fill: #9333ea; background: #9333ea; } .mix3, .o3 { fill: #64748b; background: #64748b; }
        .chart-note { color: var(--muted); font-size: 13px; margin: 10px 0 0; }
        ul.legend { list-style: none; padding: 0; margin: 4px 0 0; font-size: 13px; color: var(--muted); display: flex; flex-wrap: wrap; gap: 4px 16px; }
        .swatch { display: inline-block; width: 11px; height: 11px; margin-right: 5px; vertical-align: -1px; border-radius: 2px; }
        .swatch.ok { background: var(--ok); } .swatch.medium { background: var(--warn); } .swatch.high { background: var(--alert); }
        .swatch.dash { border-top: 2px dashed var(--alert); height: 0; border-radius: 0; vertical-align: 3px; } .swatch.none { display: none; }
        .failures li { color: var(--alert); }
        .scroll { overflow-x: auto; } .scorecard table { font-size: 12.5px; } .scorecard th { white-space: normal; font-size: 12px; }
        .scorecard td { white-space: nowrap; padding: 6px 6px; } table.sortable th { cursor: pointer; }
        td.sc-breach, td.sc-failed { background: #fef3f2; color: var(--alert); font-weight: 600; } td.sc-ok { color: #067647; } td.sc-na, td.sc-none { color: var(--muted); }
        .appendix { margin-top: 32px; font-size: 13px; color: var(--muted); } .appendix code { white-space: nowrap; }
        dl.provenance dt { font-weight: 600; margin-top: 6px; } dl.provenance dd { margin: 0; word-break: break-all; }
        @media (max-width: 600px) {
          body { padding: 12px; font-size: 15px; } h1 { font-size: 22px; } .cards { grid-template-columns: 1fr 1fr; gap: 8px; }
          .figure { font-size: 22px; } th, td { padding: 5px 5px; } table { font-size: 13px; }
        }
        @page { margin: 14mm 12mm; }
        @media print {
          body { padding: 0; max-width: none; font-size: 12px; } .chart { min-width: 0; }
          h2, h3, p.id, p.chart-note { break-after: avoid; } tr, .card, ul.legend { break-inside: avoid; }
          .chartbox, .scroll { overflow: visible; } details > summary { list-style: none; }
        }
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
