import CZlib
import Foundation

/// zlib's deflate, for the snapshot copies a history keeps (JSON shrinks to a tenth or less).
enum SnapshotCompression {
    static func compress(_ data: Data) throws -> Data {
        var size = compressBound(uLong(data.count))
        var out = Data(count: Int(size))
        let status = out.withUnsafeMutableBytes { target in
            data.withUnsafeBytes { source in
                compress2(target.bindMemory(to: Bytef.self).baseAddress, &size,
                          source.bindMemory(to: Bytef.self).baseAddress, uLong(data.count), Z_BEST_COMPRESSION)
            }
        }
        guard status == Z_OK else { throw HistoryError.corrupt("cannot compress the snapshot (zlib status \(status))") }
        out.count = Int(size)
        return out
    }

    /// - Parameter size: the original size, stored beside the compressed bytes.
    static func decompress(_ data: Data, size: Int) throws -> Data {
        var length = uLongf(size)
        var out = Data(count: size)
        let status = out.withUnsafeMutableBytes { target in
            data.withUnsafeBytes { source in
                uncompress(target.bindMemory(to: Bytef.self).baseAddress, &length,
                           source.bindMemory(to: Bytef.self).baseAddress, uLong(data.count))
            }
        }
        guard status == Z_OK, Int(length) == size else { throw HistoryError.corrupt("a stored snapshot does not decompress (zlib status \(status))") }
        return out
    }
}
