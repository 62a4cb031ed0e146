/// A pack as it runs, layers resolved: what `ladder pack show` prints and `ladder pack diff`
/// compares, built from the same resolution evaluation uses.
public struct PackDescription: Sendable, Equatable, Codable {
    public var name: String
    public var version: String
    /// Over every layer.
    public var sha256: String
    /// Base first.
    public var layers: [Layer]
    /// In the order they run.
    public var rules: [Rule]
    /// Rules of a lower layer that a higher one turned off.
    public var disabled: [DisabledRule]
    /// Base layer's first, in declaration order.
    public var parameters: [Parameter]
    public var constraints: [Constraint]

    public struct Layer: Sendable, Equatable, Codable {
        public var name: String
        public var version: String
        public var sha256: String
        /// The folder as it was found.
        public var folder: String
        public init(name: String, version: String, sha256: String, folder: String) {
            self.name = name
            self.version = version
            self.sha256 = sha256
            self.folder = folder
        }
    }

    public struct Rule: Sendable, Equatable, Codable {
        public var id: String
        public var title: String
        public var kind: RuleDeclaration.Kind
        public var subject: RuleDeclaration.SubjectKind
        /// The layer whose file it runs from, and the file.
        public var layer: String
        public var file: String
        /// The layer whose rule of the same id this one replaces.
        public var replaces: String?
        public init(id: String, title: String, kind: RuleDeclaration.Kind, subject: RuleDeclaration.SubjectKind, layer: String,
                    file: String, replaces: String? = nil) {
            self.id = id
            self.title = title
            self.kind = kind
            self.subject = subject
            self.layer = layer
            self.file = file
            self.replaces = replaces
        }
    }

    public struct DisabledRule: Sendable, Equatable, Codable {
        public var id: String
        public var by: String
        public init(id: String, by: String) {
            self.id = id
            self.by = by
        }
    }

    public struct Parameter: Sendable, Equatable, Codable {
        public var name: String
        public var type: LadderModel.Parameter.Kind
        public var value: ParameterValue
        public var defaultValue: ParameterValue
        public var minimum: Double?
        public var maximum: Double?
        public var declaredBy: String
        public var setBy: String
        public var description: String
        enum CodingKeys: String, CodingKey {
            case name, type, value, defaultValue = "default", minimum = "min", maximum = "max", declaredBy = "declared_by",
                 setBy = "set_by", description
        }
        public init(name: String, type: LadderModel.Parameter.Kind, value: ParameterValue, defaultValue: ParameterValue,
                    minimum: Double?, maximum: Double?, declaredBy: String, setBy: String, description: String) {
            self.name = name
            self.type = type
            self.value = value
            self.defaultValue = defaultValue
            self.minimum = minimum
            self.maximum = maximum
            self.declaredBy = declaredBy
            self.setBy = setBy
            self.description = description
        }
    }

    public struct Constraint: Sendable, Equatable, Codable {
        public var condition: String
        public var declaredBy: String
        enum CodingKeys: String, CodingKey { case condition, declaredBy = "declared_by" }
        public init(condition: String, declaredBy: String) {
            self.condition = condition
            self.declaredBy = declaredBy
        }
    }

    public init(name: String, version: String, sha256: String, layers: [Layer], rules: [Rule], disabled: [DisabledRule],
                parameters: [Parameter], constraints: [Constraint]) {
        self.name = name
        self.version = version
        self.sha256 = sha256
        self.layers = layers
        self.rules = rules
        self.disabled = disabled
        self.parameters = parameters
        self.constraints = constraints
    }
}

/// What differs between two packs as they run: `ladder pack diff`.
public struct PackDiff: Sendable, Equatable, Codable {
    public var rulesAdded: [PackDescription.Rule]
    public var rulesRemoved: [PackDescription.Rule]
    /// Same id, running from another layer or file.
    public var rulesReplaced: [Replaced]
    /// Disabled in the second pack and not in the first.
    public var rulesDisabled: [PackDescription.DisabledRule]
    public var parameters: [ParameterChange]

    public struct Replaced: Sendable, Equatable, Codable {
        public var id: String
        public var before: String
        public var after: String
    }

    public struct ParameterChange: Sendable, Equatable, Codable {
        public var name: String
        /// Nil when only one pack has the parameter.
        public var before: ParameterValue?
        public var after: ParameterValue?
        public var setBy: String?
        enum CodingKeys: String, CodingKey { case name, before, after, setBy = "set_by" }
    }

    enum CodingKeys: String, CodingKey {
        case rulesAdded = "rules_added", rulesRemoved = "rules_removed", rulesReplaced = "rules_replaced",
             rulesDisabled = "rules_disabled", parameters
    }

    public var isEmpty: Bool {
        rulesAdded.isEmpty && rulesRemoved.isEmpty && rulesReplaced.isEmpty && rulesDisabled.isEmpty && parameters.isEmpty
    }

    public init(from a: PackDescription, to b: PackDescription) {
        let before = Dictionary(uniqueKeysWithValues: a.rules.map { ($0.id, $0) })
        let after = Dictionary(uniqueKeysWithValues: b.rules.map { ($0.id, $0) })
        let disabledNow = Set(b.disabled.map(\.id)).subtracting(a.disabled.map(\.id))
        rulesAdded = b.rules.filter { before[$0.id] == nil }
        rulesRemoved = a.rules.filter { after[$0.id] == nil && !disabledNow.contains($0.id) }
        rulesDisabled = b.disabled.filter { disabledNow.contains($0.id) }
        rulesReplaced = b.rules.compactMap { rule in
            guard let old = before[rule.id], old.file != rule.file || old.layer != rule.layer else { return nil }
            return Replaced(id: rule.id, before: "\(old.layer): \(old.file)", after: "\(rule.layer): \(rule.file)")
        }
        let oldParameters = Dictionary(uniqueKeysWithValues: a.parameters.map { ($0.name, $0) })
        let newParameters = Dictionary(uniqueKeysWithValues: b.parameters.map { ($0.name, $0) })
        parameters = Set(oldParameters.keys).union(newParameters.keys).sorted().compactMap { name in
            let x = oldParameters[name], y = newParameters[name]
            guard x?.value != y?.value else { return nil }
            return ParameterChange(name: name, before: x?.value, after: y?.value, setBy: y?.setBy)
        }
    }
}
