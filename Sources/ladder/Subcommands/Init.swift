import ArgumentParser
import Foundation
import Ladder

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a client pack: a small layer over core, ready to edit.",
        discussion: """
            Examples:
              ladder init acme                      # rules/clients/acme, over core
              ladder init acme --extends ../../core --dir packs

            Writes pack.yaml (a commented example of every key and one override), an
            example rule with its test case, and a README. The new pack passes
            `ladder check` and `ladder test` as it is.
            """
    )

    @Argument(help: ArgumentHelp("The client's pack name: lowercase letters, digits, - and _.", valueName: "client"))
    var client: String

    @Option(name: .long, help: ArgumentHelp("The pack it builds on: a pack name or a path from the new folder.", valueName: "pack"))
    var extends = "core"

    @Option(name: .long, help: ArgumentHelp("The folder the pack's folder is made in.", valueName: "folder"))
    var dir = "rules/clients"

    func validate() throws {
        if client.range(of: #"^[a-z][a-z0-9_-]*$"#, options: .regularExpression) == nil {
            throw ValidationError("\"\(client)\" is not a pack name: use lowercase letters, digits, - and _, starting with a letter")
        }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: dir).appendingPathComponent(client)
        guard !FileManager.default.fileExists(atPath: folder.path) else {
            throw OutputError(file: folder.relativePath, reason: "it exists already; choose another name or --dir")
        }
        // Written beside, then moved into place: a failure leaves no half-made pack.
        let staging = URL(fileURLWithPath: dir).appendingPathComponent(".\(client).\(ProcessInfo.processInfo.processIdentifier)")
        do {
            for (path, text) in PackScaffold.files(name: client, extends: extends) {
                let url = staging.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
            }
            try FileManager.default.moveItem(at: staging, to: folder)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw OutputError(file: folder.relativePath, reason: error.localizedDescription)
        }
        print("""
            created \(folder.relativePath): pack.yaml, team_size.lua, tests/team_size.yaml, README.md
            next: ladder check \(folder.relativePath) && ladder test \(folder.relativePath)
            """)
    }
}
