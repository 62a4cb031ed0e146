import LadderModel

extension ParameterSet {
    /// The pack's parameters in force, with `overrides` for one run (`--param`, a test case's
    /// `params:`) applied on top as the layer ``ParameterSet/commandLine``.
    /// - Throws: ``LadderError/unknownParameter(_:pack:known:)``, or
    ///   ``LadderError/invalidParameter(_:reason:)`` for a value that does not fit its type, its
    ///   range or a constraint of the pack.
    public init(pack: RulePack, overrides: [String: ParameterValue] = [:]) throws {
        let known = pack.parameters.map(\.name)
        for name in overrides.keys.sorted() where !known.contains(name) {
            throw LadderError.unknownParameter(name, pack: pack.name, known: known)
        }
        let settings = try pack.parameters.map { p in
            guard let value = overrides[p.name] else {
                return Setting(name: p.name, value: p.value, defaultValue: p.parameter.defaultValue, setBy: p.setBy)
            }
            if let why = p.parameter.problem(with: value) { throw LadderError.invalidParameter(p.name, reason: why) }
            return Setting(name: p.name, value: value, defaultValue: p.parameter.defaultValue, setBy: ParameterSet.commandLine)
        }
        if !overrides.isEmpty {
            for constraint in pack.constraints {
                if let problem = constraint.problems(with: pack.parameters, overrides: overrides).first {
                    let name = overrides.keys.sorted().first { constraint.expression.names.contains($0) } ?? ""
                    throw LadderError.invalidParameter(name, reason: String(problem.drop { $0 != ":" }.dropFirst(2)))
                }
            }
        }
        self.init(settings)
    }

    /// Parses `name=value` texts against the pack's parameter types.
    /// - Throws: ``LadderError/invalidParameter(_:reason:)`` or ``LadderError/unknownParameter(_:pack:known:)``.
    public static func parseOverrides(_ texts: [String], for pack: RulePack) throws -> [String: ParameterValue] {
        var overrides: [String: ParameterValue] = [:]
        for text in texts {
            guard let equals = text.firstIndex(of: "=") else {
                throw LadderError.invalidParameter(text, reason: "write name=value, e.g. late_share_limit=0.25")
            }
            let name = String(text[..<equals]).trimmingSpaces
            let raw = String(text[text.index(after: equals)...]).trimmingSpaces
            guard let parameter = pack.parameters.first(where: { $0.name == name })?.parameter else {
                throw LadderError.unknownParameter(name, pack: pack.name, known: pack.parameters.map(\.name))
            }
            guard let value = parameter.parse(raw) else {
                throw LadderError.invalidParameter(name, reason: "takes \(parameter.kind.article), got \"\(raw)\"")
            }
            overrides[name] = value
        }
        return overrides
    }
}
