import Foundation

/// One problem `ladder check` found, where it is and what to do.
public struct CheckFinding: Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public var file: String
    public var line: Int?
    public var column: Int?
    public var severity: Severity
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, severity: Severity = .error, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    /// `file:line:col: error: message`, the convention of compilers and luacheck.
    public var description: String {
        [file, line.map(String.init), column.map(String.init)].compactMap(\.self).joined(separator: ":") + ": \(severity.rawValue): \(message)"
    }

    /// Reads the `file:line: message` and `file:line` texts the library's errors use.
    init(located text: String, severity: Severity = .error) {
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        if parts.count >= 2, let line = Int(parts[1]) {
            var message = parts.count == 3 ? parts[2].trimmingCharacters(in: .whitespaces) : ""
            var column: Int?
            if let colon = message.firstIndex(of: ":"), let number = Int(message[..<colon]) {
                column = number
                message = message[message.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            self.init(file: String(parts[0]), line: line, column: column, severity: severity, message: message)
        } else if let colon = text.range(of: ": ") {
            self.init(file: String(text[..<colon.lowerBound]), severity: severity, message: String(text[colon.upperBound...]))
        } else {
            self.init(file: "", severity: severity, message: text)
        }
    }
}
