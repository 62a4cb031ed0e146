import LadderModel

/// Periods, teams and people: the roster and the files around it.
extension ImportRun {
    mutating func readPeriod(_ cells: RowCells) throws(SkipReason) {
        let id = try requiredText("id", cells)
        guard let start = try date("start", cells, required: true), let end = try date("end", cells, required: true) else { return }
        if let first = periods.firstIndex(where: { $0.id.sameID(id) }) {
            throw SkipReason("duplicate period \"\(id)\" (first \(origins["periods"]?[first].line.map { "at line \($0)" } ?? "in the manifest"))")
        }
        periods.append(Period(id: id, start: start, end: end))
        origin("periods", cells)
    }

    /// Teams are read before the roster; their managers and parents are resolved after it.
    mutating func readTeam(_ cells: RowCells) throws(SkipReason) {
        let id = try requiredText("id", cells)
        if let first = teams.firstIndex(where: { $0.id.sameID(id) }) {
            throw SkipReason("duplicate team id \"\(id)\" (first at line \(origins["teams"]?[first].line ?? 0))")
        }
        teams.append(Team(id: id, name: try requiredText("name", cells), managerId: cells.text("manager"), parentId: cells.text("parent")))
        origin("teams", cells)
    }

    mutating func readPerson(_ cells: RowCells) throws(SkipReason) {
        let id = try requiredText("id", cells)
        if directory.contains(id: id), let first = people.firstIndex(where: { $0.id.sameID(id) }) {
            throw SkipReason("duplicate person id \"\(id)\" (first at line \(origins["people"]?[first].line ?? 0))")
        }
        let name = try requiredText("name", cells)
        let roleText = try requiredText("role", cells)
        let role = Self.role(roleText)
        if role == roleText.lowercased(), !["rep", "manager", "director"].contains(role) {
            warn(cells.file, cells.row.line, "role \"\(roleText)\" kept as written: neither rep nor manager to the rules")
        }
        let track = try Self.track(cells.text("track"), cells)
        let hire = try date("hire_date", cells), roleStart = try date("role_start_date", cells)
        let exit = try date("exit_date", cells)
        var active = exit.map { $0 > manifest.asOf } ?? true
        if let text = cells.text("active") {
            guard let value = BooleanCell.read(text) else { throw SkipReason("\(cells.label("active")) \"\(text)\" is not yes or no") }
            active = value ?? active
        }
        let incentive = try money("target_incentive", cells)
        if let exit {
            let kindText = cells.text("exit_kind")
            let kind = kindText.map { manifest.exitKinds[$0] ?? Self.exitKind($0) } ?? "voluntary_exit"
            if kindText == nil {
                warn(cells.file, cells.row.line, "exit on \(exit) without an exit kind: recorded as voluntary_exit; add an Exit Kind column (voluntary or involuntary)")
            }
            var regretted = false
            if let text = cells.text("regretted") {
                guard let value = BooleanCell.read(text) else { throw SkipReason("\(cells.label("regretted")) \"\(text)\" is not yes or no") }
                regretted = value ?? false
            }
            events.append(Event(personId: id, date: exit, kind: kind, regretted: regretted))
            origin("events", cells)
        }
        directory.add(id: id, name: name, email: cells.text("email"))
        // Team and manager are names until every person is known.
        people.append(Person(id: id, name: name, email: cells.text("email"), role: role, track: track, teamId: cells.text("team"),
                             managerId: cells.text("manager"), hireDate: hire, roleStartDate: roleStart, active: active, targetIncentive: incentive))
        origin("people", cells)
    }

    /// Resolves the roster's managers and teams once every person is known; a person whose
    /// manager or team cannot be found is skipped.
    mutating func finishRoster(_ columns: ColumnMap) {
        let teamFile = manifest.sources.contains { $0.kind == .teams }
        var kept: [Person] = []
        var keptOrigins: [ImportReport.Note] = []
        for (person, origin) in zip(people, origins["people"] ?? []) {
            var person = person
            do throws(SkipReason) {
                if let manager = person.managerId {
                    switch directory.resolve(manager) {
                    case .success(let id): person.managerId = id
                    case .failure(let reason): throw SkipReason("\(columns.used["manager"] ?? "manager"): \(reason)")
                    }
                }
                if let team = person.teamId, teamFile {
                    guard let id = teamID(team) else {
                        throw SkipReason("\(columns.used["team"] ?? "team"): no team \"\(team)\" in the teams file")
                    }
                    person.teamId = id
                }
                kept.append(person)
                keptOrigins.append(origin)
            } catch {
                report.skipped.append(.init(file: origin.file, line: origin.line, message: error.description))
                directory.remove(id: person.id)
            }
        }
        people = kept
        origins["people"] = keptOrigins
        // A skipped person's exit goes with them.
        let exits = zip(events, origins["events"] ?? []).filter { event, _ in directory.contains(id: event.personId) }
        events = exits.map(\.0)
        origins["events"] = exits.map(\.1)
    }

