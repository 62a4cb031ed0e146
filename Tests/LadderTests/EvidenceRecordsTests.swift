import Foundation
import Ladder
import LadderModel
import Testing

/// The records a report shows for the ids rules cite as evidence.
@Suite struct EvidenceRecordsTests {
    @Test func eachIdNamesADealPersonPeriodOrTeamOnce() throws {
        let loaded = try SnapshotLoader().load(contentsOf: PackPaths.example("northwind"))
        let records = loaded.evidenceRecords(for: ["NO-0001", "u-ann", "2025-Q2", "t-east", "NO-0001", "nobody", "u-ann"])
        #expect(records.ids == ["2025-Q2", "NO-0001", "t-east", "u-ann"], "each once, in byte order")
        #expect(records["NO-0001"]?.kind == .deal && records["u-ann"]?.kind == .person)
        #expect(records["2025-Q2"]?.kind == .period && records["t-east"]?.kind == .team)
        #expect(records["t-east"]?.detail == "team")
        let deal = try #require(loaded.snapshot.deals.first { $0.id == "NO-0001" })
        #expect(records["NO-0001"]?.name == deal.name ?? deal.id)
        #expect(records["NO-0001"]?.detail == "160,000 USD, Closed Won, owner Ann Cole, close 2025-01-31, in stage since 2025-01-31")
    }

    /// Amounts are whole, grouped by thousands, and negative ones keep their sign.
    @Test func amountsAreGroupedByThousands() {
        let written = [0, 0.4, 999, 1_000, 12_345.5, 999_999.6, 1_234_567, -1_234, -0.4, 9e17].map { NumberText.money($0) }
        #expect(written == ["0", "0", "999", "1,000", "12,346", "1,000,000", "1,234,567", "-1,234", "0", "900,000,000,000,000,000"])
    }

    /// A listing names the first few and counts the rest, whether given every name or only those shown.
    @Test func listingsNameAFewAndCountTheRest() {
        let names = ["Ann", "Bo", "Cy", "Di", "Ed", "Flo"]
        #expect(Evaluation.listing([]) == "" && Evaluation.listing(["Ann"]) == "Ann")
        #expect(Evaluation.listing(Array(names.prefix(4))) == "Ann, Bo, Cy and Di")
        #expect(Evaluation.listing(names) == "Ann, Bo, Cy and 3 more")
        #expect(Evaluation.listing(Array(names.prefix(Evaluation.listed)), of: 6) == "Ann, Bo, Cy and 3 more")
        #expect(Evaluation.listing(Array(names.prefix(4)), of: 4) == "Ann, Bo, Cy and Di")
    }

    /// Over 10,000 citations are resolved on every core: the same records as one by one.
    @Test func manyCitationsGiveWhatFewDo() throws {
        let loaded = try SnapshotLoader().load(GeneratedOrganization.snapshot(managers: 12, reps: 8))
        let s = loaded.snapshot
        let ids = s.deals.map(\.id) + s.people.map(\.id) + s.teams.map(\.id) + s.periods.map(\.id) + ["nobody"]
        let cited = (0..<40).flatMap { round in
            var random = Seeded(round)
            return ids.shuffled(using: &random)
        }
        #expect(cited.count > 10_000)
        let few = ids.reduce(into: [String: EvidenceRecord]()) { out, id in
            out.merge(loaded.evidenceRecords(for: [id])) { first, _ in first }
        }
        #expect(loaded.evidenceRecords(for: cited) == EvidenceRecords(few))
        #expect(few.count == ids.count - 1)
    }

    /// Records are kept in their ids' byte order and found by their bytes: "é" written as one
    /// code point and as "e" and an accent are two ids, as they are to rules.
    @Test func recordsAreFoundByTheirIdsBytes() throws {
        let composed = "\u{E9}", decomposed = "e\u{301}"
        let ids = ["d10", "d9", composed, decomposed, "D1", "", "d1"]
        let order = ByteOrder.positions(of: ids)
        #expect(order.map { ids[$0] }.elementsEqual(["", "D1", "d1", "d10", "d9", decomposed, composed]) { $0.utf8.elementsEqual($1.utf8) })
        let records = EvidenceRecords(sortedIDs: order.map { ids[$0] }, records: order.map { EvidenceRecord(kind: .deal, name: "n\($0)", detail: "x") })
        #expect(records.count == 7 && !records.isEmpty && EvidenceRecords().isEmpty)
        for (n, id) in ids.enumerated() { #expect(records[id]?.name == "n\(n)", "\(id.unicodeScalars.map(\.value))") }
        #expect(records["d"] == nil && records["d11"] == nil && records["e"] == nil && EvidenceRecords()["d1"] == nil)
        #expect(records.map(\.0).elementsEqual(records.ids) { $0.utf8.elementsEqual($1.utf8) })

        // As JSON: an object from id to record, read back the same.
        let small: EvidenceRecords = ["d2": EvidenceRecord(kind: .person, name: "Ann", detail: "rep"), "d10": EvidenceRecord(kind: .team, name: "East", detail: "team")]
        #expect(small.ids == ["d10", "d2"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try encoder.encode(small)
        #expect(String(decoding: json, as: UTF8.self) == #"{"d10":{"detail":"team","kind":"team","name":"East"},"d2":{"detail":"rep","kind":"person","name":"Ann"}}"#)
        #expect(try JSONDecoder().decode(EvidenceRecords.self, from: json) == small)
    }

    /// A small deterministic generator, so a failure repeats.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        init(_ seed: Int) { state = UInt64(seed) &+ 0x9E37_79B9_7F4A_7C15 }
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }
}
