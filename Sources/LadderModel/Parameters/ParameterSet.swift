/// The parameters in force for one evaluation: the pack's defaults with every layer's
/// overrides and the command line's applied, each with who set it.
public struct ParameterSet: Sendable, Equatable {
    public struct Setting: Sendable, Equatable {
        public var name: String
        public var value: ParameterValue
        /// The default its declaring pack gives it.
        public var defaultValue: ParameterValue
        /// Who set the value in force: the declaring pack, a pack that overrides it, or
        /// ``ParameterSet/commandLine``.
        public var setBy: String

        public init(name: String, value: ParameterValue, defaultValue: ParameterValue, setBy: String) {
            self.name = name
            self.value = value
            self.defaultValue = defaultValue
            self.setBy = setBy
        }
    }

    /// The layer name of values given for one run (`--param`, a test case's `params:`).
    public static let commandLine = "command line"

    /// In declaration order, base pack first.
    public let values: [Setting]

    public init(_ values: [Setting]) {
        self.values = values
    }

    /// Equal when every name has the same value, default and origin; the order they are listed
    /// in is presentation (a JSON report lists them by name).
    public static func == (a: ParameterSet, b: ParameterSet) -> Bool {
        a.values.count == b.values.count && a.values.allSatisfy { setting in b.values.first { $0.name == setting.name } == setting }
    }

    public subscript(name: String) -> ParameterValue? { values.first { $0.name == name }?.value }
}
