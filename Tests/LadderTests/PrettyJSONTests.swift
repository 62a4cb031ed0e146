import Foundation
import Ladder
import LadderModel
import Testing
@testable import LadderReports

/// The JSON report is written by `PrettyJSON`, for speed; its bytes must stay `JSONEncoder`'s
/// (pretty-printed, sorted keys, slashes unescaped), which earlier reports were written with.
@Suite struct PrettyJSONTests {
    static func foundation(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    struct Sample: Encodable {
        var text: String
        var numbers: [Double]
        var integers: [Int64]
        var small: Float
        var flags: [Bool]
        var missing: String?
        var present: Int?
        var nested: [[String: [Int]]]
        var byNumber: [Int: String]
        var nothing: [String: Double]
    }

    /// Twenty keys out of order (more than an insertion sort takes), two of them encoded twice.
    struct Rewritten: Encodable {
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            for i in (0..<20).reversed() { try c.encode(i, forKey: Key(stringValue: "k\(i)")) }
            try c.encode("again", forKey: Key(stringValue: "k7"))
            try c.encode(true, forKey: Key(stringValue: "k12"))
        }
    }

    @Test func writesWhatJSONEncoderWrites() throws {
        var controls = ""
        for c in 0..<0x20 { controls.append(Character(Unicode.Scalar(UInt8(c)))) }
        let sample = Sample(
            text: "a/\"b\\c\(controls)\u{7F}é😀\u{2028}e\u{301}",
            numbers: [0, -0.0, 1, 0.1, 1e15, 1e16, 1e21, 1.5e-7, 2.5e-5, 123456.789, .leastNonzeroMagnitude, 1.7976931348623157e308, 100.0 / 3, -42],
            integers: [0, -1, Int64.max, Int64.min], small: 0.1, flags: [true, false], missing: nil, present: 3,
            nested: [[:], ["b": [], "B": [1], "a_b": [2], "aB": [3], "é": [4], "e\u{301}x": [5], "f": [6], "10": [7], "9": [8]]],
            byNumber: [1: "a", 20: "b", 3: "c"], nothing: [:])
        #expect(try PrettyJSON.encode(sample) == Self.foundation(sample))
        #expect(try PrettyJSON.encode(sample, parallel: false) == Self.foundation(sample))
        #expect(try PrettyJSON.encode(sample, partsAbove: 1) == Self.foundation(sample))
        #expect(try PrettyJSON.encode(Rewritten()) == Self.foundation(Rewritten()))
        #expect(throws: EncodingError.self) { try PrettyJSON.encode([Double.nan]) }
    }

    /// A report's large parts: results (a long array) and records (a large object keyed by id).
    struct Large: Encodable {
        var results: [Sample]
        var records: EvidenceRecords
        var small: [String: EvidenceRecord]
        var count: Int
    }

    /// Root arrays and record objects of over 2,000 members are filled and written in parts, on
    /// every core; joined, they are what one tree gives. Keys share long prefixes, are shorter
    /// than eight bytes, or not ASCII, so the parts' order is the bytes' order.
    @Test func writesLargeRootMembersInPartsAsJSONEncoderDoes() throws {
        let sample = Sample(text: "x", numbers: [1.5], integers: [2], small: 0.5, flags: [true], missing: nil, present: nil,
                            nested: [["k": [1]]], byNumber: [2: "b"], nothing: [:])
        var records: [String: EvidenceRecord] = [:]
        for i in 0..<3_200 {
            let id = ["d\(i)", "deal-with-a-long-prefix-\(i)", "é\(i)", "\(i % 7)"][i % 4]
            records[id] = EvidenceRecord(kind: .deal, name: "Deal \"\(i)\"", detail: "\(i) USD,\tWon\\\(i % 3 == 0 ? "\n" : "")")
        }
        #expect(records.count > PrettyJSON.Tree.partedFrom)
        let large = Large(results: (0..<2_100).map { i in var s = sample; s.text = "r\(i)"; return s },
                          records: EvidenceRecords(records), small: ["b": records["d0"]!, "a": records["d4"]!], count: 3)
        let expected = try Self.foundation(large)
        #expect(try PrettyJSON.encode(large) == expected)
        #expect(try PrettyJSON.encode(large, parallel: false) == expected)
        #expect(try PrettyJSON.encode(large, partsAbove: 100) == expected)
        #expect(try PrettyJSON.encode(large, newline: true) == expected + "\n")
        #expect(try PrettyJSON.encode(["one": large]) == Self.foundation(["one": large]), "parts only at the root")

        // Handed over in chunks, each part's buffer is where a later part is made: what a chunk
        // shows must be copied before the next is asked for, and the copies make the same text.
        var chunks: [[UInt8]] = []
        try PrettyJSON.rendered(large).withChunks { chunks.append(Array($0)) }
        #expect(String(decoding: chunks.joined(), as: UTF8.self) == expected)
    }

