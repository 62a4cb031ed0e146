import ArgumentParser
import Ladder

/// `--workers`, shared by the commands that evaluate: how many cores the whole run may use.
struct Workers: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Cores to use: Lua states working in parallel, and the threads reading the snapshot and writing reports beside them (default: one per processor).",
        valueName: "n"))
    var workers: Int?

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
    }

    /// Holds the rest of the run (reading, evidence, reports) to the same number of cores.
    func limitCores() { Cores.limit(to: workers) }
}
