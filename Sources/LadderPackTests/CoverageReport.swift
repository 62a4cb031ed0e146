import LadderEngine

/// Which lines of a pack's Lua files its test cases ran.
public struct CoverageReport: Sendable {
    public struct File: Sendable {
        /// As Lua names it: `rules/core/hero_involvement.lua`.
        public var file: String
        public var codeLines: Set<Int>
        public var covered: Set<Int>
        /// A file that does not compile has no code lines to count, and covers nothing.
        public var compiles: Bool
        public var uncovered: [Int] { codeLines.subtracting(covered).sorted() }
        public var percent: Double {
            guard compiles else { return 0 }
            return codeLines.isEmpty ? 100 : Double(codeLines.intersection(covered).count) / Double(codeLines.count) * 100
        }
    }

    public var files: [File]

    public var percent: Double {
        if files.contains(where: { !$0.compiles }) { return 0 }
        let total = files.reduce(0) { $0 + $1.codeLines.count }
        let hit = files.reduce(0) { $0 + $1.codeLines.intersection($1.covered).count }
        return total == 0 ? 100 : Double(hit) / Double(total) * 100
    }

    /// Every Lua file of the pack's own folder except its tests, with the lines `covered` holds
    /// (by chunk name). The packs it extends are reported under their own names.
    init(compiled: CompiledPack, covered: [String: Set<Int>]) {
        let codeLines = compiled.codeLines
        let layer = compiled.pack.top
        files = layer.sources.keys.sorted().filter { !$0.hasPrefix("tests/") }.map { file in
            let chunk = layer.chunkName(file)
            return File(file: chunk, codeLines: codeLines[chunk] ?? [], covered: covered[chunk] ?? [], compiles: codeLines[chunk] != nil)
        }
    }

    /// `12-14, 20`: line numbers folded into ranges.
    public static func ranges(_ lines: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        while i < lines.count {
            var j = i
            while j + 1 < lines.count && lines[j + 1] == lines[j] + 1 { j += 1 }
            parts.append(i == j ? "\(lines[i])" : "\(lines[i])-\(lines[j])")
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }
}
