import Foundation
import Ladder
import Testing
@testable import LadderSnapshots

/// The loader reads a plainly valid snapshot's large collections straight from bytes and
/// anything else through the JSON tree. Whatever the document, both ways must give the same
/// snapshot and warnings, or the same problems: here over the examples and hundreds of broken
/// variants of them (every field of every large collection missing, null, empty, mistyped or out
/// of range, unknown fields, repeated keys, escapes, lossy numbers).
@Suite struct DirectReading {
    /// Everything a load gives, as text: the snapshot and its warnings, or the refusal.
    static func outcome(_ data: Data, direct: Bool) -> String {
        var loader = SnapshotLoader()
        loader.readsDirectly = direct
        do {
            let loaded = try loader.load(data)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let snapshot = (try? encoder.encode(loaded.snapshot)).map { String(decoding: $0, as: UTF8.self) } ?? "unencodable"
            return "loaded \(snapshot)\nwarnings \(loaded.warnings.map(\.description))"
        } catch {
            return "refused \(error)"
        }
    }

    static func expectSame(_ data: Data, _ label: String) {
        let direct = outcome(data, direct: true), general = outcome(data, direct: false)
        #expect(direct == general, "\(label)")
    }

    static var values: [Any] { [NSNull(), "", "x", -1, 0.00005, 1.5, 1e25, true, [Any](), "2026-02-30", ["a"]] }

    /// Every shipped example and a generated organisation.
    static var documents: [(String, Data)] {
        get throws {
            let examples = ["elite-producer", "healthy-coach", "hero-owner", "involved-not-owner", "new-manager-ramp", "northwind",
                            "ready-rep", "sarah-promotion", "stalled-pipeline"]
            return try examples.map { ($0, try Data(contentsOf: PackPaths.example($0))) } + [("generated", GeneratedOrganization.snapshot(managers: 1, reps: 1))]
        }
    }

    @Test func validSnapshotsReadTheSameBothWays() throws {
        for (name, data) in try Self.documents {
            Self.expectSame(data, name)
            #expect(DirectSnapshotReader.read(data) != nil, "\(name) is read directly")
        }
    }

    @Test(arguments: ["people", "quotas", "deals", "activities", "events"])
    func everyBrokenFieldReadsTheSameBothWays(collection: String) throws {
        do {
            let name = "northwind"
            var root = try #require(JSONSerialization.jsonObject(with: try Data(contentsOf: PackPaths.example("northwind"))) as? [String: Any])
            // Two records of each list are enough to break one and keep one whole, and keep each
            // of the hundreds of loads short.
            for key in ["quotas", "deals", "activities", "assessments", "events"] { root[key] = (root[key] as? [Any]).map { Array($0.prefix(2)) } }
            do {
                let list = try #require(root[collection] as? [[String: Any]])
                let first = try #require(list.first)
                var record = first
                if collection == "deals" && (record["members"] as? [Any])?.isEmpty != false { record["members"] = [["person_id": "u-x", "role": "assist"]] }
                var variants: [(String, [String: Any]?)] = [("unknown field", record.merging(["zzz": 1]) { $1 })]
                for key in record.keys.sorted() {
                    var without = record
                    without.removeValue(forKey: key)
                    variants.append(("\(key) missing", without))
                    for value in Self.values { variants.append(("\(key) = \(value)", record.merging([key: value]) { $1 })) }
                }
                for field in ["track", "active", "target_incentive", "ramp_factor", "regretted", "name", "team_id", "email"] where record[field] == nil {
                    for value in Self.values { variants.append(("\(field) = \(value)", record.merging([field: value]) { $1 })) }
                }
                if collection == "deals" {
                    for member: Any in [[String: Any](), ["person_id": "u-x"], ["person_id": "", "role": "r"], ["person_id": "u-x", "role": "r", "z": 1], "m", NSNull()] {
                        variants.append(("member \(member)", record.merging(["members": [member]]) { $1 }))
                    }
                }
                for (label, variant) in variants {
                    var document = root
                    document[collection] = [variant as Any] + list.dropFirst().map { $0 as Any }
                    Self.expectSame(try JSONSerialization.data(withJSONObject: document), "\(name) \(collection)[0] \(label)")
                }
                var wrong = root
                wrong[collection] = ["not": "a list"]
                Self.expectSame(try JSONSerialization.data(withJSONObject: wrong), "\(name) \(collection) not a list")
                wrong[collection] = [1]
                Self.expectSame(try JSONSerialization.data(withJSONObject: wrong), "\(name) \(collection) [1]")
            }
        }
    }

