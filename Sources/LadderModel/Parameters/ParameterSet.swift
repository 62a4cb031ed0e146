/// The parameters in force for one evaluation: the pack's defaults with overrides applied.
public struct ParameterSet: Sendable, Equatable {
    /// In manifest order.
    public let values: [(name: String, value: ParameterValue)]

    public init(_ values: [(name: String, value: ParameterValue)]) {
        self.values = values
    }

    /// Equal when the same names have the same values; the order they are listed in is
    /// presentation (a JSON report lists them by name).
    public static func == (a: ParameterSet, b: ParameterSet) -> Bool {
        a.values.count == b.values.count && a.values.allSatisfy { b[$0.name] == $0.value }
    }

    public subscript(name: String) -> ParameterValue? { values.first { $0.name == name }?.value }
}
