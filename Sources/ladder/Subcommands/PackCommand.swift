import ArgumentParser
import Foundation
import Ladder

struct PackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "Show a pack as it runs, or what differs between two.",
        subcommands: [Show.self, Diff.self]
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a pack as it runs: its layers, rules and parameters.",
            discussion: """
                Examples:
                  ladder pack show rules/clients/brightwave
                  ladder pack show rules/core --format json

                Rules are listed in the order they run, each with the layer and file it
                runs from; parameters with their value, default, range and the layer that
                set them. This is the resolution `ladder evaluate` uses.
                """
        )

        @Argument(help: ArgumentHelp("The pack folder.", valueName: "pack"))
        var pack: String

        @Option(name: .long, help: "Output format.")
        var format: Format = .text

        @OptionGroup var search: PackSearch

        func run() throws {
            let description = try CompiledPack(search.load(pack)).describe()
            print(format == .json ? try PackCommand.json(description) : PackReport.text(description), terminator: "")
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List what differs between two packs as they run.",
            discussion: """
                Examples:
                  ladder pack diff rules/core rules/clients/keller

                Rules added, removed, disabled and replaced, and parameters whose values
                differ. The exit code is 0 either way; 2 for a pack that cannot be used.
                """
        )

        @Argument(help: ArgumentHelp("The first pack folder.", valueName: "a"))
        var first: String

        @Argument(help: ArgumentHelp("The second pack folder.", valueName: "b"))
        var second: String

        @Option(name: .long, help: "Output format.")
        var format: Format = .text

        @OptionGroup var search: PackSearch

        func run() throws {
            let a = try CompiledPack(search.load(first)).describe()
            let b = try CompiledPack(search.load(second)).describe()
            let diff = PackDiff(from: a, to: b)
            print(format == .json ? try PackCommand.json(diff) : PackReport.text(diff, from: a, to: b), terminator: "")
        }
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
