import Foundation
import Ladder
import LuaBridge
import Testing
@testable import LadderEngine

/// Rules read the large collections as proxies over the shared record store; they must see
/// exactly what the tables the encoder builds showed them: the same fields, values, number
/// types, key order under `pairs`, lengths and errors.
@Suite struct SnapshotRecordsTests {
    /// Everything a script can observe of a value, written out: type, `math.type` of numbers,
    /// `#`, and every key and value in the order `pairs` gives them.
    static let describe = """
        local function describe(value, out)
          local kind = type(value)
          if kind == "table" then
            out[#out + 1] = "{#" .. #value
            for key, item in pairs(value) do
              out[#out + 1] = tostring(key) .. "="
              describe(item, out)
            end
            out[#out + 1] = "}"
          elseif kind == "number" then
            out[#out + 1] = math.type(value) .. ":" .. tostring(value)
          else
            out[#out + 1] = kind .. ":" .. tostring(value)
          end
          return out
        end
        return function(value) return table.concat(describe(value, {}), " ") end
        """

    func compare(_ loaded: LoadedSnapshot, dealParts: Int? = nil) throws {
        let state = try LuaState(texts: .rules)
        let records = SnapshotRecords(loaded, dealParts: dealParts)
        let lua = try LuaSnapshot(state: state, loaded: loaded, records: records)
        let describe = try state.call(state.load(Self.describe, chunkName: "describe"), limits: .unlimited)
        guard case .reference(let describeRef) = describe else { Issue.record("no describe function"); return }
        var shapes: LuaShapes = [:]
        for kind in ["team", "person", "quota", "deal", "deal member", "activity", "event"] {
            let type: Any.Type = switch kind {
            case "team": Team.self
            case "person": Person.self
            case "quota": Quota.self
            case "deal": Deal.self
            case "deal member": DealMember.self
            case "activity": Activity.self
            default: Event.self
            }
            shapes[ObjectIdentifier(type)] = state.makeShape(label: kind, noun: "field", names: SnapshotSchema.record(kind)!.fieldNames)
        }
        let s = loaded.snapshot
        let tables: [(String, LuaRef)] = [
            ("teams", try state.makeReadOnly(encoding: s.teams, shapes: shapes)),
            ("people", try state.makeReadOnly(encoding: s.people, shapes: shapes)),
            ("quotas", try state.makeReadOnly(encoding: s.quotas, shapes: shapes)),
            ("deals", try state.makeReadOnly(encoding: s.deals, shapes: shapes)),
            ("activities", try state.makeReadOnly(encoding: s.activities, shapes: shapes)),
            ("events", try state.makeReadOnly(encoding: s.events, shapes: shapes)),
        ]
        for (name, table) in tables {
            let proxied = try state.call(describeRef, [.reference(lua.collection(name))], limits: .unlimited)
            let encoded = try state.call(describeRef, [.reference(table)], limits: .unlimited)
            #expect(proxied == encoded, "\(name)")
            // The host reads a proxy returned to it as the table it stands for.
            let back = try state.call(state.load("return function(list) return list end", chunkName: "echo"), limits: .unlimited)
            guard case .reference(let echo) = back else { continue }
            #expect(try state.call(echo, [.reference(lua.collection(name))], limits: .unlimited)
                    == state.call(echo, [.reference(table)], limits: .unlimited), "\(name) read back")
        }
    }

    @Test func proxiesShowWhatTheEncodedTablesShowed() throws {
        try compare(try SnapshotLoader().load(contentsOf: PackPaths.example("northwind")))
        try compare(try SnapshotLoader().load(GeneratedOrganization.snapshot(managers: 3, reps: 4)))
    }

    /// Deals filled in parts on several cores, each part's text in a segment of its own, read
    /// the same as when filled in one.
    @Test(arguments: [2, 3, 8]) func dealsFilledInPartsReadTheSame(parts: Int) throws {
        try compare(try SnapshotLoader().load(contentsOf: PackPaths.example("northwind")), dealParts: parts)
        try compare(try SnapshotLoader().load(GeneratedOrganization.snapshot(managers: 3, reps: 4)), dealParts: parts)
        #expect(SnapshotRecords.parts(of: 80, in: parts).count == parts)
        #expect(SnapshotRecords.parts(of: 80, in: 20).count == LuaRecordStore.textSegments)
        #expect(SnapshotRecords.parts(of: 0, in: parts).flatMap { Array($0) } == [])
    }

    /// The same record is the same value however it is reached, so rules may key tables by it.
    @Test func aRecordIsOneValueHoweverItIsReached() throws {
        try expectTrue("""
            return function(s, index)
              local deal = s.deals[1]
              assert(index.deals_by_id[deal.id] == deal)
              assert(index.deals_by_owner[deal.owner_id][1] ~= nil)
              local found = false
              for _, d in ipairs(index.deals_by_team[deal.team_id]) do found = found or d == deal end
              assert(found)
              assert(deal.members == deal.members)
              local seen = { [deal] = "first", [deal.members] = "its members" }
              assert(seen[index.deals_by_id[deal.id]] == "first" and seen[s.deals[1].members] == "its members")
              assert(s.deals[2] ~= deal and s.deals[2].members ~= deal.members and seen[s.deals[2]] == nil)
              assert(type(deal) == "table" and type(deal.members) == "table" and type(s.deals) == "table")
              local ok, message = pcall(function() deal.amount = 1 end)
              assert(not ok and message:find("read%-only field 'amount'"), message)
              ok, message = pcall(function() s.deals[1] = 1 end)
              assert(not ok and message:find("read%-only"), message)
              assert(s.deals["1"] == nil and s.deals[0] == nil and s.deals[#s.deals + 1] == nil)
              assert(deal[1] == nil and #deal == 0)
              assert(tostring(deal) == "table (read-only)" and getmetatable(deal) == "locked")
              return true
            end
            """)
    }

    /// `ipairs` walks a list of records with an iterator of its own: it gives what indexing the
    /// list one by one gives, for every kind of list; tables and views are walked by Lua's.
    @Test func ipairsWalksAListAsIndexingItDoes() throws {
        try expectTrue("""
            return function(s, index)
              local function same(list)
                local walked, indexed = {}, {}
                for i, v in ipairs(list) do walked[#walked + 1] = i; walked[#walked + 1] = v end
                local i = 1
                while list[i] ~= nil do indexed[#indexed + 1] = i; indexed[#indexed + 1] = list[i]; i = i + 1 end
                assert(#walked == #indexed and #walked == 2 * #list, "lengths")
                for j = 1, #walked do assert(walked[j] == indexed[j], "at " .. j) end
                return #list
              end
              assert(same(s.deals) > 0 and same(s.people) > 0)
              local members = 0
              for _, d in ipairs(s.deals) do members = members + same(d.members) end
              assert(members > 0)
              local deal = s.deals[1]
              assert(same(index.deals_by_team[deal.team_id]) > 0)
              local with = 0
              for _, a in ipairs(s.activities) do with = with + same(a.with_ids) end
              assert(with > 0)
              assert(same({ 1, 2, 3 }) == 3 and same(s.stages) > 0)
              local walk, list, first = ipairs(s.deals)
              assert(list == s.deals and first == 0 and walk(list, #list) == nil and walk(list, math.maxinteger) == nil)
              local ok, message = pcall(function() return ipairs() end)
              assert(not ok and message:find("bad argument #1 to 'ipairs'"), message)
              return true
            end
            """)
    }

    /// Runs `check`, a function of the northwind example's snapshot and index, and expects true.
    func expectTrue(_ check: String) throws {
        let loaded = try SnapshotLoader().load(contentsOf: PackPaths.example("northwind"))
        let state = try LuaState(texts: .rules)
        let lua = try LuaSnapshot(state: state, loaded: loaded, records: SnapshotRecords(loaded))
        guard case .reference(let function) = try state.call(state.load(check, chunkName: "check"), limits: .unlimited) else {
            Issue.record("no check function")
            return
        }
        #expect(try state.call(function, [.reference(lua.root), .reference(lua.index)], limits: .unlimited) == .boolean(true))
    }
}
