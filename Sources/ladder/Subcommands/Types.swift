import ArgumentParser
import Foundation
import Ladder

struct Types: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write Lua language-server annotations, so an editor completes and checks rules.",
        discussion: """
            Examples:
              ladder types --pack rules/clients/acme --output rules/clients/acme

            Writes <output>/.ladder/ladder.lua (every snapshot record with its fields,
            ctx with the pack's parameters, the declaration and result shapes) and
            <output>/.luarc.json pointing the Lua language server at it. Open the
            output folder in an editor with the Lua language server; a rule file
            starting with ---@type RuleDeclaration gets completion for deal. and
            ctx.params. and a warning on a misspelt field. Ladder never reads
            hidden folders of a pack.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The pack whose parameters ctx.params lists.", valueName: "pack"))
    var pack: String?

    @Option(name: .long, help: ArgumentHelp("The folder to write into (usually the pack's).", valueName: "folder"))
    var output: String

    @OptionGroup var search: PackSearch

    func run() throws {
        let rulePack = try pack.map { try search.load($0) }
        let folder = URL(fileURLWithPath: output)
        do { try FileManager.default.createDirectory(at: folder.appendingPathComponent(".ladder"), withIntermediateDirectories: true) } catch {
            throw OutputError(file: output, reason: error.localizedDescription)
        }
        try OutputFile.write(EditorTypes.annotations(for: rulePack), to: folder.appendingPathComponent(".ladder/ladder.lua").path)
        try OutputFile.write(EditorTypes.luarc(annotations: ".ladder"), to: folder.appendingPathComponent(".luarc.json").path)
        print("wrote \(folder.appendingPathComponent(".ladder/ladder.lua").relativePath) and \(folder.appendingPathComponent(".luarc.json").relativePath)")
    }
}

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the JSON Schema of the snapshot format (version 1).",
        discussion: """
            Examples:
              ladder schema --output snapshot-v1.schema.json

            For tools that write snapshots: validate them before Ladder reads them.
            Ladder's own checks go further (references resolve, periods do not
            overlap, …; docs/snapshot-format.md).
            """
    )

    @Option(name: .long, help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    func run() throws {
        let schema = try SnapshotJSONSchema.render()
        if let output { try OutputFile.write(schema, to: output) } else { print(schema, terminator: "") }
    }
}