    /// Resolves the teams file's managers and parents, or makes the teams from the roster's
    /// team column when there is no teams file: one team per value, led by its manager.
    mutating func finishTeams() {
        if manifest.sources.contains(where: { $0.kind == .teams }) {
            var kept: [Team] = []
            var keptOrigins: [ImportReport.Note] = []
            for (team, origin) in zip(teams, origins["teams"] ?? []) {
                var team = team
                if let manager = team.managerId {
                    switch directory.resolve(manager) {
                    case .success(let id): team.managerId = id
                    case .failure(let reason):
                        report.skipped.append(.init(file: origin.file, line: origin.line, message: "manager: \(reason)"))
                        continue
                    }
                }
                if let parent = team.parentId {
                    guard let id = teamID(parent) else {
                        report.skipped.append(.init(file: origin.file, line: origin.line, message: "parent: no team \"\(parent)\""))
                        continue
                    }
                    team.parentId = id
                }
                kept.append(team)
                keptOrigins.append(origin)
            }
            teams = kept
            origins["teams"] = keptOrigins
            teamLookup = nil
            return
        }
        for (person, origin) in zip(people, origins["people"] ?? []) {
            guard let team = person.teamId, !teams.contains(where: { $0.id.sameID(team) }) else { continue }
            let leads = people.filter { $0.teamId.map { $0.sameID(team) } == true && $0.role == "manager" && $0.active }
            if leads.count > 1 {
                warn(origin.file, nil, "team \"\(team)\" has \(leads.count) active managers (\(leads.map(\.id).joined(separator: ", "))): \(leads[0].id) leads it; add a teams file to say who")
            }
            teams.append(Team(id: team, name: team, managerId: leads.first?.id, parentId: nil))
            origins["teams", default: []].append(origin)
        }
        if teams.isEmpty {
            problems.append(ImportProblem(manifest.file, "no teams: give the roster a Team column (a team id or name per person) or list a file of kind teams"))
        }
    }

    /// A team by id, or by name when one team has it.
    mutating func teamID(_ text: String) -> String? {
        if teamLookup?.count != teams.count {
            var byID = IDMap<String>()
            var byName: [String: [String]] = [:]
            for team in teams {
                _ = byID.updateValue(team.id, forKey: team.id)
                byName[PeopleDirectory.nameKey(team.name), default: []].append(team.id)
            }
            teamLookup = (teams.count, byID, byName)
        }
        if let id = teamLookup?.byID[text] { return id }
        let named = teamLookup?.byName[PeopleDirectory.nameKey(text)] ?? []
        return named.count == 1 ? named[0] : nil
    }

    /// A CRM user: linked to the roster person with the same email (or name), so that deals
    /// naming the user by CRM id or CRM name find them.
    mutating func readUser(_ cells: RowCells) throws(SkipReason) {
        let id = try requiredText("id", cells), name = try requiredText("name", cells)
        if case .failure(let reason) = directory.addUser(id: id, name: name, email: cells.text("email")) {
            throw SkipReason("user \(id): \(reason) (a CRM user who is not in the roster is not a person to the rules)")
        }
    }

    static func role(_ text: String) -> String {
        switch ImportColumns.normalised(text) {
        case "rep", "salesrep", "accountexecutive", "ae", "salesrepresentative": "rep"
        case "manager", "salesmanager", "teamlead", "teamleader", "frontlinemanager": "manager"
        case "director", "salesdirector", "regionaldirector", "vp", "vicepresident", "vpsales": "director"
        default: text.lowercased()
        }
    }

    static func track(_ text: String?, _ cells: RowCells) throws(SkipReason) -> String {
        guard let text else { return "individual" }
        switch ImportColumns.normalised(text) {
        case "individual", "ic", "individualcontributor": return "individual"
        case "producer", "producertrack", "seniorproducer": return "producer"
        case "management", "managementtrack": return "management"
        default: throw SkipReason("\(cells.label("track")) \"\(text)\" is not individual, producer or management")
        }
    }

    static func exitKind(_ text: String) -> String {
        switch ImportColumns.normalised(text) {
        case "voluntary", "voluntaryexit", "resigned", "resignation", "quit": "voluntary_exit"
        case "involuntary", "involuntaryexit", "terminated", "termination", "dismissed", "laidoff": "involuntary_exit"
        default: text
        }
    }
}
