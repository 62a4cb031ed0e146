import LadderModel

/// A result fills its node as its `Encodable` conformance encodes it (Evaluation+Codable.swift:
/// absent optionals as null), and its parts as theirs do (absent optionals left out): a report
/// holds a result per rule and subject, and the `Encoder` protocol's generic calls and casts
/// cost more than the values. `PrettyJSONTests` holds each to `JSONEncoder`'s bytes.
extension RuleResult: FilledDirectly {
    func fill(_ tree: PrettyJSON.Tree, _ node: Int) throws {
        tree.open(node, as: .object)
        func member(_ key: String) -> Int { tree.child(of: node, key: key) }
        tree.string(member("rule"), rule)
        tree.string(member("title"), title)
        subject.fill(tree, member("subject"))
        origin.fill(tree, member("origin"))
        tree.string(member("message"), orNull: message)
        tree.strings(member("evidence"), evidence)
        tree.strings(member("notes"), notes)
        tree.string(member("action"), orNull: action)
        switch verdict {
        case .gate(let g):
            tree.string(member("kind"), RuleDeclaration.Kind.gate.rawValue)
            tree.string(member("outcome"), g.outcome)
            tree.strings(member("reasons"), g.reasons)
            try tree.conditions(member("conditions"), g.conditions)
            try tree.double(member("exposure"), orNull: g.exposure)
        case .threshold(let t):
            tree.string(member("kind"), RuleDeclaration.Kind.threshold.rawValue)
            try tree.double(member("value"), orNull: t.value)
            try tree.double(member("limit"), t.limit)
            tree.bool(member("breached"), t.breached)
            tree.string(member("severity"), t.severity.rawValue)
            try tree.double(member("exposure"), orNull: t.exposure)
            try tree.conditions(member("conditions"), t.conditions)
        case .weighting(let w):
            tree.string(member("kind"), RuleDeclaration.Kind.weighting.rawValue)
            try tree.doubles(member("weights"), w.weights)
            try tree.doubles(member("components"), w.components)
            try tree.double(member("blended"), w.blended)
            try tree.double(member("payout"), orNull: w.payout)
            try tree.double(member("multiplier"), orNull: w.multiplier)
        }
    }
}

extension SubjectRef: FilledDirectly {
    func fill(_ tree: PrettyJSON.Tree, _ node: Int) {
        tree.open(node, as: .object)
        tree.string(tree.child(of: node, key: "kind"), kind.rawValue)
        tree.string(tree.child(of: node, key: "id"), id)
        tree.string(tree.child(of: node, key: "name"), name)
        if let teamId { tree.string(tree.child(of: node, key: "team_id"), teamId) }
        if let team { tree.string(tree.child(of: node, key: "team"), team) }
        if let managerId { tree.string(tree.child(of: node, key: "manager_id"), managerId) }
    }
}

extension RuleOrigin: FilledDirectly {
    func fill(_ tree: PrettyJSON.Tree, _ node: Int) {
        tree.open(node, as: .object)
        tree.string(tree.child(of: node, key: "pack"), pack)
        tree.string(tree.child(of: node, key: "version"), version)
        tree.string(tree.child(of: node, key: "file"), file)
    }
}

extension GateCondition: FilledDirectly {
    func fill(_ tree: PrettyJSON.Tree, _ node: Int) throws {
        tree.open(node, as: .object)
        tree.string(tree.child(of: node, key: "name"), name)
        tree.bool(tree.child(of: node, key: "passed"), passed)
        if let detail { tree.string(tree.child(of: node, key: "detail"), detail) }
        if let value { try tree.double(tree.child(of: node, key: "value"), value) }
        if let limit { try tree.double(tree.child(of: node, key: "limit"), limit) }
    }
}

extension PrettyJSON.Tree {
    func string(_ node: Int, orNull value: String?) {
        if let value { string(node, value) } else { null(node) }
    }

    func double(_ node: Int, orNull value: Double?) throws {
        if let value { try double(node, value) } else { null(node) }
    }

    func strings(_ node: Int, _ values: [String]) {
        let (start, end) = Self.written({ text in
            for (i, value) in values.enumerated() {
                if i > 0 { text.append(0) }
                Self.quote(value, into: &text)
            }
        }, to: &text)
        Self.mark(node, as: .strings, text: start, end, in: &nodes)
    }

    func doubles(_ node: Int, _ values: [String: Double]) throws {
        open(node, as: .object)
        for (key, value) in values { try double(child(of: node, key: key), value) }
    }

    func conditions(_ node: Int, _ conditions: [GateCondition]) throws {
        open(node, as: .array)
        for condition in conditions { try condition.fill(self, child(of: node)) }
    }
}
