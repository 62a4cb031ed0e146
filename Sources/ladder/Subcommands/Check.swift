import ArgumentParser
import Foundation
import Ladder

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check rule packs before they run: for an editor's save hook and CI.",
        discussion: """
            Examples:
              ladder check rules/clients/acme
              ladder check rules/core rules/clients/* --format json

            Checks the manifest and the packs it extends, that every rule file
            compiles and declares a valid rule, that rule ids are unique, that every
            ctx.params name a rule or helper reads is declared, that fields read from
            records, ctx.index and ctx.snapshot exist where that can be seen without
            running, and that every rule of the pack has a test case.

            Each finding is printed as file:line:col: error|warning: message. The exit
            code is 0 when nothing was found and 1 when something was.
            """
    )

    @Argument(help: ArgumentHelp("Pack folders.", valueName: "pack"))
    var packs: [String]

    @Option(name: .long, help: "Output format.")
    var format: CheckFormat = .text

    @OptionGroup var search: PackSearch

    enum CheckFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() throws {
        let checker = PackChecker(packPath: search.urls)
        let findings = packs.flatMap { checker.check(URL(fileURLWithPath: $0)) }
        switch format {
        case .text:
            let lines = findings.map(\.description) + [findings.isEmpty ? "\(packs.count) pack\(packs.count == 1 ? "" : "s") checked, no problems" : "\(findings.count) problem\(findings.count == 1 ? "" : "s")"]
            print(lines.joined(separator: "\n"))
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            struct Output: Encodable { let findings: [CheckFinding] }
            print(String(decoding: try encoder.encode(Output(findings: findings)), as: UTF8.self))
        }
        if !findings.isEmpty { throw ExitStatus.ruleFailures }
    }
}
