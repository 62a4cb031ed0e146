/// A rendered report's bytes: one text, or the pieces a large JSON report was written in, in
/// order. Written out piece by piece, the pieces are never joined: at 5,000 managers that copy
/// was 470 MB and a tenth of the run.
public struct RenderedReport: Sendable {
    private enum Storage: Sendable {
        case text(String)
        case pieces([[UInt8]])
    }

    private let storage: Storage

    public init(text: String) { storage = .text(text) }

    init(pieces: [[UInt8]]) { storage = .pieces(pieces) }

    /// Calls `body` with each run of the report's UTF-8 bytes, in order.
    public func withChunks(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        switch storage {
        case .text(var text): try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
        case .pieces(let pieces): for piece in pieces { try piece.withUnsafeBytes(body) }
        }
    }

    /// The whole report as one string.
    public var text: String {
        switch storage {
        case .text(let text): return text
        case .pieces(let pieces):
            return String(unsafeUninitializedCapacity: pieces.reduce(0) { $0 + $1.count }) { text in
                var at = 0
                for piece in pieces {
                    _ = UnsafeMutableBufferPointer(rebasing: text[at...]).initialize(fromContentsOf: piece)
                    at += piece.count
                }
                return at
            }
        }
    }
}
