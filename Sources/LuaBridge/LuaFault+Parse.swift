import Foundation

extension LuaFault {
    /// Splits Lua's `file:line: message` into its parts; `traceback` keeps Lua-file frames only.
    static func parse(_ text: String, traceback: String? = nil) -> LuaFault {
        var fault = LuaFault(message: text)
        if let (file, line, rest) = splitLocation(text) {
            fault.file = file
            fault.line = line
            fault.message = rest
        }
        if let traceback { fault.traceback = luaFrames(traceback) }
        return fault
    }

    /// `rules/x.lua:12: boom` → ("rules/x.lua", 12, "boom"); Lua's own prefixes only.
    static func splitLocation(_ text: String) -> (String, Int, String)? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let file = String(text[..<colon])
        guard !file.isEmpty, !file.contains("\n"), file.hasPrefix("[string") || !file.contains(" ") else { return nil }
        let afterFile = text[text.index(after: colon)...]
        guard let secondColon = afterFile.firstIndex(of: ":"), let line = Int(afterFile[..<secondColon]) else { return nil }
        var rest = afterFile[afterFile.index(after: secondColon)...]
        if rest.hasPrefix(" ") { rest = rest.dropFirst() }
        return (file, line, String(rest))
    }

    /// Frames of a Lua traceback that point into script files, without `[C]` and host frames.
    static func luaFrames(_ traceback: String) -> [String] {
        traceback.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.hasPrefix("[C]") && !$0.hasPrefix("stack traceback") && $0.contains(".lua:") }
            .map { String($0) }
    }
}
