import Foundation
import Ladder
import Testing

/// A folder of export files and a manifest, removed when the test ends.
final class ImportScratch {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-import-\(UUID().uuidString)")
    init(_ files: [String: String]) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files { try write(name, text) }
    }
    func write(_ name: String, _ text: String) throws { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
    var manifest: String { folder.appendingPathComponent("manifest.yaml").path }
    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    func run() throws -> SnapshotImporter.Result { try SnapshotImporter(manifest: ImportManifestReader.read(manifest)).run() }
    func refusal() -> ImportError? {
        do { _ = try run(); return nil } catch { return error as? ImportError }
    }
    deinit { try? FileManager.default.removeItem(at: folder) }

    static let manifest = """
        version: 1
        preset: salesforce
        organization: {id: x, name: X Co, currency: USD}
        as_of: 2026-06-30
        date_format: MM/DD/YYYY
        periods: [{id: 2026-Q2, start: 2026-04-01, end: 2026-06-30}]
        files:
          - {path: roster.csv, kind: roster}
          - {path: deals.csv, kind: opportunities}
          - {path: history.csv, kind: opportunity_history}
        """
    static let roster = """
        Person ID,Name,Email,Role,Team ID,Manager,Hire Date,Active,Exit Date,Exit Kind,Regretted
        u-mia,Mia Stone,mia@x.example,Manager,t-1,,2020-01-01,yes,,,
        u-al,Al Reed,al@x.example,Rep,t-1,Mia Stone,2021-01-01,yes,,,
        u-bo,Bo Chen,bo@x.example,Rep,t-1,mia@x.example,2021-01-01,,2026-03-01,voluntary,yes

        """
    static let deals = """
        "Opportunity ID","Opportunity Name","Opportunity Owner","Stage","Amount","Close Date"\r
        "D1","One","Al Reed","Negotiation/Review","$10,000.00","07/15/2026"\r
        "D2","Two","Zed Zulu","Negotiation/Review","$5,000","07/15/2026"\r
        "D3","Three","Al Reed","Won-ish","$5,000","07/15/2026"\r
        "D4","Four","Al Reed","Closed Won","12 apples","05/15/2026"\r
        "D1","Dup","Al Reed","Closed Won","$1","05/15/2026"\r
        "D5","Five\r
        over two lines","BO CHEN","Proposal/Price Quote","$3,000","08/01/2026"\r
        "D6","Six","al@x.example","Closed Won","$3,000","08/01/2026"\r
        \r
        "Grand Totals (8 records)"\r
        \r
        "Confidential Information - Do Not Distribute"\r

        """
    static let history = """
        "Opportunity ID","To Stage","Last Modified"
        "D1","Prospecting","01/02/2026, 10:22 AM"
        "D6","Closed Won","5/4/2026"
        "D2","Prospecting","01/02/2026"
        "D9","Prospecting","01/02/2026"

        """
    static func standard() throws -> ImportScratch {
        try ImportScratch(["manifest.yaml": manifest, "roster.csv": roster, "deals.csv": deals, "history.csv": history])
    }
}

@Suite struct ImportFormats {
    @Test func datesAreReadInTheFormatGivenWithOrWithoutATime() {
        let us = DateFormat("MM/DD/YYYY")!, german = DateFormat("D.M.YYYY")!
        #expect(us.read("03/04/2026") == Day("2026-03-04"))
        #expect(us.read("3/4/2025, 10:22 AM") == Day("2025-03-04"))
        #expect(german.read("1.10.2026") == Day("2026-10-01"))
        #expect(german.read("31.1.2025 16:30") == Day("2025-01-31"))
        #expect(DateFormat.iso.read("2026-10-01T09:00:00Z") == Day("2026-10-01"))
        #expect(us.read("02/30/2026") == nil)
        #expect(us.read("13/04/2026") == nil)
        #expect(us.read("03/04/2026 and more") == nil)
        #expect(DateFormat("YYYY-MM") == nil && DateFormat("QQ/MM/YYYY") == nil)
    }

    @Test func anAmbiguousDateNamesEveryFormatItCouldBe() {
        #expect(DateFormat.candidates(for: "03/04/2026") == ["MM/DD/YYYY", "DD/MM/YYYY"])
        #expect(DateFormat.candidates(for: "13/04/2026") == ["DD/MM/YYYY"])
        #expect(DateFormat.candidates(for: "1.10.2026") == ["MM.DD.YYYY", "DD.MM.YYYY"])
        #expect(DateFormat.candidates(for: "soon").isEmpty)
    }

