/// The parameters in force for one evaluation: the pack's defaults with overrides applied.
public struct ParameterSet: Sendable, Equatable {
    /// In manifest order.
    public let values: [(name: String, value: ParameterValue)]

    public static func == (a: ParameterSet, b: ParameterSet) -> Bool {
        a.values.map(\.name) == b.values.map(\.name) && a.values.map(\.value) == b.values.map(\.value)
    }

    /// Applies `overrides` to the manifest's defaults, checking names, types and ranges.
    /// - Throws: ``LadderError/invalidParameterOverride(_:reason:)`` naming the parameter.
    public init(manifest: PackManifest, overrides: [String: ParameterValue] = [:]) throws {
        let known = Set(manifest.parameters.map(\.name))
        for name in overrides.keys.sorted() where !known.contains(name) {
            throw LadderError.invalidParameterOverride(name, reason: "the pack \(manifest.name) has no parameter \"\(name)\" (parameters: \(manifest.parameters.map(\.name).joined(separator: ", ")))")
        }
        values = try manifest.parameters.map { parameter in
            guard let value = overrides[parameter.name] else { return (parameter.name, parameter.defaultValue) }
            if let why = parameter.problem(with: value) {
                throw LadderError.invalidParameterOverride(parameter.name, reason: why)
            }
            return (parameter.name, value)
        }
    }

    /// Parses `name=value` texts against the manifest's parameter types.
    /// - Throws: ``LadderError/invalidParameterOverride(_:reason:)``.
    public static func parseOverrides(_ texts: [String], for manifest: PackManifest) throws -> [String: ParameterValue] {
        var overrides: [String: ParameterValue] = [:]
        for text in texts {
            guard let equals = text.firstIndex(of: "=") else {
                throw LadderError.invalidParameterOverride(text, reason: "write name=value, e.g. late_share_limit=0.25")
            }
            let name = String(text[..<equals]).trimmingSpaces
            let raw = String(text[text.index(after: equals)...]).trimmingSpaces
            guard let parameter = manifest.parameters.first(where: { $0.name == name }) else {
                throw LadderError.invalidParameterOverride(text, reason: "the pack \(manifest.name) has no parameter \"\(name)\" (parameters: \(manifest.parameters.map(\.name).joined(separator: ", ")))")
            }
            guard let value = parameter.parse(raw) else {
                throw LadderError.invalidParameterOverride(text, reason: "\(name) takes \(parameter.kind.article), got \"\(raw)\"")
            }
            overrides[name] = value
        }
        return overrides
    }

    public subscript(name: String) -> ParameterValue? { values.first { $0.name == name }?.value }
}
