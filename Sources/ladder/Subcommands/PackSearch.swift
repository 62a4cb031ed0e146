import ArgumentParser
import Foundation
import Ladder

/// Where packs named in `extends:` are looked for, shared by every command that reads packs.
struct PackSearch: ParsableArguments {
    @Option(name: .customLong("pack-path"), help: ArgumentHelp(
        "A folder holding packs that extends: may name (repeatable; LADDER_PACK_PATH adds more, separated by ':').",
        valueName: "folder"))
    var folders: [String] = []

    /// `--pack-path` folders first, then those of `LADDER_PACK_PATH`.
    var urls: [URL] {
        let fromEnvironment = (ProcessInfo.processInfo.environment["LADDER_PACK_PATH"] ?? "").split(separator: ":").map(String.init)
        return (folders + fromEnvironment).map { URL(fileURLWithPath: $0) }
    }

    /// Reads the pack at `path` and the packs it extends.
    func load(_ path: String) throws -> RulePack {
        try RulePack.load(from: URL(fileURLWithPath: path), packPath: urls)
    }
}