    @Test func amountsInEachNumberFormatWithTheirCurrency() {
        let standard = NumberFormat.standard, german = NumberFormat("1.234,56")!, french = NumberFormat("1 234,56")!
        #expect(standard.read("$1,234,567", money: true) == .number(1_234_567, currency: "$"))
        #expect(standard.read("USD 1,234.50", money: true) == .number(1234.5, currency: "USD"))
        #expect(german.read("1.234.567,00 €", money: true) == .number(1_234_567, currency: "EUR"))
        #expect(french.read("1\u{202F}234,5", money: true) == .number(1234.5, currency: nil))
        #expect(standard.read("1.234.567,00 €", money: true) == .unreadable)
        #expect(standard.read("1,23", money: true) == .unreadable)
        #expect(standard.read("1.234", money: true) == .ambiguous)
        #expect(standard.read("1.234", money: false) == .number(1.234, currency: nil))
        #expect(standard.read("(1,200)", money: true) == .number(-1200, currency: nil))
        #expect(standard.read("  ", money: true) == .empty)
    }
}

@Suite struct ImportCSV {
    @Test func aByteOrderMarkCRLFCellsOverSeveralLinesAndFooters() throws {
        let text = "\u{FEFF}\"Id\",\"Name\",\"Amount\"\r\n\"1\",\"Two\r\nlines\",\"5\"\r\n\"2\",\"B\",\"6\"\r\n\r\n\"Grand Totals (3 records)\"\r\n\"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\"\r\n"
        let table = try CSVTable.parse(Data(text.utf8), file: "f.csv")
        #expect(table.header == ["Id", "Name", "Amount"])
        #expect(table.rows.map(\.line) == [2, 4])
        #expect(table.rows[0].cells[1] == "Two\nlines")
        #expect(table.footer.count == 2)
        #expect(table.statedRecordCount == 3)
    }

    @Test func aFileTheReaderCannotTakeSaysWhatToDo() throws {
        #expect(throws: ImportProblem("f.csv", "line 1: the header is one column containing \";\"; add delimiter: \";\" to this file in the manifest (with --inspect: --delimiter \";\")")) {
            try CSVTable.parse(Data("a;b;c\n1;2;3\n".utf8), file: "f.csv")
        }
        let latin = Data([0x4E, 0x61, 0x6D, 0x65, 0x0A, 0x4A, 0xF6, 0x72, 0x67, 0x0A])
        #expect(throws: ImportProblem("f.csv", "is not UTF-8 (byte 0xF6 at offset 6); if it came from Excel on Windows, add encoding: windows-1252 to this file in the manifest")) {
            try CSVTable.parse(latin, file: "f.csv")
        }
        #expect(try CSVTable.parse(latin, file: "f.csv", encoding: .windows1252).rows[0].cells == ["Jörg"])
        #expect(throws: ImportProblem.self) { try CSVTable.parse(Data(), file: "f.csv") }
    }

    @Test func aQuoteLeftOpenRefusesTheFileInsteadOfSwallowingRows() {
        let text = "Id,Name,Amount\n1,\"Open,5\n2,B,6\n3,C,7\n"
        #expect(throws: ImportProblem("f.csv:2", "a quote opened on this line is never closed, so lines 3–4 read as one cell: close the quote (a \" inside a quoted cell is written \"\")")) {
            try CSVTable.parse(Data(text.utf8), file: "f.csv")
        }
    }
}

