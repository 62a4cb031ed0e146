/// Values a command keeps until the process exits instead of freeing them: a large snapshot is
/// millions of strings, freed one by one in a noticeable part of the run, when the operating
/// system reclaims the whole process at once a moment later.
enum KeptUntilExit {
    nonisolated(unsafe) private static var values: [Any] = []

    /// For what a command holds to its end anyway: nothing kept is ever released.
    static func keep(_ value: Any) { values.append(value) }
}
