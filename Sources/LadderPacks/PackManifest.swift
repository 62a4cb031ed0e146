import LadderModel

/// A pack's `pack.yaml`: what the pack is, its rule files, helpers, budgets and parameters.
/// See docs/packs.md for the format.
public struct PackManifest: Sendable, Equatable {
    /// The highest manifest `format` this Ladder reads.
    public static let highestSupportedFormat = 1

    public var format: Int
    public var name: String
    public var version: String
    public var description: String
    /// Rule files, relative to the pack folder, in the order they are listed.
    public var rules: [String]
    /// `ctx.<name>` → module, e.g. `metrics: lib.metrics`.
    public var helpers: [String: String]
    public var limits: RuleLimits
    /// In the order the manifest lists them.
    public var parameters: [Parameter]
}
