import ArgumentParser
import Foundation
import Ladder

struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a pack across a parameter's range, to calibrate a threshold.",
        discussion: """
            Examples:
              ladder sweep --pack rules/core examples/northwind/snapshot.json --param late_share_limit=0.10:0.40:0.01
              ladder sweep --pack rules/core snap.json --param payout_accelerator=1,1.5,2 --format html --output sweep.html

            One --param gives the range: start:stop:step (both ends included) or a
            list a,b,c; other --param options hold for every value. Per value it
            prints how many subjects each rule the parameter moves flags (or finds
            ready), and the total payout when it moves (docs/plan.md).
            """
    )

    @Option(name: .long, help: ArgumentHelp("The rule pack folder.", valueName: "folder"))
    var pack: String

    @OptionGroup var search: PackSearch

    @Argument(help: ArgumentHelp("The team snapshot.", valueName: "snapshot"))
    var snapshot: String

    @Option(name: .customLong("param"), help: ArgumentHelp("name=start:stop:step or name=a,b,c to sweep; name=value to hold (repeatable).", valueName: "name=range"))
    var parameters: [String] = []

    @Option(name: .long, help: "Report format: text, markdown, json or html.")
    var format: ReportFormat = .text

    @Option(name: .long, help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    @OptionGroup var cores: Workers

    private var ranges: [String] { parameters.filter { $0.contains(":") || $0.contains(",") } }

    func validate() throws {
        if ranges.count != 1 { throw ValidationError("give exactly one --param with a range (name=0.1:0.4:0.01 or name=0.1,0.2); got \(ranges.count)") }
        if format == .csv { throw ValidationError("a sweep comes as text, markdown, json or html") }
    }

    func run() throws {
        HugePages.restartIfLarge(reading: [snapshot])
        cores.limitCores()
        let rulePack = try search.load(pack)
        let range = ranges[0]
        let equals = range.firstIndex(of: "=") ?? range.startIndex
        let name = String(range[..<equals]).trimmingCharacters(in: .whitespaces)
        let values = try ParameterSweep.values(String(range[range.index(after: equals)...]), for: name, in: rulePack)
        let fixed = try ParameterSet.parseOverrides(parameters.filter { !ranges.contains($0) }, for: rulePack)
        let loaded = try SnapshotLoader().load(contentsOf: URL(fileURLWithPath: snapshot))
        let result = try ParameterSweep(compiled: CompiledPack(rulePack), parameter: name, values: values, fixed: fixed, workers: cores.workers).run(loaded)
        let report = try SweepReport.render(result, format: format)
        if let output { try OutputFile.write(report, to: output) } else { FileHandle.standardOutput.write(Data(report.utf8)) }
    }
}
