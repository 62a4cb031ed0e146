import LadderModel

/// A rendered report's bytes: one text, or the pieces a large JSON report is written in, in
/// order. The pieces are never joined (at 5,000 managers that copy was 470 MB and a tenth of
/// the run), and the large ones are made on the cores available while the first are already
/// being written out. Its bytes are handed over once: each part's buffer, once handed over,
/// is where a later part is made.
public struct RenderedReport: Sendable {
    /// Bytes ready now, or the i-th part, being made on another thread.
    enum Piece: Sendable {
        case bytes([UInt8])
        case part(Int)
    }

    /// Where the parts come from: made ahead on the cores available, or made as each is taken.
    enum Parts: Sendable {
        case madeAhead(AwaitedSlots<Result<[UInt8], any Error>>)
        case madeWhenTaken(@Sendable (Int) -> Result<[UInt8], any Error>)
    }

    private enum Storage: Sendable {
        case text(String)
        case pieces([Piece], parts: Parts, spare: SpareBuffers)
    }

    private let storage: Storage

    public init(text: String) { storage = .text(text) }

    init(pieces: [Piece], parts: Parts, spare: SpareBuffers) {
        storage = .pieces(pieces, parts: parts, spare: spare)
    }

    /// Calls `body` with each run of the report's UTF-8 bytes, in order, as soon as it is made.
    /// Call it (or ``text``) once.
    /// - Throws: what `body` throws, or the first part (in the report's order) that failed to
    ///   encode; `body` has then seen only what comes before it.
    public func withChunks(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        switch storage {
        case .text(var text): try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
        case .pieces(let pieces, let parts, let spare):
            for piece in pieces {
                let bytes = try Self.bytes(of: piece, in: parts)
                try bytes.withUnsafeBytes(body)
                if case .part = piece { spare.give(consume bytes) }
            }
        }
    }

    /// The whole report as one string (once, as ``withChunks(_:)``).
    public var text: String {
        get throws {
            switch storage {
            case .text(let text): return text
            case .pieces(let pieces, let parts, _):
                let runs = try pieces.map { try Self.bytes(of: $0, in: parts) }
                return String(unsafeUninitializedCapacity: runs.reduce(0) { $0 + $1.count }) { text in
                    var at = 0
                    for run in runs {
                        _ = UnsafeMutableBufferPointer(rebasing: text[at...]).initialize(fromContentsOf: run)
                        at += run.count
                    }
                    return at
                }
            }
        }
    }

    private static func bytes(of piece: Piece, in parts: Parts) throws -> [UInt8] {
        switch (piece, parts) {
        case (.bytes(let bytes), _): return bytes
        case (.part(let i), .madeAhead(let slots)): return try slots.take(i).get()
        case (.part(let i), .madeWhenTaken(let make)): return try make(i).get()
        }
    }
}
