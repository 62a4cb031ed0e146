import LadderModel

/// Deals, their team members and their stage history.
extension ImportRun {
    mutating func readDeal(_ cells: RowCells) throws(SkipReason) {
        let id = try requiredText("id", cells)
        if let first = dealIndex[id] {
            throw SkipReason("duplicate deal id \"\(id)\" (first at line \(origins["deals"]?[first].line ?? 0))")
        }
        do throws(SkipReason) {
            let owner = try requiredPerson("owner", cells)
            let label = try requiredText("stage", cells)
            let pipeline = cells.text("pipeline")
            guard let stage = stageName(label, pipeline: pipeline) else {
                throw SkipReason("stage \"\(label)\"\(pipeline.map { " (pipeline \($0))" } ?? "") is not in the stage mapping: add it to stages: in the manifest, or as an alias of one")
            }
            var amount = try money("amount", cells, currencyField: cells.columns.has("currency") ? "currency" : nil)
            if amount == nil {
                warn(cells.file, cells.row.line, "deal \(id) has no amount: read as 0")
                amount = 0
            }
            var team: String?
            if let text = cells.text("team") {
                guard let found = teamID(text) else { throw SkipReason("\(cells.label("team")): no team \"\(text)\"") }
                team = found
            }
            let entered = try stageEntered(cells, label: label, pipeline: pipeline)
            dealIndex[id] = deals.count
            deals.append(Deal(id: id, name: cells.text("name"), teamId: team, ownerId: owner, amount: amount ?? 0, stage: stage,
                              createdDate: try date("created_date", cells), closeDate: try date("close_date", cells),
                              stageEnteredDate: entered, members: []))
            origin("deals", cells)
        } catch {
            _ = skippedDeals.updateValue("\(cells.file):\(cells.row.line)", forKey: id)
            throw error
        }
    }

    /// The stage a client label means: `Label (Pipeline)` aliases first, then names and aliases
    /// exactly, then without case or extra spaces.
    func stageName(_ label: String, pipeline: String?) -> String? {
        let mappings = manifest.stageMappings
        if let pipeline, let found = mappings.first(where: { $0.aliases.contains("\(label) (\(pipeline))") }) { return found.stage.name }
        if let found = mappings.first(where: { $0.stage.name == label || $0.aliases.contains(label) }) { return found.stage.name }
        let key = PeopleDirectory.nameKey(label)
        return mappings.first { ([$0.stage.name] + $0.aliases).contains { PeopleDirectory.nameKey($0) == key } }?.stage.name
    }

    /// When the deal entered its stage: a `Last Stage Change Date` column, or HubSpot's
    /// `Date entered "<stage> (<pipeline>)"` column for the deal's stage.
    private mutating func stageEntered(_ cells: RowCells, label: String, pipeline: String?) throws(SkipReason) -> Day? {
        if let day = try date("stage_entered_date", cells) { return day }
        var column = manifest.stageEnteredColumn.replacingOccurrences(of: "{stage}", with: label)
        column = column.replacingOccurrences(of: " ({pipeline})", with: pipeline.map { " (\($0))" } ?? "")
            .replacingOccurrences(of: "{pipeline}", with: pipeline ?? "")
        guard let index = cells.columns.byLabel[ImportColumns.normalised(column)], let text = ColumnMap.cell(cells.row, index) else { return nil }
        return try date(text, label: cells.columns.table.header[index], cells)
    }

    mutating func readMember(_ cells: RowCells) throws(SkipReason) {
        let dealID = try requiredText("deal", cells)
        let index = try deal(dealID)
        let person = try requiredPerson("person", cells)
        let label = try requiredText("role", cells)
        let role = manifest.memberRoles[label] ?? Self.memberRole(label)
        if role == label, !["assist", "manager", "executive_sponsor", "presales"].contains(role) {
            warn(cells.file, cells.row.line, "team role \"\(label)\" kept as written; map it under member_roles: if it means assist, manager, executive_sponsor or presales")
        }
        // A team report may list the owner as "Opportunity Owner": that is the ownership again.
        if deals[index].ownerId.sameID(person), ["owner", "opportunityowner", "dealowner"].contains(ImportColumns.normalised(label)) {
            ownersListedAsMembers.append(cells.row.line)
            return
        }
        if deals[index].members.contains(where: { $0.personId.sameID(person) }) { throw SkipReason("\(person) is already a member of deal \(dealID)") }
        deals[index].members.append(DealMember(personId: person, role: role))
    }

