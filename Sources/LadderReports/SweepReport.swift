import Foundation
import LadderModel

/// `ladder sweep` output: a row per value with a column per rule the parameter moves (and the
/// total payout when it moves); in HTML, a curve per rule.
public enum SweepReport {
    public static let schema = "ladder.sweep/1"

    /// - Throws: ``LadderError`` for CSV.
    public static func render(_ r: SweepResult, format: ReportFormat) throws -> String {
        switch format {
        case .text: return table(r, markdown: false)
        case .markdown: return table(r, markdown: true)
        case .json: return try json(r)
        case .html: return html(r)
        case .csv: throw LadderError.invalidParameter("format", reason: "a sweep comes as text, markdown, json or html")
        }
    }

    static func table(_ r: SweepResult, markdown: Bool) -> String {
        let (rules, payout) = (r.affectedRules, r.affectsPayout)
        let title = "Sweep of \(r.parameter) on \(r.snapshot), as of \(r.asOf) (\(r.pack))"
        var head = [r.parameter] + rules.map { "\($0.id) (\($0.kind == .gate ? "ready" : "flagged"))" }
        if payout { head.append("payout") }
        let rows = r.points.map { p -> [String] in
            if let refused = p.refused { return [p.value.text, "refused: \(refused)"] }
            var row = [p.value.text] + rules.map { String(p.counts[$0.id] ?? 0) }
            if payout { row.append(p.payout.map(NumberText.money) ?? "none") }
            return row
        }
        var out = (markdown ? "# " : "") + title + "\n\n"
        if rules.isEmpty && !payout {
            out += "No rule flags a different number of subjects across the range, and the payout does not move.\n"
            for p in r.points where p.refused != nil { out += "\(markdown ? "- " : "")\(p.value.text): refused: \(p.refused!)\n" }
            return out
        }
        if markdown {
            out += "| " + head.joined(separator: " | ") + " |\n|" + head.map { _ in "---:|" }.joined() + "\n"
            for row in rows { out += "| " + row.joined(separator: " | ") + " |\n" }
        } else {
            let widths = head.indices.map { i in ([head[i]] + rows.compactMap { $0.count > i && $0.count == head.count ? $0[i] : nil }).map(\.count).max()! }
            func line(_ cells: [String]) -> String {
                cells.count == head.count
                    ? zip(cells, widths).map { String(repeating: " ", count: $1 - $0.count) + $0 }.joined(separator: "  ")
                    : String(repeating: " ", count: widths[0] - cells[0].count) + cells.joined(separator: "  ")
            }
            out += ([line(head)] + rows.map(line)).joined(separator: "\n") + "\n"
        }
        return out
    }

    static func json(_ r: SweepResult) throws -> String {
        struct Document: Encodable {
            var schema = SweepReport.schema
            var parameter, snapshot, as_of, pack: String
            var affected_rules: [String]
            var points: [Point]
        }
        struct Point: Encodable {
            var value: ParameterValue
            var counts: [String: Int]
            var payout: Double?
            var failures: Int
            var refused: String?
        }
        let document = Document(parameter: r.parameter, snapshot: r.snapshot, as_of: r.asOf, pack: r.pack, affected_rules: r.affectedRules.map(\.id),
                                points: r.points.map { Point(value: $0.value, counts: $0.counts, payout: $0.payout.map { ($0 * 100).rounded() / 100 },
                                                             failures: $0.failures, refused: $0.refused) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    static func html(_ r: SweepResult) -> String {
        let (rules, payout) = (r.affectedRules, r.affectsPayout)
        let points = r.points.filter { $0.refused == nil }
        let xs = points.compactMap { p -> Double? in
            switch p.value { case .number(let x): x; case .integer(let i): Double(i); default: nil }
        }
        // A curve per rule the parameter moves; the total payout when only it moves.
        var series: [(label: String, values: [Double])] = rules.map { rule in
            ("\(rule.title) (\(rule.kind == .gate ? "ready" : "flagged"))", points.map { Double($0.counts[rule.id] ?? 0) })
        }
        var money = false
        if series.isEmpty && payout {
            series = [("total payout", points.map { $0.payout ?? 0 })]
            money = true
        }
        let top = max(1, series.flatMap(\.values).max() ?? 1)
        let (width, height, left, bottom) = (640.0, 260.0, money ? 80.0 : 48.0, 36.0)
        let colors = ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#bf8700", "#57606a", "#e16f24", "#1b7c83"]
        var svg = ""
        if let low = xs.min(), let high = xs.max(), !series.isEmpty {
            func x(_ v: Double) -> Double { left + (high == low ? 0.5 : (v - low) / (high - low)) * (width - left - 16) }
            func y(_ c: Double) -> Double { 12 + (1 - c / top) * (height - bottom - 12) }
            let topLabel = money ? NumberText.money(top) : NumberText.fixed(top, decimals: 0)
            svg += "<svg role=\"img\" aria-label=\"\(Markup.escape(series.map(\.label).joined(separator: ", "))) per value of \(Markup.escape(r.parameter))\" width=\"\(Int(width))\" height=\"\(Int(height))\">\n"
            svg += "<line x1=\"\(left)\" y1=\"\(y(0))\" x2=\"\(width - 16)\" y2=\"\(y(0))\" stroke=\"#8c959f\"/>\n"
            svg += "<text x=\"\(left - 6)\" y=\"\(y(top) + 4)\" text-anchor=\"end\">\(topLabel)</text><text x=\"\(left - 6)\" y=\"\(y(0) + 4)\" text-anchor=\"end\">0</text>\n"
            svg += "<text x=\"\(left)\" y=\"\(height - 8)\">\(Markup.escape(points.first!.value.text))</text>"
            svg += "<text x=\"\(width - 16)\" y=\"\(height - 8)\" text-anchor=\"end\">\(Markup.escape(points.last!.value.text))</text>\n"
            for (i, line) in series.enumerated() {
                let path = zip(xs, line.values).map { "\(x($0)),\(y($1))" }.joined(separator: " ")
                svg += "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"\(colors[i % colors.count])\" points=\"\(path)\"><title>\(Markup.escape(line.label))</title></polyline>\n"
            }
            svg += "</svg>\n<ul class=\"legend\">" + series.enumerated().map { i, line in
                "<li><span style=\"color:\(colors[i % colors.count])\">■</span> \(Markup.escape(line.label))</li>"
            }.joined() + "</ul>\n"
        }
        let table = table(r, markdown: false).split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Markup.escape("Sweep of \(r.parameter)"))</title>
            <style>
            body { font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f24; }
            svg text { font-size: 12px; fill: #1b1f24; } .legend { list-style: none; padding: 0; } pre { font-size: 13px; }
            </style></head>
            <body>
            <h1>\(Markup.escape("Sweep of \(r.parameter)"))</h1>
            <p>\(Markup.escape("\(r.snapshot), as of \(r.asOf); \(r.pack)"))</p>
            \(svg)<pre>\(Markup.escape(table))</pre>
            </body></html>

            """
    }
}
