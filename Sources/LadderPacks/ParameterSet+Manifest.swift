import LadderModel

extension ParameterSet {
    /// Applies `overrides` to the manifest's defaults, checking names, types and ranges.
    /// - Throws: ``LadderError/unknownParameter(_:pack:known:)`` or
    ///   ``LadderError/invalidParameter(_:reason:)`` naming the parameter.
    public init(manifest: PackManifest, overrides: [String: ParameterValue] = [:]) throws {
        let known = manifest.parameters.map(\.name)
        for name in overrides.keys.sorted() where !known.contains(name) {
            throw LadderError.unknownParameter(name, pack: manifest.name, known: known)
        }
        self.init(try manifest.parameters.map { parameter in
            guard let value = overrides[parameter.name] else { return (parameter.name, parameter.defaultValue) }
            if let why = parameter.problem(with: value) {
                throw LadderError.invalidParameter(parameter.name, reason: why)
            }
            return (parameter.name, value)
        })
    }

    /// Parses `name=value` texts against the manifest's parameter types.
    /// - Throws: ``LadderError/invalidParameter(_:reason:)`` or ``LadderError/unknownParameter(_:pack:known:)``.
    public static func parseOverrides(_ texts: [String], for manifest: PackManifest) throws -> [String: ParameterValue] {
        var overrides: [String: ParameterValue] = [:]
        for text in texts {
            guard let equals = text.firstIndex(of: "=") else {
                throw LadderError.invalidParameter(text, reason: "write name=value, e.g. late_share_limit=0.25")
            }
            let name = String(text[..<equals]).trimmingSpaces
            let raw = String(text[text.index(after: equals)...]).trimmingSpaces
            guard let parameter = manifest.parameters.first(where: { $0.name == name }) else {
                throw LadderError.unknownParameter(name, pack: manifest.name, known: manifest.parameters.map(\.name))
            }
            guard let value = parameter.parse(raw) else {
                throw LadderError.invalidParameter(name, reason: "takes \(parameter.kind.article), got \"\(raw)\"")
            }
            overrides[name] = value
        }
        return overrides
    }
}
