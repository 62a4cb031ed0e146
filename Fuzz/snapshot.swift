// libFuzzer entry for the JSON parser and the snapshot reader and validator: any bytes must
// give a snapshot or a list of problems, never a crash, a hang or a leak (make fuzz).
import Foundation
import LadderSnapshots

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Data(bytes: data, count: count)
    _ = try? SnapshotLoader().load(bytes)
    return 0
}