    /// Records an evaluation makes from its snapshot are written with their details straight from
    /// it: the same bytes as the same records kept, in parts or whole, and as `JSONEncoder`'s.
    @Test func recordsMadeFromASnapshotWriteAsKeptOnesDo() throws {
        var json = try #require(try JSONSerialization.jsonObject(with: GeneratedOrganization.snapshot(managers: 50, reps: 8)) as? [String: Any])
        var deals = try #require(json["deals"] as? [[String: Any]])
        for i in deals.indices where i % 2 == 0 { deals[i]["name"] = "Deal \"\(i)\" \\ \t\n é\u{1}" }
        json["deals"] = deals
        var people = try #require(json["people"] as? [[String: Any]])
        for i in people.indices where i % 3 == 0 { people[i]["name"] = "Ann \"\(i)\" \\ Ó\t" }
        json["people"] = people
        let loaded = try SnapshotLoader().load(try JSONSerialization.data(withJSONObject: json))
        let s = loaded.snapshot
        let made = loaded.evidenceRecords(for: s.deals.map(\.id) + s.people.map(\.id) + s.periods.map(\.id) + s.teams.map(\.id))
        #expect(made.count > PrettyJSON.Tree.partedFrom)
        let kept = EvidenceRecords(sortedIDs: made.ids, records: made.map(\.1))
        struct Report: Encodable { var records: EvidenceRecords }
        let expected = try Self.foundation(Report(records: kept))
        #expect(expected.contains(#"\"0\" \\ \t\n é\u0001"#) && expected.contains(#"owner Ann \"3\" \\ Ó\t, close"#))
        #expect(try PrettyJSON.encode(Report(records: made)) == expected)
        #expect(try PrettyJSON.encode(Report(records: made), parallel: false) == expected)
        #expect(try PrettyJSON.encode(Report(records: kept)) == expected)
    }