    @Test func textualOddsReadTheSameBothWays() throws {
        let text = String(decoding: try Data(contentsOf: PackPaths.example("northwind")), as: UTF8.self)
        let edits: [(String, (String) -> String)] = [
            ("a repeated key", { $0.replacingOccurrences(of: "\"owner_id\":", with: "\"owner_id\": \"u-ann\", \"owner_id\":") }),
            ("an escaped key", { $0.replacingOccurrences(of: "\"owner_id\":", with: "\"owner\\u005fid\":") }),
            ("an escaped value", { $0.replacingOccurrences(of: "\"stage\": \"", with: "\"stage\": \"\\u0020") }),
            ("a repeated collection", { $0.replacingOccurrences(of: "\"deals\": [", with: "\"deals\": [], \"deals\": [") }),
            ("a lossy amount", { $0.replacingOccurrences(of: "\"amount\": ", with: "\"amount\": 12345678901234567890, \"x\": ") }),
            ("a tiny amount", { $0.replacingOccurrences(of: "\"amount\": ", with: "\"amount\": 1e-400, \"x\": ") }),
            ("trailing text", { $0 + "x" }),
            ("a byte order mark", { "\u{FEFF}" + $0 }),
            ("a cut document", { String($0.prefix($0.count / 2)) }),
            ("precomposed and decomposed ids", { $0.replacingOccurrences(of: "u-ann", with: "u-ann\u{E9}").replacingOccurrences(of: "\"owner_id\": \"u-ann\u{E9}\"", with: "\"owner_id\": \"u-anne\u{301}\"") }),
        ]
        for (label, edit) in edits { Self.expectSame(Data(edit(text).utf8), label) }
    }
}

/// The loader groups deals by the positions its validator resolved; the index (and those
/// positions) must be what looking up the ids gives.
@Test func dealsAreGroupedAsByTheirIds() throws {
    for data in [try Data(contentsOf: PackPaths.example("northwind")), GeneratedOrganization.snapshot(managers: 3, reps: 4)] {
        let loaded = try SnapshotLoader().load(data)
        let byIds = SnapshotIndex(loaded.snapshot)
        #expect(loaded.index.dealsByTeam == byIds.dealsByTeam)
        #expect(loaded.index.dealsByOwner == byIds.dealsByOwner)
        #expect(loaded.index.dealsByStage == byIds.dealsByStage)
        #expect(loaded.index.personById == byIds.personById && loaded.index.dealById == byIds.dealById)
        #expect(loaded.index.teamById == byIds.teamById && loaded.index.stageByName == byIds.stageByName)
        #expect(loaded.index.dealOwner == byIds.dealOwner && loaded.index.dealTeam == byIds.dealTeam)
        #expect(loaded.index.dealStage == byIds.dealStage && loaded.index.dealOwner.allSatisfy { $0 >= 0 })
    }
}

/// Many deals are read on two cores, the second reader starting at a guessed deal; whatever the
/// guess hits, the result is the one reader's.
@Test func dealsReadOnTwoCoresAreTheDealsOneReaderReads() throws {
    // The deals last, so that the second reader's guess falls among them and is a deal.
    var object = try #require(JSONSerialization.jsonObject(with: GeneratedOrganization.snapshot(managers: 4, reps: 4)) as? [String: Any])
    let dealList = try #require(object["deals"])
    object["deals"] = nil
    let rest = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    let generated = rest.dropLast() + ",\"deals\":" + String(decoding: try JSONSerialization.data(withJSONObject: dealList, options: [.sortedKeys]), as: UTF8.self) + "}"
    var broken = generated
    broken.replaceSubrange(try #require(broken.range(of: "\"stage\":", options: .backwards)), with: "\"stag\":")
    let documents = [
        ("generated", generated),
        ("a guess inside a name", generated.replacingOccurrences(of: "\"amount\":", with: "\"name\":\"},{\\\"id\\\":1} x\",\"amount\":")),
        ("lossy amounts in both halves", generated.replacingOccurrences(of: "\"amount\":", with: "\"amount\":12345678901234")),
        ("a broken deal late in the list", broken),
        ("northwind", String(decoding: try Data(contentsOf: PackPaths.example("northwind")), as: UTF8.self)),
    ]
    for (label, text) in documents {
        let data = Data(text.utf8)
        let one = DirectSnapshotReader.read(data, splitAbove: .max), two = DirectSnapshotReader.read(data, splitAbove: 0)
        if label == "generated" || label.hasPrefix("lossy") { #expect(two != nil, "\(label) is read directly") }
        if label.hasPrefix("lossy") { #expect(two?.notes.count == 160, "\(label): a note per deal and quota") }
        #expect(one?.collections.deals == two?.collections.deals, "\(label)")
        #expect(one?.notes == two?.notes && one?.root == two?.root, "\(label)")
        #expect((one == nil) == (two == nil), "\(label)")
    }
}
