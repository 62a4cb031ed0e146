import ArgumentParser
import Foundation
import Ladder

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn a client's CRM exports and spreadsheets into a snapshot.",
        discussion: """
            Examples:
              ladder import examples/crm/salesforce.yaml --output northwind.json
              ladder import client.yaml --output snap.json --report-json import.json
              ladder import --inspect exports/opportunities.csv

            The manifest (YAML, docs/import.md) lists the files and their kinds,
            the preset (salesforce, hubspot) whose column labels and stages apply,
            and the client's overrides: column names, stage mapping, date and
            number formats, currencies and exchange rates, how owners are matched
            to people, and as_of.

            Every data row is used or skipped; the report lists each skipped row as
            file:line: why, the warnings, and totals per team. The snapshot is
            validated as `ladder evaluate` would and written atomically, only when
            valid. The same files always give the same bytes.

            The exit code is 0 when the snapshot was written, 2 when the manifest, a
            file or the snapshot cannot be used (nothing is written; with --strict,
            also when a row was skipped), 64 for a usage error and 74 when the
            output cannot be written.
            """
    )

    @Argument(help: ArgumentHelp("The import manifest (YAML).", valueName: "manifest"))
    var manifest: String?

    @Option(name: .long, help: ArgumentHelp("Write the snapshot here (atomically); - for standard output, the report then going to standard error.", valueName: "file"))
    var output: String?

    @Option(name: .customLong("report-json"), help: ArgumentHelp("Also write the import report as JSON to this file.", valueName: "file"))
    var reportJSON: String?

    @Flag(name: .long, help: "Refuse the import when any row is skipped.")
    var strict = false

    @Option(name: .long, help: ArgumentHelp("Show a file's header, first rows and the fields Ladder recognises in it, to write a manifest.", valueName: "csv"))
    var inspect: String?

    @Option(name: .long, help: ArgumentHelp("With --inspect: the file's delimiter.", valueName: "char"))
    var delimiter: String = ","

    @Option(name: .long, help: ArgumentHelp("With --inspect: utf-8 or windows-1252.", valueName: "name"))
    var encoding: String = "utf-8"

    func validate() throws {
        if inspect != nil {
            if manifest != nil || output != nil || reportJSON != nil || strict { throw ValidationError("--inspect takes a CSV file alone") }
            guard delimiter == "\\t" || delimiter.count == 1 else { throw ValidationError("--delimiter is one character (or \\t)") }
            guard CSVTable.Encoding(rawValue: encoding.lowercased()) != nil else { throw ValidationError("--encoding is utf-8 or windows-1252") }
        } else {
            guard manifest != nil else { throw ValidationError("name the import manifest, or --inspect a CSV file") }
            guard output != nil else { throw ValidationError("--output is required: where to write the snapshot (- for standard output)") }
        }
    }

    func run() throws {
        if let inspect {
            let table = try CSVTable.read(inspect, shownAs: inspect, delimiter: delimiter == "\\t" ? "\t" : Character(delimiter),
                                                   encoding: CSVTable.Encoding(rawValue: encoding.lowercased()) ?? .utf8)
            print(ImportInspection(table).text, terminator: "")
            return
        }
        guard let manifest, let output else { return }
        let toStandardOutput = output == "-"
        var report: ImportReport
        var snapshot: Data?
        do {
            let result = try SnapshotImporter(manifest: try ImportManifestReader.read(manifest)).run()
            report = result.report
            if strict, !report.skipped.isEmpty {
                report.problems = [ImportProblem("", "\(report.skipped.count) row\(report.skipped.count == 1 ? "" : "s") skipped, and --strict refuses any")]
            } else {
                snapshot = result.data
            }
        } catch let error as ImportError {
            report = error.report ?? ImportReport(manifest: manifest)
            report.problems = error.problems
        }
        if let snapshot {
            report.output = toStandardOutput ? "standard output" : output
            if toStandardOutput { FileHandle.standardOutput.write(snapshot) } else {
                try OutputFile.write(snapshot, to: output)
            }
        }
        if let reportJSON { try OutputFile.write(try ImportReportText.json(report), to: reportJSON) }
        let text = ImportReportText.render(report)
        if toStandardOutput || snapshot == nil { FileHandle.standardError.write(Data(text.utf8)) } else { print(text, terminator: "") }
        if snapshot == nil { throw ExitStatus.invalidInput }
    }
}
