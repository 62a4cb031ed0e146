import Foundation

/// A failure inside Lua, described for the person who wrote the script.
public enum LuaError: Error, Sendable, Equatable {
    /// The source does not compile.
    case syntax(LuaFault)
    /// The script raised an error, or Lua did (a nil index, a bad argument).
    case runtime(LuaFault)
    /// The script used more than a budget allows.
    case budgetExceeded(LuaBudget, LuaFault?)
    /// A value that came back cannot be read as data.
    case invalidValue(path: String, reason: String)
    /// The state could not be created (the machine is out of memory).
    case stateUnavailable
    /// A run allowed to go uncounted lasted too long to show it kept to its instruction budget.
    /// Nothing it did counts, and the state may be left mid-change: run it again, counted, in a
    /// fresh state.
    case recount
}

/// Which budget a script ran over, and its limit.
public enum LuaBudget: Sendable, Equatable {
    case instructions(limit: Int64)
    case wallClock(seconds: Double)
    case memory(bytes: Int)
}

/// Where and why a script failed.
public struct LuaFault: Sendable, Equatable {
    /// The message without its `file:line:` prefix.
    public var message: String
    /// The `code` field of an error raised with a table, e.g. `error({code = "no_team", message = "…"})`.
    public var code: String?
    /// The chunk name without its `@`, e.g. `rules/core/hero_manager.lua`.
    public var file: String?
    public var line: Int?
    /// Stack frames in Lua files only, innermost first, e.g. `rules/core/lib/metrics.lua:40: in function 'share'`.
    public var traceback: [String]

    public init(message: String, code: String? = nil, file: String? = nil, line: Int? = nil, traceback: [String] = []) {
        self.message = message
        self.code = code
        self.file = file
        self.line = line
        self.traceback = traceback
    }

    /// `file:line` when known.
    public var location: String? {
        guard let file else { return nil }
        return line.map { "\(file):\($0)" } ?? file
    }
}

extension LuaBudget: CustomStringConvertible {
    public var description: String {
        switch self {
        case .instructions(let limit): "instruction budget (\(limit) instructions)"
        case .wallClock(let seconds): "time budget (\(seconds.formatted(maxFractionDigits: 3)) s)"
        case .memory(let bytes): "memory budget (\(bytes / 1024 / 1024) MiB)"
        }
    }
}

extension LuaError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .syntax(let fault), .runtime(let fault):
            return [fault.location, fault.message].compactMap(\.self).joined(separator: ": ")
        case .budgetExceeded(let budget, let fault):
            let at = fault?.location.map { " at \($0)" } ?? ""
            return "exceeded its \(budget)\(at)"
        case .invalidValue(let path, let reason):
            return path.isEmpty ? reason : "\(path): \(reason)"
        case .stateUnavailable:
            return "could not create a Lua state (out of memory)"
        case .recount:
            return "ran too long to go uncounted; run it again, counted"
        }
    }
}

extension Double {
    /// A short decimal without trailing zeros (no locale, no exponent for ordinary values).
    func formatted(maxFractionDigits: Int) -> String {
        var text = String(format: "%.\(maxFractionDigits)f", self)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
