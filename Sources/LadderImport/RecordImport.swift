import LadderModel

/// Quotas, activities, assessments and events: the consultancy's spreadsheets.
extension ImportRun {
    mutating func readQuota(_ cells: RowCells) throws(SkipReason) {
        let person = try requiredPerson("person", cells)
        let period = try requiredText("period", cells)
        guard let found = periods.first(where: { $0.id.sameID(period) }) else {
            throw SkipReason("no period \"\(period)\" (periods: \(periods.map(\.id).joined(separator: ", ")))")
        }
        guard let amount = try money("amount", cells) else { throw SkipReason("no \(cells.label("amount"))") }
        var ramp = 1.0
        if let text = cells.text("ramp_factor") {
            let percent = text.hasSuffix("%")
            guard let value = number(percent ? String(text.dropLast()).trimmedCell : text, cells),
                  percent ? (0...100).contains(value) : (0...1).contains(value) else {
                throw SkipReason("\(cells.label("ramp_factor")) \"\(text)\" is not 0 to 1 or a percentage such as 50%")
            }
            ramp = percent ? value / 100 : value
        }
        let key = "\(person)\u{0}\(found.id)"
        if let first = quotaIndex[key] {
            throw SkipReason("a second quota for \(person) in \(found.id) (first at line \(origins["quotas"]?[first].line ?? 0))")
        }
        quotaIndex[key] = quotas.count
        quotas.append(Quota(personId: person, periodId: found.id, amount: amount, rampFactor: ramp))
        origin("quotas", cells)
    }

    static let activityKinds = ["one_on_one", "coaching", "deal_review", "joint_call", "mentoring", "peer_assist", "lead_shared", "led_project"]

    mutating func readActivity(_ cells: RowCells) throws(SkipReason) {
        let label = try requiredText("kind", cells)
        guard let kind = manifest.activityKinds[label] ?? Self.activityKind(label) else {
            throw SkipReason("activity \"\(label)\" is not one of Ladder's kinds (\(Self.activityKinds.joined(separator: ", "))): map it under activity_kinds: in the manifest, or remove the row")
        }
        let owner = try requiredPerson("owner", cells)
        var with: [String] = []
        for name in (cells.text("with") ?? "").split(whereSeparator: { $0 == ";" || $0.isNewline }) {
            let name = name.trimmedCell
            guard !name.isEmpty else { continue }
            switch directory.resolve(name) {
            case .success(let id): if !with.contains(id), id != owner { with.append(id) }
            case .failure(let reason): warn(cells.file, cells.row.line, "\(cells.label("with")): \(reason); left out of the activity")
            }
        }
        let day = try date("date", cells, required: true)!
        var dealID: String?
        if let text = cells.text("deal") { dealID = deals[try deal(text)].id }
        activities.append(Activity(kind: kind, ownerId: owner, withIds: with, date: day, dealId: dealID))
        origin("activities", cells)
    }

    /// A kind by its name written any way (`One on one`, `1:1`, `Deal review`).
    static func activityKind(_ label: String) -> String? {
        let key = ImportColumns.normalised(label)
        if ["11", "1on1", "oneonone", "oneone"].contains(key) { return "one_on_one" }
        return activityKinds.first { ImportColumns.normalised($0) == key }
    }

    /// Score name → column, from the manifest's `scores:` and the columns named like a score.
    func scoreColumns(_ source: ImportManifest.Source, _ columns: ColumnMap) -> [(name: String, column: Int)] {
        var found: [(String, Int)] = []
        for name in ImportColumns.scoreNames {
            if let column = columns.byLabel[ImportColumns.normalised(source.scores[name] ?? name)] { found.append((name, column)) }
        }
        for (name, label) in source.scores.sorted(by: { $0.key < $1.key }) where !ImportColumns.scoreNames.contains(name) {
            if let column = columns.byLabel[ImportColumns.normalised(label)] { found.append((name, column)) }
        }
        return found
    }

    mutating func readAssessment(_ cells: RowCells) throws(SkipReason) {
        let person = try requiredPerson("person", cells)
        let day = try date("date", cells, required: true)!
        var scores: [String: Double] = [:]
        for (name, column) in scoreColumns(cells.source, cells.columns) {
            guard let text = ColumnMap.cell(cells.row, column) else { continue }
            guard let value = number(text, cells), (1...5).contains(value) else {
                throw SkipReason("\(cells.columns.table.header[column]) \"\(text)\" is not a score from 1 to 5")
            }
            scores[name] = value
        }
        if scores.isEmpty { throw SkipReason("no scores (columns: \(ImportColumns.scoreNames.joined(separator: ", ")), or name them under scores:)") }
        assessments.append(Assessment(personId: person, date: day, assessor: cells.text("assessor"), scores: scores))
        origin("assessments", cells)
    }

    static let eventKinds = ["hire", "promotion", "voluntary_exit", "involuntary_exit", "transfer", "return_to_individual", "leave"]

    mutating func readEvent(_ cells: RowCells) throws(SkipReason) {
        let person = try requiredPerson("person", cells)
        let day = try date("date", cells, required: true)!
        let label = try requiredText("kind", cells)
        let kind = manifest.exitKinds[label] ?? Self.eventKinds.first { ImportColumns.normalised($0) == ImportColumns.normalised(label) } ?? Self.exitKind(label)
        var regretted = false
        if let text = cells.text("regretted") {
            guard let value = BooleanCell.read(text) else { throw SkipReason("\(cells.label("regretted")) \"\(text)\" is not yes or no") }
            regretted = value ?? false
        }
        if events.contains(where: { $0.personId == person && $0.date == day && $0.kind == kind }) {
            throw SkipReason("\(person) already has a \(kind) on \(day) (from the roster or an earlier row)")
        }
        events.append(Event(personId: person, date: day, kind: kind, regretted: regretted))
        origin("events", cells)
    }
}
