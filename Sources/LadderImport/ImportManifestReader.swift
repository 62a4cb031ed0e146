import Foundation
import LadderModel
import LadderPacks
import LadderSnapshots
import Yams

/// Reads an import manifest with line numbers, collecting every problem before refusing it.
public struct ImportManifestReader {
    let file: String
    private(set) var problems: [ImportProblem] = []

    public init(file: String) { self.file = file }

    /// Reads the manifest at `path`.
    /// - Throws: ``ImportError`` listing every problem, each as `file:line`.
    public static func read(_ path: String) throws -> ImportManifest {
        let text: String
        do {
            let data = try InputFile.read(path)
            guard let decoded = String(data: data, encoding: .utf8) else { throw ImportError(problems: [ImportProblem(path, "is not UTF-8 text")]) }
            text = decoded
        } catch let error as LadderError {
            throw ImportError(problems: [ImportProblem("", "\(error)")])
        }
        var reader = ImportManifestReader(file: path)
        guard let manifest = reader.read(text), reader.problems.isEmpty else { throw ImportError(problems: reader.problems) }
        return manifest
    }

    mutating func read(_ text: String) -> ImportManifest? {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            problems.append(ImportProblem("", PackManifestReader.yamlProblem(error, file: file)))
            return nil
        }
        guard let top = root?.mapping else {
            problem(root, "", "an import manifest is a YAML mapping (organization:, as_of:, files:, …); see docs/import.md")
            return nil
        }
        let known = ["version", "preset", "organization", "as_of", "date_format", "number_format", "exchange_rates", "people", "stages",
                     "periods", "files", "member_roles", "activity_kinds", "exit_kinds", "stage_entered_column"]
        unknownKeys(root!, known, "")
        if let version = top["version"].flatMap({ integer($0, "version") }), version != 1 {
            problem(top["version"], "version", "import manifest version \(version) is not supported; write version: 1")
        }
        var preset = ImportManifest.Preset.manual
        if let node = top["preset"], let name = string(node, "preset") {
            if let value = ImportManifest.Preset(rawValue: name) { preset = value } else {
                problem(node, "preset", "unknown preset \"\(name)\"\(name.didYouMean(ImportManifest.Preset.allCases.map(\.rawValue))) (presets: salesforce, hubspot, manual)")
            }
        }
        let organization = readOrganization(top["organization"], preset: preset)
        var asOf: Day?
        if let node = top["as_of"] { asOf = day(node, "as_of") } else {
            problem(nil, "as_of", "required: the date the snapshot describes, e.g. as_of: 2026-06-30 (rules never read the clock)")
        }
        let dates = top["date_format"].flatMap { self.dateFormat($0, "date_format") }
        let numbers = top["number_format"].flatMap { self.numberFormat($0, "number_format") } ?? NumberFormat.standard
        var rates: [String: Double] = [:]
        if let node = top["exchange_rates"] {
            if let map = node.mapping {
                for (key, value) in map {
                    guard let code = key.string, code.wholeMatch(of: #/[A-Z]{3}/#) != nil else {
                        problem(key, "exchange_rates", "\"\(key.string ?? "?")\" is not a currency code (three capital letters, e.g. EUR)")
                        continue
                    }
                    if let rate = number(value, "exchange_rates.\(code)") {
                        if rate > 0 { rates[code] = rate } else { problem(value, "exchange_rates.\(code)", "a rate is more than 0: what one \(code) is worth in the organisation's currency") }
                    }
                }
            } else { problem(node, "exchange_rates", "expected currency codes and rates, e.g. exchange_rates: {EUR: 1.08}") }
        }
        var match = ImportManifest.MatchKey.allCases
        if let node = top["people"] {
            unknownKeys(node, ["match"], "people")
            if let list = node.mapping?["match"] {
                let names = list.sequence.map { $0.compactMap(\.string) } ?? list.string.map { [$0] } ?? []
                let keys = names.compactMap(ImportManifest.MatchKey.init(rawValue:))
                if keys.isEmpty || keys.count != names.count {
                    problem(list, "people.match", "list how references to people are matched, from id, email and name, e.g. match: [email, name]")
                } else { match = keys }
            }
        }
        let stages = top["stages"].flatMap { self.readStages($0) }
        let periods = top["periods"].map { self.readPeriods($0) } ?? []
        var sources: [ImportManifest.Source] = []
        if let node = top["files"], let list = node.sequence, !list.isEmpty {
            for (i, item) in list.enumerated() {
                if let source = readSource(item, "files[\(i)]", defaultDates: dates) { sources.append(source) }
            }
            if !sources.isEmpty, !sources.contains(where: { $0.kind == .roster }) {
                problem(node, "files", "no roster: list a file of kind roster (the people: ids, names, roles, teams, managers)")
            }
        } else {
            problem(top["files"], "files", "required: list the export files, e.g. files: [{path: roster.csv, kind: roster}, {path: opportunities.csv, kind: deals}]")
        }
        let stageEntered = top["stage_entered_column"].flatMap { string($0, "stage_entered_column") } ?? ImportManifest.hubspotStageEnteredColumn
        if !stageEntered.contains("{stage}") {
            problem(top["stage_entered_column"], "stage_entered_column", "write the label with {stage} (and {pipeline}) where the export puts them, e.g. 'Date entered \"{stage} ({pipeline})\"'")
        }
        guard problems.isEmpty, let organization, let asOf else { return nil }
        return ImportManifest(file: file, preset: preset, organization: organization, asOf: asOf, dateFormat: dates, numberFormat: numbers,
                              exchangeRates: rates, match: match, stages: stages, periods: periods, sources: sources,
                              memberRoles: labels(top["member_roles"], "member_roles"), activityKinds: labels(top["activity_kinds"], "activity_kinds"),
                              exitKinds: labels(top["exit_kinds"], "exit_kinds"), stageEnteredColumn: stageEntered)
    }

    private mutating func readOrganization(_ node: Node?, preset: ImportManifest.Preset) -> Organization? {
        guard let node, node.mapping != nil else {
            problem(node, "organization", "required: organization: {id: northwind, name: Northwind Traders, currency: USD}")
            return nil
        }
        unknownKeys(node, ["id", "name", "currency", "source"], "organization")
        let id = required(node, "id", "organization"), name = required(node, "name", "organization"), currency = required(node, "currency", "organization")
        if let currency, currency.wholeMatch(of: #/[A-Z]{3}/#) == nil {
            problem(node.mapping?["currency"], "organization.currency", "\"\(currency)\" is not an ISO 4217 code (three capital letters, e.g. USD)")
        }
        let source = node.mapping?["source"].flatMap { string($0, "organization.source") } ?? preset.rawValue
        guard let id, let name, let currency else { return nil }
        return Organization(id: id, name: name, currency: currency, source: source)
    }

    private mutating func readStages(_ node: Node) -> [ImportManifest.StageMapping]? {
        guard let list = node.sequence, !list.isEmpty else {
            problem(node, "stages", "list the pipeline's stages, e.g. - {name: Negotiation/Review, order: 8, probability: 0.9, late: true}")
            return nil
        }
        var stages: [ImportManifest.StageMapping] = []
        for (i, item) in list.enumerated() {
            let path = "stages[\(i)]"
            unknownKeys(item, ["name", "order", "probability", "late", "closed", "won", "aliases"], path)
            guard let name = required(item, "name", path) else { continue }
            let map = item.mapping
            let order = map?["order"].flatMap { integer($0, "\(path).order") } ?? (i + 1)
            guard let probability = map?["probability"].flatMap({ number($0, "\(path).probability") }) ?? nilProblem(item, "\(path).probability", "required: the stage's win probability, 0 to 1") else { continue }
            let won = map?["won"].flatMap { bool($0, "\(path).won") } ?? false
            let closed = map?["closed"].flatMap { bool($0, "\(path).closed") } ?? won
            let late = map?["late"].flatMap { bool($0, "\(path).late") } ?? (!closed && probability >= 0.75)
            let aliases = map?["aliases"].map { node in node.sequence?.compactMap(\.string) ?? node.string.map { [$0] } ?? [] } ?? []
            stages.append(.init(stage: Stage(name: name, order: order, probability: probability, late: late, closed: closed, won: won), aliases: aliases))
        }
        return stages
    }

    private mutating func readPeriods(_ node: Node) -> [Period] {
        guard let list = node.sequence else {
            problem(node, "periods", "list the quota periods, e.g. - {id: 2026-Q2, start: 2026-04-01, end: 2026-06-30}")
            return []
        }
        return list.enumerated().compactMap { i, item in
            let path = "periods[\(i)]"
            unknownKeys(item, ["id", "start", "end"], path)
            guard let id = required(item, "id", path),
                  let start = item.mapping?["start"].flatMap({ day($0, "\(path).start") }) ?? nilProblem(item, "\(path).start", "required"),
                  let end = item.mapping?["end"].flatMap({ day($0, "\(path).end") }) ?? nilProblem(item, "\(path).end", "required") else { return nil }
            return Period(id: id, start: start, end: end)
        }
    }

    private mutating func readSource(_ node: Node, _ path: String, defaultDates: DateFormat?) -> ImportManifest.Source? {
        unknownKeys(node, ["path", "kind", "columns", "scores", "date_format", "number_format", "delimiter", "encoding"], path)
        guard let file = required(node, "path", path), let kindName = required(node, "kind", path) else { return nil }
        guard let kind = SourceKind(named: kindName) else {
            let names = SourceKind.allCases.map(\.rawValue) + SourceKind.aliases.keys.sorted()
            problem(node.mapping?["kind"], "\(path).kind", "unknown kind \"\(kindName)\"\(kindName.didYouMean(names)) (kinds: \(SourceKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            return nil
        }
        let map = node.mapping
        let columns = labels(map?["columns"], "\(path).columns")
        let fields = Set(ImportColumns.fields(kind).map(\.name))
        for name in columns.keys.sorted() where !fields.contains(name) {
            problem(map?["columns"], "\(path).columns", "a \(kind.rawValue) file has no field \"\(name)\"\(name.didYouMean(fields)) (fields: \(ImportColumns.fields(kind).map(\.name).joined(separator: ", ")))")
        }
        let scores = labels(map?["scores"], "\(path).scores")
        if !scores.isEmpty, kind != .assessments { problem(map?["scores"], "\(path).scores", "scores: is for assessment files") }
        var delimiter: Character = ","
        if let node = map?["delimiter"], let text = string(node, "\(path).delimiter") {
            let value = text == "\\t" || text == "tab" ? "\t" : text
            if value.count == 1 { delimiter = Character(value) } else { problem(node, "\(path).delimiter", "one character, e.g. delimiter: \";\" (or \"\\t\" for tabs)") }
        }
        var encoding = CSVTable.Encoding.utf8
        if let node = map?["encoding"], let text = string(node, "\(path).encoding") {
            if let value = CSVTable.Encoding(rawValue: text.lowercased()) { encoding = value } else {
                problem(node, "\(path).encoding", "unknown encoding \"\(text)\" (encodings: utf-8, windows-1252)")
            }
        }
        return .init(path: file, kind: kind, columns: columns, scores: scores,
                     dateFormat: map?["date_format"].flatMap { dateFormat($0, "\(path).date_format") } ?? defaultDates,
                     numberFormat: map?["number_format"].flatMap { numberFormat($0, "\(path).number_format") },
                     delimiter: delimiter, encoding: encoding)
    }

    // MARK: Values

    private mutating func problem(_ node: Node?, _ path: String, _ message: String) {
        let line = node?.mark.map { ":\($0.line)" } ?? ""
        problems.append(ImportProblem("\(file)\(line)", "\(path.isEmpty ? "" : path + ": ")\(message)"))
    }

    private mutating func nilProblem<T>(_ node: Node?, _ path: String, _ message: String) -> T? {
        problem(node, path, message)
        return nil
    }

    private mutating func unknownKeys(_ node: Node, _ known: [String], _ path: String) {
        guard let map = node.mapping else {
            problem(node, path, "expected a mapping (\(known.prefix(3).joined(separator: ":, ")):, …)")
            return
        }
        for (key, _) in map where !known.contains(key.string ?? "") {
            let name = key.string ?? "?"
            problem(key, path.isEmpty ? name : "\(path).\(name)", "unknown key\(name.didYouMean(known)) (known: \(known.joined(separator: ", ")))")
        }
    }

    private mutating func required(_ node: Node, _ key: String, _ path: String) -> String? {
        guard let value = node.mapping?[key] else {
            problem(node, "\(path).\(key)", "required")
            return nil
        }
        return string(value, "\(path).\(key)")
    }

    private mutating func string(_ node: Node, _ path: String) -> String? {
        guard let scalar = node.scalar, !scalar.string.isEmpty else { return nilProblem(node, path, "expected text") }
        return scalar.string
    }

    private mutating func integer(_ node: Node, _ path: String) -> Int? {
        guard let value = node.scalar.flatMap({ Int($0.string) }) else { return nilProblem(node, path, "expected a whole number") }
        return value
    }

    private mutating func number(_ node: Node, _ path: String) -> Double? {
        guard let value = node.scalar.flatMap({ Double($0.string) }), value.isFinite else { return nilProblem(node, path, "expected a number") }
        return value
    }

    private mutating func bool(_ node: Node, _ path: String) -> Bool? {
        switch node.scalar?.string.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: return nilProblem(node, path, "expected true or false")
        }
    }

    private mutating func day(_ node: Node, _ path: String) -> Day? {
        guard let text = node.scalar?.string, let day = Day(text) else { return nilProblem(node, path, "expected a date written YYYY-MM-DD") }
        return day
    }

    private mutating func dateFormat(_ node: Node, _ path: String) -> DateFormat? {
        guard let text = string(node, path) else { return nil }
        guard let format = DateFormat(text) else {
            return nilProblem(node, path, "\"\(text)\" is not a date format; write the day, month and year as DD, MM and YYYY in the file's order, e.g. MM/DD/YYYY or DD.MM.YYYY")
        }
        return format
    }

    private mutating func numberFormat(_ node: Node, _ path: String) -> NumberFormat? {
        guard let text = string(node, path) else { return nil }
        guard let format = NumberFormat(text) else {
            return nilProblem(node, path, "\"\(text)\" is not a number format; write how 1234.56 looks in the file: \(NumberFormat.examples.joined(separator: ", "))")
        }
        return format
    }

    /// A mapping of labels to names (`columns:`, `member_roles:`, …).
    private mutating func labels(_ node: Node?, _ path: String) -> [String: String] {
        guard let node else { return [:] }
        guard let map = node.mapping else { return nilProblem(node, path, "expected a mapping, e.g. \(path.hasSuffix("columns") ? "{owner: \"Deal owner\"}" : "{\"Sales Manager\": manager}")") ?? [:] }
        var result: [String: String] = [:]
        for (key, value) in map {
            if let key = key.string, let value = string(value, "\(path).\(key)") { result[key] = value }
        }
        return result
    }
}