    /// A large report is written out while its later parts are still being made: a value that
    /// cannot be written stops it at the first such part in the report's order, after the bytes
    /// that come before it, and the error says which value.
    @Test func aPartThatCannotBeWrittenStopsTheReportWhereItIs() throws {
        struct Results: Encodable { var a = 1; var results: [Sample] }
        let sample = Sample(text: "x", numbers: [1.5], integers: [2], small: 0.5, flags: [true], missing: nil, present: nil,
                            nested: [], byNumber: [:], nothing: [:])
        var results = Array(repeating: sample, count: 8_000)  // eight parts of 1,000
        results[2_500].numbers = [.nan]       // in the third part
        results[7_000].numbers = [.infinity]  // in the last
        var written: [UInt8] = []
        #expect {
            try PrettyJSON.rendered(Results(results: results)).withChunks { written += $0 }
        } throws: { error in
            guard case EncodingError.invalidValue(let value, _) = error else { return false }
            return "\(value)" == "nan"
        }
        let firstTwoParts = try Self.foundation(Results(results: Array(results[..<2_000])))
        #expect(String(decoding: written, as: UTF8.self) == firstTwoParts.dropLast("\n  ]\n}".count) + ",\n")
    }

    /// Results fill their nodes themselves, as their `Encodable` conformances encode them: every
    /// kind, every optional present and absent, keys that sort differently as bytes and as text,
    /// evidence lists empty, of one empty id, and of ids with a zero byte, a quote or a backslash.
    @Test func writesResultsAsTheirEncodingDoes() throws {
        let subjects = [SubjectRef(kind: .manager, id: "u-1", name: "Ana \"A\"", teamId: "t-1", team: "Team/1", managerId: "u-0"),
                        SubjectRef(kind: .team, id: "t-2", name: "Two")]
        let conditions = [GateCondition(name: "track_record", passed: true, detail: "3 of 4", value: 0.75, limit: 0.5),
                          GateCondition(name: "interest", passed: false)]
        let verdicts: [Verdict] = [
            .gate(GateVerdict(outcome: "ready", reasons: ["a", "b\n"], conditions: conditions, exposure: 2_400_000)),
            .gate(GateVerdict(outcome: "develop", reasons: [], conditions: [])),
            .threshold(ThresholdVerdict(value: 0.25, limit: 0.2, breached: true, severity: .high, exposure: 1.5, conditions: conditions)),
            .threshold(ThresholdVerdict(value: nil, limit: 1e-7, breached: false, severity: .none)),
            .weighting(WeightingVerdict(weights: ["team": 0.6, "personal": 0.3, "Z": 0.1], components: ["team": 1.2, "personal": 0.9, "Z": 0],
                                        blended: 1.05, payout: 1.1, multiplier: 1.27)),
            .weighting(WeightingVerdict(weights: ["team": 1], components: ["team": 1], blended: 1, payout: nil, multiplier: nil)),
        ]
        var results: [RuleResult] = []
        for (i, verdict) in verdicts.enumerated() {
            results.append(RuleResult(rule: "rule.\(i)", title: "Rule \(i)", subject: subjects[i % 2], verdict: verdict,
                                      message: i % 3 == 0 ? nil : "message \(i)",
                                      evidence: [[], ["d1", "d10", "d2"], [""], ["q\"", "\\", "\u{0}", "z\u{0}z", "é"]][i % 4],
                                      notes: i == 1 ? ["insufficient data"] : [], origin: RuleOrigin(pack: "core", version: "1.0", file: "rules/r.lua"),
                                      action: i % 2 == 0 ? "Act on {subject}" : nil))
        }
        #expect(try PrettyJSON.encode(results) == Self.foundation(results))
        #expect(try PrettyJSON.encode(["results": results]) == Self.foundation(["results": results]))
        let many = Array(repeating: results, count: 400).flatMap { $0 }
        #expect(try PrettyJSON.encode(["results": many]) == Self.foundation(["results": many]), "in parts")
    }

    /// Text is scanned eight bytes at a time for what JSON escapes: every byte below 0x80, at
    /// every place in and around a word, is escaped as JSONEncoder escapes it.
    @Test func escapesEveryByteWhereverItIs() throws {
        for byte in UInt8(0)..<0x80 {
            let word: UInt64 = 0x6161_6161_6161_6161  // "aaaaaaaa"
            for place in 0..<8 {
                let shifted = (word & ~(0xFF << (8 * UInt64(place)))) | UInt64(byte) << (8 * UInt64(place))
                let escaped = byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
                #expect(PrettyJSON.Tree.needsEscape(shifted) == escaped, "byte \(byte) at \(place)")
            }
        }
        for byte in UInt8(0)..<0x80 {
            let texts = [0, 1, 7, 8, 9, 15, 16, 17].map { at in String(repeating: "a", count: at) + String(UnicodeScalar(byte)) + String(repeating: "é", count: 5) }
            for text in texts { #expect(try PrettyJSON.encode([text]) == Self.foundation([text]), "byte \(byte)") }
        }
    }

    /// Keys by the hundred thousand are sorted in two halves on two cores, then merged: the
    /// order is still the bytes' order (keys shorter than eight bytes, sharing long prefixes,
    /// not ASCII, equal up to a byte).
    @Test func ordersManyKeysByTheirBytes() {
        var generator = SystemRandomNumberGenerator()
        let keys = (0..<150_000).map { i -> String in
            let n = Int.random(in: 0..<1_000_000, using: &generator)
            return ["d\(n)", "deal-with-a-long-prefix-\(n)", "é\(n)", "e\u{301}\(n)", "\(n % 7)"][i % 5]
        }
        let order = ByteOrder.positions(of: keys)
        #expect(order.map { keys[$0] }.elementsEqual(keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }) { $0.utf8.elementsEqual($1.utf8) })
        #expect(Set(order) == Set(keys.indices))
    }

    @Test func writesEveryExampleReportAsJSONEncoderDoes() throws {
        let pack = try RulePack.load(from: PackPaths.core)
        for name in ["northwind", "hero-owner", "sarah-promotion", "stalled-pipeline"] {
            let evaluation = try Evaluator(pack: pack).evaluate(try SnapshotLoader().load(contentsOf: PackPaths.example(name)))
            let document = JSONReport.Document(Report(evaluation))
            let expected = try Self.foundation(document)
            #expect(try PrettyJSON.encode(document) == expected, "\(name)")
            #expect(try PrettyJSON.encode(document, parallel: false) == expected, "\(name), on one core")
            #expect(try PrettyJSON.encode(document, partsAbove: 3) == expected, "\(name), large containers in parts")
        }
    }
}