    /// One warning for a file's rows that list a deal's owner as its owner again.
    mutating func warnAboutOwnersListed(_ file: String) {
        let lines = ownersListedAsMembers
        ownersListedAsMembers = []
        guard !lines.isEmpty else { return }
        let shown = lines.prefix(5).map(String.init).joined(separator: ", ") + (lines.count > 5 ? ", …" : "")
        warn(file, nil, "\(lines.count) row\(lines.count == 1 ? " names" : "s name") the deal's owner as its owner again (line\(lines.count == 1 ? "" : "s") \(shown)): the owner is on the deal already, not added as a member")
    }

    /// The latest date each deal entered each stage, from the history files.
    mutating func readStageChange(_ cells: RowCells) throws(SkipReason) {
        let index = try deal(try requiredText("deal", cells))
        let label = try requiredText("stage", cells)
        guard let stage = stageName(label, pipeline: nil) else {
            throw SkipReason("stage \"\(label)\" is not in the stage mapping: add it to stages: in the manifest, or as an alias of one")
        }
        guard let day = try date("date", cells, required: true) else { return }
        let key = StageVisit(deal: index, stage: stage)
        stageVisits[key] = max(stageVisits[key] ?? day, day)
        dealsWithHistory.insert(index)
    }

    /// Sets each deal's `stage_entered_date` from its last change into its current stage.
    mutating func finishStageHistory(_ hadHistory: Bool) {
        guard hadHistory else { return }
        var unrecorded: [String] = []
        for index in deals.indices {
            if let day = stageVisits[StageVisit(deal: index, stage: deals[index].stage)] {
                deals[index].stageEnteredDate = day
            } else if dealsWithHistory.contains(index) {
                let origin = origins["deals"]?[index]
                warn(origin?.file, origin?.line, "deal \(deals[index].id): the stage history has no change into \"\(deals[index].stage)\", its current stage; the history may be cut short (export it for a longer range)")
            } else if deals[index].stageEnteredDate == nil {
                unrecorded.append(deals[index].id)
            }
        }
        if !unrecorded.isEmpty {
            warn(nil, nil, "\(unrecorded.count) deal\(unrecorded.count == 1 ? " has" : "s have") no stage history and no stage date (\(unrecorded.prefix(5).joined(separator: ", "))\(unrecorded.count > 5 ? ", …" : "")): rules about stalled deals cannot see how long they have been in their stage")
        }
    }

    /// The index of an imported deal — by id, or by name when one deal has it (team member
    /// reports often carry only the opportunity's name) — or why a row about it is skipped.
    mutating func deal(_ id: String) throws(SkipReason) -> Int {
        if let index = dealIndex[id] { return index }
        if let place = skippedDeals[id] { throw SkipReason("deal \(id) was skipped (\(place))") }
        if dealsByName == nil {
            dealsByName = Dictionary(grouping: deals.indices.filter { deals[$0].name != nil }) { PeopleDirectory.nameKey(deals[$0].name!) }
        }
        let named = dealsByName?[PeopleDirectory.nameKey(id)] ?? []
        if named.count == 1 { return named[0] }
        if named.count > 1 { throw SkipReason("\(named.count) deals are named \"\(id)\" (\(named.map { deals[$0].id }.joined(separator: ", "))): give the deal's id") }
        throw SkipReason("no deal \"\(id)\" in the deals files")
    }

    /// Open deals whose owner has left: their late-stage counts still fall to the owner.
    mutating func warnAboutDeals() {
        let left = Dictionary(people.filter { !$0.active }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let closed = Set(stages.filter(\.closed).map(\.name))
        for (index, deal) in deals.enumerated() where !closed.contains(deal.stage) {
            guard let owner = left[deal.ownerId] else { continue }
            let exit = events.first { $0.personId == owner.id && $0.kind.hasSuffix("exit") }
            let origin = origins["deals"]?[index]
            warn(origin?.file, origin?.line, "open deal \(deal.id) is owned by \(owner.name), who left\(exit.map { " on \($0.date)" } ?? ""): reassign it in the CRM or expect it in their old team's figures")
        }
    }

    static func memberRole(_ label: String) -> String {
        switch ImportColumns.normalised(label) {
        case "assist", "salesrep", "accountmanager", "collaborator", "accountexecutive", "assisting": "assist"
        case "manager", "salesmanager", "teammanager": "manager"
        case "executivesponsor", "sponsor": "executive_sponsor"
        case "presales", "presalesconsultant", "salesengineer", "solutionsengineer", "solutionconsultant": "presales"
        default: label
        }
    }
}

struct StageVisit: Hashable {
    let deal: Int
    let stage: String
}
