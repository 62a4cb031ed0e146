import ArgumentParser
import Ladder

/// `--history FILE`, shared by the commands that read or write the decision history.
struct HistoryFile: ParsableArguments {
    @Option(name: .customLong("history"), help: ArgumentHelp("The history file (default: $LADDER_HISTORY, else .ladder/history.sqlite).", valueName: "file"))
    var file: String?

    var path: String { HistoryStore.path(explicit: file) }
}
