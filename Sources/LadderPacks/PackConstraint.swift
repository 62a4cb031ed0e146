import LadderModel

/// A condition across parameters that a layer declares, checked with every override applied,
/// so that a client's value that would break a rule is refused before anything runs.
public struct PackConstraint: Sendable {
    /// As written: `team_weight_base + team_weight_ramp + retention_weight <= 1`.
    public let text: String
    let expression: ConstraintExpression
    public let declaredBy: String
    /// `file:line` of the constraint.
    public let at: String

    /// Why the parameters break it, blamed on the highest layer that set one of its values
    /// (the command line's `overrides` above all); empty when they meet it.
    func problems(with parameters: [EffectiveParameter], overrides: [String: ParameterValue]) -> [String] {
        var unknown: [String] = []
        let value: (String) -> ConstraintExpression.Value? = { name in
            guard let p = parameters.first(where: { $0.name == name }) else {
                unknown.append(name)
                return nil
            }
            switch overrides[name] ?? p.value {
            case .number(let x): return .number(x)
            case .integer(let i): return .number(Double(i))
            case .boolean(let b): return .truth(b)
            default: return nil
            }
        }
        let result = expression.evaluate(value)
        if !unknown.isEmpty {
            let names = parameters.map(\.name)
            return unknown.map { "\(at): constraints: no parameter \"\($0)\"\($0.didYouMean(names))" }
        }
        guard let result else {
            return ["\(at): constraints: \"\(text)\" compares values of different types (only numbers, whole numbers and true/false can be used)"]
        }
        guard result == .truth(false) else { return [] }
        let involved = Array(Set(expression.names)).sorted()
        let values = involved.compactMap { name -> String? in
            guard let p = parameters.first(where: { $0.name == name }) else { return nil }
            if let v = overrides[name] { return "\(name) = \(v.text) (overridden for this run)" }
            return "\(name) = \(p.value.text) (set by \(p.setBy) at \(p.setAt))"
        }
        let message = "breaks the constraint \"\(text)\" declared by \(declaredBy) at \(at): \(values.joined(separator: ", "))"
        if let name = involved.first(where: { overrides[$0] != nil }) {
            return ["parameter \(name): \(message)"]
        }
        // the highest layer's override among the involved parameters, else the constraint itself
        let setter = parameters.filter { involved.contains($0.name) && $0.setAt != $0.declaredAt }.max { $0.setLayer < $1.setLayer }
        let blamed = setter.map { "\($0.setAt): overrides.\($0.name)" } ?? "\(at): constraints"
        return ["\(blamed): \(message)"]
    }
}
