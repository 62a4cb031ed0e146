// libFuzzer entry for `ladder import`: the first byte picks the kind of file, the rest is the
// file, imported beside a small fixed roster. Any bytes give a snapshot or a refusal with its
// problems and skipped rows, never a crash.
import Foundation
@testable import LadderImport
import LadderModel

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-fuzz-import-\(getpid())")
let roster = "ID,Name,Email,Role,Team,Manager\nu-a,Ann Cole,ann@x.example,Rep,East,Max Muster\nu-m,Max Muster,max@x.example,Manager,East,\n"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 1 else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: data, count: count)
    let kinds = SourceKind.allCases.filter { $0 != .roster }
    let kind = kinds[Int(bytes[0]) % kinds.count]
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try? Data(roster.utf8).write(to: folder.appendingPathComponent("roster.csv"))
    try? Data(bytes.dropFirst()).write(to: folder.appendingPathComponent("file.csv"))
    let manifest = ImportManifest(
        file: folder.appendingPathComponent("m.yaml").path, preset: .salesforce,
        organization: .init(id: "x", name: "X", currency: "USD"), asOf: Day("2026-06-30")!,
        dateFormat: bytes[0] & 0x80 == 0 ? DateFormat("DD/MM/YYYY") : nil, numberFormat: bytes[0] & 0x40 == 0 ? .standard : NumberFormat("1.234,56")!,
        exchangeRates: ["EUR": 1.1], match: [.id, .email, .name], stages: nil,
        periods: [Period(id: "2026-Q2", start: Day("2026-04-01")!, end: Day("2026-06-30")!)],
        sources: [source("roster.csv", .roster), source("file.csv", kind)],
        memberRoles: [:], activityKinds: [:], exitKinds: [:], stageEnteredColumn: ImportManifest.hubspotStageEnteredColumn)
    _ = try? SnapshotImporter(manifest: manifest).run()
    return 0
}

func source(_ path: String, _ kind: SourceKind) -> ImportManifest.Source {
    .init(path: path, kind: kind, columns: [:], scores: [:], dateFormat: nil, numberFormat: nil, delimiter: ",", encoding: .utf8)
}
