// libFuzzer entry for the pack test file reader (tests/*.yaml): any text gives cases or problems
// with lines, never a crash.
import Foundation
import LadderModel
@testable import LadderPackTests

private let parameters = [
    Parameter(name: "limit", kind: .number, defaultValue: .number(0.2), minimum: 0, maximum: 1, description: "a limit"),
    Parameter(name: "count", kind: .integer, defaultValue: .integer(3), minimum: 1, maximum: nil, description: "a count"),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    guard let text = String(validating: UnsafeRawBufferPointer(start: data, count: count), as: UTF8.self) else { return 0 }
    var reader = PackTestFileReader(pack: "fuzz", file: "tests/fuzz.yaml", parameters: parameters)
    _ = reader.read(text)
    return 0
}
