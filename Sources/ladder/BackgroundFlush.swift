import Foundation

/// Flushes a file being written to disk on another thread, every `every` bytes, so that the
/// final `fsync` waits only for the last of them: a 470 MB report waited 0.7 s for its `fsync`
/// after the last byte was written. What is on disk is then let go from the page cache, so
/// that the next bytes are written into pages this write already used: fresh pages each cost
/// the kernel a clear: making and writing a 470 MB report took 1.3-1.6 s in fresh pages and
/// 0.8-0.9 s in reused ones (two workers, docs/performance.md).
final class BackgroundFlush: @unchecked Sendable {
    private let fd: Int32
    private let every: Int
    private let queue = DispatchQueue(label: "ladder.output-flush")
    private let lock = NSLock()
    private var written = 0
    /// How much had been written when the last flush started.
    private var flushStartedAt = 0
    private var flushing = false
    /// Where the bytes not yet let go from the page cache start (the flush queue's own).
    private var kept = 0
    /// The first error a flush met: `fsync` may report a failed write-back only once.
    private var error: Int32?

    init(_ fd: Int32, every: Int = 8 << 20) {
        self.fd = fd
        self.every = every
    }

    /// Counts `count` more bytes written; starts a flush when enough are waiting and none is running.
    func wrote(_ count: Int) {
        lock.lock()
        written += count
        let start = written - flushStartedAt >= every && !flushing
        if start { flushStartedAt = written; flushing = true }
        let upTo = written
        lock.unlock()
        guard start else { return }
        queue.async { [self] in
            let failed = fdatasync(fd) == 0 ? nil : errno
            if failed == nil {
                // Advice only: a kernel that keeps the pages loses nothing.
                _ = posix_fadvise(fd, off_t(kept), off_t(upTo - kept), POSIX_FADV_DONTNEED)
                kept = upTo
            }
            lock.lock()
            flushing = false
            if error == nil { error = failed }
            lock.unlock()
        }
    }

    /// Waits for a running flush; returns the error code of the first flush that failed.
    func finish() -> Int32? {
        queue.sync {}
        lock.lock()
        defer { lock.unlock() }
        return error
    }
}