@Suite struct ImportRows {
    @Test func everyRowItCannotUseIsReportedByFileAndLine() throws {
        let scratch = try ImportScratch.standard()
        let result = try scratch.run()
        let deals = scratch.path("deals.csv"), history = scratch.path("history.csv")
        #expect(result.report.skipped.map(\.description) == [
            "\(deals):3: Opportunity Owner: \"Zed Zulu\" is not a person in the roster (matched by id, email, name)",
            "\(deals):4: stage \"Won-ish\" is not in the stage mapping: add it to stages: in the manifest, or as an alias of one",
            "\(deals):5: Amount \"12 apples\" is not an amount in 1,234.56 format",
            "\(deals):6: duplicate deal id \"D1\" (first at line 2)",
            "\(history):4: deal D2 was skipped (\(deals):3)",
            "\(history):5: no deal \"D9\" in the deals files",
        ])
        #expect(result.loaded.snapshot.deals.map(\.id) == ["D1", "D5", "D6"])
        #expect(result.loaded.snapshot.deals.map(\.amount) == [10000, 3000, 3000])
        #expect(result.loaded.snapshot.deals[2].stageEnteredDate == Day("2026-05-04"))
        let files = result.report.files.map { "\($0.kind) \($0.rows) \($0.used) \($0.skipped) \($0.footer.count)" }
        #expect(files == ["roster 3 3 0 0", "deals 7 3 4 2", "stage_history 4 2 2 0"])
        // Bo left on 2026-03-01: inactive, with a regretted voluntary exit.
        let bo = try #require(result.loaded.snapshot.people.first { $0.id == "u-bo" })
        #expect(!bo.active && bo.managerId == "u-mia")
        #expect(result.loaded.snapshot.events.map { "\($0.personId) \($0.kind) \($0.date) \($0.regretted)" } == ["u-bo voluntary_exit 2026-03-01 true"])
        #expect(result.loaded.snapshot.teams.map { "\($0.id) \($0.managerId ?? "-")" } == ["t-1 u-mia"])
    }

    @Test func warningsSayWhatMayBeWrongWhereItIs() throws {
        let scratch = try ImportScratch.standard()
        let warnings = try scratch.run().report.warnings.map(\.description)
        let deals = scratch.path("deals.csv")
        #expect(warnings.contains("\(deals): the footer says 8 records but the file has 7 data rows: the export may be cut short"))
        #expect(warnings.contains("\(deals):2: deal D1: the stage history has no change into \"Negotiation/Review\", its current stage; the history may be cut short (export it for a longer range)"))
        #expect(warnings.contains("\(deals):7: open deal D5 is owned by Bo Chen, who left on 2026-03-01: reassign it in the CRM or expect it in their old team's figures"))
        #expect(warnings.contains { $0.hasPrefix("\(deals):9: deals[2].close_date:") && $0.contains("after as_of") }, "\(warnings)")
    }

    @Test func theSameFilesGiveTheSameBytes() throws {
        let first = try ImportScratch.standard().run(), second = try ImportScratch.standard().run()
        #expect(first.data == second.data)
        #expect(first.loaded.sha256 == second.loaded.sha256)
    }

    @Test func anAmbiguousDateColumnRefusesTheImportNamingTheColumn() throws {
        let scratch = try ImportScratch.standard()
        try scratch.write("manifest.yaml", ImportScratch.manifest.replacingOccurrences(of: "date_format: MM/DD/YYYY\n", with: ""))
        let problems = try #require(scratch.refusal()).problems.map(\.description)
        #expect(problems.contains("\(scratch.path("deals.csv")): column \"Close Date\" holds \"07/15/2026\" (line 2), which is not YYYY-MM-DD; set date_format: MM/DD/YYYY for this file or the whole manifest"))
        #expect(problems.contains("\(scratch.path("history.csv")): column \"Last Modified\" holds \"01/02/2026, 10:22 AM\" (line 2), which is not YYYY-MM-DD; it could be MM/DD/YYYY or DD/MM/YYYY: set date_format for this file or the whole manifest"))
    }

    @Test func mixedCurrenciesNeedExchangeRates() throws {
        let scratch = try ImportScratch.standard()
        try scratch.write("deals.csv", """
            Opportunity ID,Opportunity Owner,Stage,Amount,Amount Currency
            D1,Al Reed,Closed Won,"1,000.00",USD
            D2,Al Reed,Closed Won,"1,000.00",EUR
            D3,Al Reed,Closed Won,"€2,000.10",

            """)
        let problems = try #require(scratch.refusal()).problems.map(\.description)
        #expect(problems == ["\(scratch.path("deals.csv")): amounts in EUR (first at line 3) in an organisation that reports in USD, and no rate: add exchange_rates: {EUR: <what one EUR is worth in USD>} to the manifest"])
        try scratch.write("manifest.yaml", ImportScratch.manifest + "\nexchange_rates: {EUR: 1.1}\n")
        #expect(try scratch.run().loaded.snapshot.deals.map(\.amount) == [1000, 1100, 2200.11])
    }

    @Test func aSnapshotTheValidatorRefusesIsNamedInTheClientsFiles() throws {
        let scratch = try ImportScratch.standard()
        try scratch.write("roster.csv", """
            Person ID,Name,Role,Team ID,Manager
            u-mia,Mia Stone,Manager,t-1,Al Reed
            u-al,Al Reed,Rep,t-1,Mia Stone

            """)
        let error = try #require(scratch.refusal())
        #expect(error.problems.first?.description.hasPrefix("\(scratch.path("roster.csv")):2: people[0].manager_id: cycle") == true, "\(error.problems)")
    }

    @Test func manifestProblemsAreListedWithTheirLines() throws {
        let scratch = try ImportScratch(["manifest.yaml": """
            preset: salesfource
            organization: {id: x, name: X}
            date_format: 03/04/2026
            files:
              - {path: deals.csv, kind: opportunitys, colums: {}}
            """])
        let problems = try #require(scratch.refusal()).problems.map(\.description)
        let m = scratch.manifest
        #expect(problems == [
            "\(m):1: preset: unknown preset \"salesfource\" (did you mean salesforce?) (presets: salesforce, hubspot, manual)",
            "\(m):2: organization.currency: required",
            "\(m): as_of: required: the date the snapshot describes, e.g. as_of: 2026-06-30 (rules never read the clock)",
            "\(m):3: date_format: \"03/04/2026\" is not a date format; write the day, month and year as DD, MM and YYYY in the file's order, e.g. MM/DD/YYYY or DD.MM.YYYY",
            "\(m):5: files[0].colums: unknown key (did you mean columns?) (known: path, kind, columns, scores, date_format, number_format, delimiter, encoding)",
            "\(m):5: files[0].kind: unknown kind \"opportunitys\" (did you mean opportunities?) (kinds: roster, teams, users, periods, quotas, deals, deal_members, stage_history, activities, assessments, events)",
        ], "\(problems)")
    }

    @Test func aMissingColumnIsNamedWithTheLabelsTried() throws {
        let scratch = try ImportScratch.standard()
        try scratch.write("deals.csv", "Opportunity ID,Owner Name,Stage,Amount\nD1,Al Reed,Closed Won,5\n")
        let problems = try #require(scratch.refusal()).problems.map(\.description)
        #expect(problems.first?.hasPrefix("\(scratch.path("deals.csv")): no column for owner (primary owner, by id, email or name) in this deals file: looked for \"Opportunity Owner\", \"Opportunity Owner: Full Name\", \"Deal owner\"") == true, "\(problems)")
        try scratch.write("manifest.yaml", ImportScratch.manifest.replacingOccurrences(of: "kind: opportunities}", with: "kind: opportunities, columns: {owner: Owner Name}}"))
        #expect(try scratch.run().loaded.snapshot.deals.map(\.ownerId) == ["u-al"])
    }

    @Test func teamMembersByDealNameAndOwnersListedInTheTeam() throws {
        let scratch = try ImportScratch.standard()
        try scratch.write("manifest.yaml", ImportScratch.manifest + "\n  - {path: team.csv, kind: opportunity_team}\n")
        try scratch.write("team.csv", """
            Opportunity Name,Team Member,Team Role
            Six,Al Reed,Opportunity Owner
            Six,Mia Stone,Sales Manager
            One,mia@x.example,Pre-Sales Consultant
            One,Al Reed,Sales Engineer
            Seven,Mia Stone,Sales Manager

            """)
        let result = try scratch.run()
        #expect(result.loaded.snapshot.deals.map { $0.members.map { "\($0.personId) \($0.role)" } } == [["u-mia presales", "u-al presales"], [], ["u-mia manager"]])
        #expect(result.report.skipped.map(\.description).contains("\(scratch.path("team.csv")):6: no deal \"Seven\" in the deals files"))
        #expect(result.report.warnings.map(\.description).contains("\(scratch.path("team.csv")): 1 row names the deal's owner as its owner again (line 2): the owner is on the deal already, not added as a member"))
    }

    @Test func aPersonSkippedForAnUnknownManagerTakesTheirRowsWithThem() throws {
        let scratch = try ImportScratch.standard()
        try scratch.write("roster.csv", ImportScratch.roster.replacingOccurrences(of: "u-al,Al Reed,al@x.example,Rep,t-1,Mia Stone", with: "u-al,Al Reed,al@x.example,Rep,t-1,Nobody"))
        let result = try scratch.run()
        let skipped = result.report.skipped.map(\.description)
        #expect(skipped.first == "\(scratch.path("roster.csv")):3: Manager: \"Nobody\" is not a person in the roster (matched by id, email, name)")
        #expect(skipped.contains("\(scratch.path("deals.csv")):2: Opportunity Owner: \"Al Reed\" is not a person in the roster (matched by id, email, name)"))
        #expect(result.report.files.map { "\($0.kind) \($0.rows) \($0.used) \($0.skipped)" } == ["roster 3 2 1", "deals 7 1 6", "stage_history 4 0 4"])
    }

    @Test func theDocsListEveryKindFieldAndLabel() throws {
        let docs = try String(contentsOf: PackPaths.repository.appendingPathComponent("docs/import.md"), encoding: .utf8)
        for kind in SourceKind.allCases {
            #expect(docs.contains("#### `\(kind.rawValue)`"), "\(kind)")
            for field in ImportColumns.fields(kind) {
                let row = docs.components(separatedBy: "#### `\(kind.rawValue)`").dropFirst().first?.components(separatedBy: "####").first ?? ""
                #expect(row.contains("| `\(field.name)`\(field.required ? " (required)" : "") |"), "\(kind).\(field.name)")
                for label in field.labels.dropLast() { #expect(row.contains("`\(label)`"), "\(kind).\(field.name): \(label)") }
            }
        }
    }
}
