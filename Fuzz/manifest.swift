// libFuzzer entry for the pack manifest reader (pack.yaml): any text gives a manifest or a list
// of problems with lines, never a crash.
import Foundation
@testable import LadderPacks

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    guard let text = String(validating: UnsafeRawBufferPointer(start: data, count: count), as: UTF8.self) else { return 0 }
    var reader = PackManifestReader(file: "pack.yaml")
    _ = reader.read(text)
    return 0
}
