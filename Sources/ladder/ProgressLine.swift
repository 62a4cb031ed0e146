import Foundation

/// One line of progress on standard error for a long run: shown only when standard error is a
/// terminal outside CI and the run has taken more than two seconds, redrawn a few times a
/// second, and erased when the run ends — so short runs, pipes, files and CI logs see nothing.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    private var shown = false
    private let started = ContinuousClock.now
    private var timer: DispatchSourceTimer?

    /// - Parameter environment: `CI` or `LADDER_NO_PROGRESS` set turns the line off.
    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard isatty(STDERR_FILENO) == 1, environment["CI"] == nil, environment["LADDER_NO_PROGRESS"] == nil else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        timer.schedule(deadline: .now() + 2, repeating: 0.25)
        timer.setEventHandler { [weak self] in self?.draw() }
        timer.resume()
        self.timer = timer
    }

    /// What the run is doing now ("reading snapshot.json", "hero.involvement 120/500 managers").
    func update(_ text: String) {
        lock.withLock { self.text = text }
    }

    /// Erases the line; nothing more is drawn.
    func finish() {
        lock.withLock {
            timer?.cancel()
            timer = nil
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            shown = false
        }
    }

    private func draw() {
        lock.withLock {
            guard timer != nil else { return }
            let seconds = (ContinuousClock.now - started).components.seconds
            FileHandle.standardError.write(Data("\r\u{1B}[K\(String(text.prefix(70))) (\(seconds) s)".utf8))
            shown = true
        }
    }

    deinit { timer?.cancel() }
}
