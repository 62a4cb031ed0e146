// libFuzzer entry for the JSON parser and the snapshot reader and validator: any bytes must
// give a snapshot or a list of problems, never a crash, a hang or a leak — and the same one
// whether the large collections are read straight from the bytes or through the JSON tree
// (make fuzz).
import Foundation
import LadderSnapshots

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Data(bytes: data, count: count)
    let direct = outcome(bytes, direct: true)
    if direct != outcome(bytes, direct: false) { fatalError("read directly, the snapshot reads differently: \(direct)") }
    return 0
}

private func outcome(_ data: Data, direct: Bool) -> String {
    var loader = SnapshotLoader()
    loader.readsDirectly = direct
    do {
        let loaded = try loader.load(data)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let snapshot = (try? encoder.encode(loaded.snapshot)).map { String(decoding: $0, as: UTF8.self) } ?? "unencodable"
        return "loaded \(snapshot) \(loaded.warnings)"
    } catch {
        return "refused \(error)"
    }
}
