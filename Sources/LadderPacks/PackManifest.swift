import LadderModel

/// A pack's `pack.yaml`: what the pack is, what it builds on, its rule files, helpers, budgets,
/// parameters and the changes it makes to the packs below it. See docs/packs.md for the format.
public struct PackManifest: Sendable, Equatable {
    /// The highest manifest `format` this Ladder reads.
    public static let highestSupportedFormat = 1

    /// The manifest file as given (`rules/clients/acme/pack.yaml`), for messages.
    public var file: String
    public var format: Int
    public var name: String
    public var version: String
    public var description: String
    /// `extends:` — the pack this one builds on: a path relative to this pack's folder, or a
    /// pack name found on the pack path.
    public var extends: Located<String>?
    /// Rule files, relative to the pack folder, in the order they are listed.
    public var rules: [String]
    /// `ctx.<name>` → module, e.g. `metrics: lib.metrics`.
    public var helpers: [String: String]
    /// The budgets this manifest sets; the others come from the pack below, or the defaults.
    public var limits: LimitSettings
    /// In the order the manifest lists them.
    public var parameters: [Parameter]
    /// Lines of the parameters' `default:` values.
    public var parameterLines: [String: Int]
    /// `overrides:` — new values for parameters that a pack below declares.
    public var overrides: [Override]
    /// `disable:` — ids of rules of the packs below not to run.
    public var disable: [Located<String>]
    /// `replace:` — rules of the packs below to run from another file of this pack instead.
    public var replace: [Replacement]
    /// `constraints:` — conditions the parameters in force must meet.
    public var constraints: [Located<String>]

    /// A value for a parameter declared further down; typed once the declaring pack is known.
    public struct Override: Sendable, Equatable {
        public var name: String
        public var value: RawValue
        public var line: Int
    }

    public struct Replacement: Sendable, Equatable {
        public var rule: String
        public var file: String
        public var line: Int
    }

    /// A YAML value before its type is known: one scalar, or a list of them.
    public enum RawValue: Sendable, Equatable {
        case scalar(String)
        case list([String])
    }

    /// `file:line`.
    public func at(_ line: Int?) -> String { line.map { "\(file):\($0)" } ?? file }
}

/// The `limits:` a manifest sets, each optional.
public struct LimitSettings: Sendable, Equatable {
    public var instructions: Int64?
    public var memoryBytes: Int?
    public var seconds: Double?
    public var patternSteps: Double?

    /// `limits` with the settings given here replacing theirs.
    public func applied(to limits: RuleLimits) -> RuleLimits {
        var out = limits
        if let instructions { out.instructions = instructions }
        if let memoryBytes { out.memoryBytes = memoryBytes }
        if let seconds { out.seconds = seconds }
        if let patternSteps { out.patternSteps = patternSteps }
        return out
    }
}

/// A value with the manifest line it was written on.
public struct Located<Value: Sendable & Equatable>: Sendable, Equatable {
    public var value: Value
    public var line: Int

    public init(_ value: Value, line: Int) {
        self.value = value
        self.line = line
    }
}
