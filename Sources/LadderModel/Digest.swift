import Crypto
import Foundation

/// Content hashes for provenance.
package enum Digest {
    package static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// One hash over named parts, in name order, so the order files are read in never matters.
    package static func sha256(parts: [String: Data]) -> String {
        var hasher = SHA256()
        for name in parts.keys.sorted() {
            hasher.update(data: Data(name.utf8))
            hasher.update(data: Data([0]))
            hasher.update(data: Data(String(parts[name]!.count).utf8))
            hasher.update(data: Data([0]))
            hasher.update(data: parts[name]!)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
