import Foundation
import Ladder
import Testing

/// Client packs over core: what a chain resolves to, what it refuses (with file, line and what
/// to do), and the provenance every result and report carries.
@Suite struct LayeredPacks {
    static let core = PackPaths.core.path
    static let northwind = try! SnapshotLoader().load(contentsOf: PackPaths.example("northwind"))

    func problems(_ load: () throws -> Any) -> String {
        do {
            _ = try load()
            return ""
        } catch let error as LadderError {
            if case .invalidPack(_, let problems) = error { return problems.joined(separator: "\n") }
            return "\(error)"
        } catch {
            return "\(error)"
        }
    }

    @Test func theExampleClientsResolveOverCore() throws {
        let brightwave = try RulePack.load(from: PackPaths.repository.appendingPathComponent("rules/clients/brightwave"))
        #expect(brightwave.layers.map(\.name) == ["core", "brightwave"])
        let limit = try #require(brightwave.parameters.first { $0.name == "late_share_limit" })
        #expect(limit.value == .number(0.15) && limit.parameter.defaultValue == .number(0.2))
        #expect(limit.setBy == "brightwave" && limit.declaredBy == "core")
        #expect(limit.setAt == "\(brightwave.manifest.file):11")
        // keller names core; it is found in a folder above it
        let keller = try RulePack.load(from: PackPaths.repository.appendingPathComponent("rules/clients/keller"))
        #expect(keller.layers.map(\.name) == ["core", "keller"])
        #expect(keller.modules["lib.metrics"] == RulePack.LayerFile(layer: 0, file: "lib/metrics.lua"))
        #expect(brightwave.modules["lib.coaching"] == RulePack.LayerFile(layer: 1, file: "lib/coaching.lua"))
    }

    @Test func resultsNameTheLayerOfTheirRuleAndReportsTheChain() throws {
        let pack = try RulePack.load(from: PackPaths.repository.appendingPathComponent("rules/clients/brightwave"))
        let evaluation = try Evaluator(pack: pack, options: .init(parameters: ["cadence_max_gap": .integer(21)])).evaluate(Self.northwind)
        let origins = Dictionary(evaluation.results.map { ($0.rule, $0.origin.pack) }, uniquingKeysWith: { a, _ in a })
        #expect(origins["hero.late_stage_ownership"] == "core")
        #expect(origins["coaching.one_on_one_cadence"] == "brightwave")
        #expect(origins["brightwave.enablement_gate"] == "brightwave")
        #expect(evaluation.results.first { $0.rule == "coaching.one_on_one_cadence" }?.origin.file == "clients/brightwave/coaching_cadence.lua")
        #expect(evaluation.layers.map(\.name) == ["core", "brightwave"])
        #expect(evaluation.layers.map(\.sha256) == pack.layers.map(\.sha256))
        let setBy = Dictionary(uniqueKeysWithValues: evaluation.parameters.values.map { ($0.name, $0.setBy) })
        #expect(setBy["late_share_limit"] == "brightwave" && setBy["min_late_deals"] == "core")
        #expect(setBy["cadence_max_gap"] == ParameterSet.commandLine)
        // the rule order: core's, with the replacement in place of the rule it replaces, then the client's
        #expect(evaluation.rules.map(\.id).suffix(2) == ["pipeline.stalled_deals", "brightwave.enablement_gate"])
        #expect(evaluation.rules.map(\.id).firstIndex(of: "coaching.one_on_one_cadence") == 5)
        let text = try ReportFormat.text.render(evaluation)
        #expect(text.contains("layers core 0.1.0 (\(pack.layers[0].sha256.prefix(12))) → brightwave 1.0.0"))
        let html = try ReportFormat.html.render(evaluation)
        #expect(html.contains("<dt>Layers</dt>\n<dd>core 0.1.0"))
        #expect(html.contains("<tr><td><code>late_share_limit</code></td><td class=\"num\">0.15</td><td class=\"num\">0.2</td><td>brightwave</td></tr>"))
        #expect(try Evaluation(jsonReport: Data(ReportFormat.json.render(evaluation).utf8)) == evaluation)
    }

    @Test func disabledRulesDoNotRun() throws {
        let pack = try RulePack.load(from: PackPaths.repository.appendingPathComponent("rules/clients/keller"))
        let evaluation = try Evaluator(pack: pack).evaluate(Self.northwind)
        #expect(!evaluation.rules.contains { $0.id == "pipeline.stalled_deals" })
        #expect(throws: LadderError.self) { try Evaluator(pack: pack, options: .init(rules: ["pipeline.stalled_deals"])).evaluate(Self.northwind) }
    }

    @Test func aCycleIsRefusedWithTheChain() throws {
        let scratch = ScratchPacks()
        try scratch.pack("a", ["pack.yaml": "name: a\nversion: 1\nextends: ../b\n"])
        try scratch.pack("b", ["pack.yaml": "name: b\nversion: 1\nextends: ../a\n"])
        let text = problems { try RulePack.load(from: scratch.root.appendingPathComponent("a")) }
        #expect(text.hasSuffix("b/pack.yaml:3: extends: a cycle: a → b → a"), "\(text)")
    }

    @Test func aPackNameIsLookedForOnThePackPath() throws {
        let scratch = ScratchPacks()
        let client = try scratch.pack("clients/acme", ["pack.yaml": "name: acme\nversion: 1\nextends: core\n"])
        let missing = problems { try RulePack.load(from: client) }
        #expect(missing.contains("pack.yaml:3: extends: no pack \"core\" found; looked in "), "\(missing)")
        #expect(missing.contains("--pack-path or LADDER_PACK_PATH"))
        let found = try RulePack.load(from: client, packPath: [PackPaths.repository.appendingPathComponent("rules")])
        #expect(found.layers.map(\.name) == ["core", "acme"])
    }

    @Test func overridesAreCheckedAgainstTheDeclaringLayer() throws {
        let scratch = ScratchPacks()
        let client = try scratch.pack("acme", ["pack.yaml": """
            name: acme
            version: 1.0.0
            extends: \(Self.core)
            overrides:
              late_share_limt: 0.15
              min_late_deals: 2.5
              involvement_limit: 1.5
            parameters:
              late_share_limit: {type: number, default: 0.3, description: again}
            """])
        let text = problems { try RulePack.load(from: client) }
        #expect(text.contains("acme/pack.yaml:5: overrides.late_share_limt: no parameter \"late_share_limt\" in the packs below (did you mean late_share_limit?)"), "\(text)")
        #expect(text.contains("acme/pack.yaml:6: overrides.min_late_deals: expected a whole number, got \"2.5\" (declared by core at \(Self.core)/pack.yaml:"), "\(text)")
        #expect(text.contains("acme/pack.yaml:7: overrides.involvement_limit: 1.5 is above the maximum 1 (declared by core at"), "\(text)")
        #expect(text.contains("acme/pack.yaml:9: parameters.late_share_limit: already declared by core"), "\(text)")
    }

    @Test func aConstraintBrokenByAnOverrideBlamesItsLine() throws {
        let scratch = ScratchPacks()
        let client = try scratch.pack("acme", ["pack.yaml": """
            name: acme
            version: 1.0.0
            extends: \(Self.core)
            overrides:
              team_weight_base: 0.61
            """])
        let text = problems { try RulePack.load(from: client) }
        #expect(text.hasPrefix("\(client.path)/pack.yaml:5: overrides.team_weight_base: breaks the constraint \"team_weight_base + team_weight_ramp + retention_weight <= 1\" declared by core at \(Self.core)/pack.yaml:"), "\(text)")
        #expect(text.contains("team_weight_base = 0.61 (set by acme at"))
        // and on the command line
        let core = try RulePack.load(from: PackPaths.core)
        #expect(throws: LadderError.self) { try ParameterSet(pack: core, overrides: ["track_k": .integer(5)]) }
    }

    @Test func constraintsMustNameParametersAndCompare() throws {
        let scratch = ScratchPacks()
        let head = """
            name: acme
            version: 1.0.0
            rules: [r.lua]
            parameters:
              low: {type: number, default: 1, description: low}
              high: {type: number, default: 2, description: high}
            constraints:

            """
        let sum = try scratch.pack("sum", ["pack.yaml": head + "  - low + high\n", "r.lua": "return {}"])
        #expect(problems { try RulePack.load(from: sum) }.contains("pack.yaml:8: constraints[0]: \"low + high\" is not a condition; compare two values, e.g. a + b <= 1"))
        let names = try scratch.pack("names", ["pack.yaml": head + "  - low < hihg\n  - (low < high and not (high > 10)) or low == 0\n", "r.lua": "return {}"])
        let text = problems { try RulePack.load(from: names) }
        #expect(text.hasSuffix("pack.yaml:8: constraints: no parameter \"hihg\" (did you mean high?)"), "\(text)")
        #expect(!text.contains("pack.yaml:9"), "\(text)")
    }

    @Test func disableAndReplaceNameRulesOfThePacksBelow() throws {
        let scratch = ScratchPacks()
        let client = try scratch.pack("acme", [
            "pack.yaml": """
                name: acme
                version: 1.0.0
                extends: \(Self.core)
                disable: [hero.involvment]
                replace:
                  coaching.one_on_one_cadence: cadence.lua
                  promotion.gate: gate.lua
                """,
            "cadence.lua": """
                return {id = "coaching.one_on_one_cadence", title = "Cadence", kind = "gate", subject = "manager",
                        outcomes = {"ok"}, evaluate = function() return {outcome = "ok"} end}
                """,
            "gate.lua": """
                return {id = "promotion.gate", title = "Gate", kind = "gate", subject = "rep", outcomes = {"ready"},
                        evaluate = function() return {outcome = "ready"} end}
                """,
        ])
        let text = problems { try Evaluator(pack: try RulePack.load(from: client)).evaluate(Self.northwind) }
        #expect(text.contains("acme/pack.yaml:4: disable: no rule \"hero.involvment\" in the packs below (did you mean hero.involvement?)"), "\(text)")
        #expect(text.contains("acme/pack.yaml:6: replace.coaching.one_on_one_cadence: cadence.lua declares coaching.one_on_one_cadence (gate on manager); a replacement must declare the same id, kind and subject as the rule it replaces: coaching.one_on_one_cadence (threshold on manager)"), "\(text)")
        #expect(!text.contains("promotion.gate"), "\(text)")
    }

    @Test func aClientModuleAndCoresResolveUpTheChain() throws {
        let scratch = ScratchPacks()
        let client = try scratch.pack("acme", [
            "pack.yaml": "name: acme\nversion: 1.0.0\nextends: \(Self.core)\nrules: [team_size.lua]\nhelpers: {sizes: lib.sizes}\n",
            "lib/sizes.lua": """
                local metrics = require("lib.metrics")
                return {people = function(team) return #metrics.team_people(team) end}
                """,
            "team_size.lua": """
                return {id = "acme.team_size", title = "Team size", kind = "threshold", unit = "count", subject = "team",
                        evaluate = function(team, ctx)
                          local n = ctx.sizes.people(team)
                          local median = ctx.metrics.team_median(team, function(rep) return #(ctx.index.deals_by_owner[rep.id] or {}) end)
                          return {value = n, limit = median or 0, breached = false}
                        end}
                """,
        ])
        let evaluation = try Evaluator(pack: try RulePack.load(from: client), options: .init(rules: ["acme.team_size"])).evaluate(Self.northwind)
        #expect(evaluation.failures.isEmpty, "\(evaluation.failures)")
        let east = try #require(evaluation.results.first { $0.subject.id == "t-east" })
        let s = Self.northwind.snapshot
        let people = s.people.filter { $0.teamId == "t-east" && $0.active }
        let counts = people.filter { $0.role == "rep" }.map { rep in s.deals.filter { $0.ownerId == rep.id }.count }.sorted()
        let median = counts.count % 2 == 1 ? Double(counts[counts.count / 2]) : Double(counts[counts.count / 2 - 1] + counts[counts.count / 2]) / 2
        guard case .threshold(let t) = east.verdict else { Issue.record("expected a threshold"); return }
        #expect(t.value == Double(people.count))
        #expect(t.limit == median)
    }
}

@Suite struct PackShow {
    @Test func whatPackShowListsIsWhatEvaluationUses() throws {
        for name in ["core", "clients/brightwave", "clients/keller"] {
            let pack = try RulePack.load(from: PackPaths.repository.appendingPathComponent("rules/\(name)"))
            let compiled = CompiledPack(pack)
            let shown = try compiled.describe()
            let evaluation = try Evaluator(compiled: compiled).evaluate(try SnapshotLoader().load(contentsOf: PackPaths.example("northwind")))
            #expect(shown.rules.map(\.id) == evaluation.rules.map(\.id))
            #expect(shown.rules.map(\.file) == evaluation.rules.map(\.file))
            #expect(shown.parameters.map(\.name) == evaluation.parameters.values.map(\.name))
            #expect(shown.parameters.map(\.value) == evaluation.parameters.values.map(\.value))
            #expect(shown.parameters.map(\.setBy) == evaluation.parameters.values.map(\.setBy))
            #expect(shown.layers.map(\.sha256) == evaluation.layers.map(\.sha256))
            let origins = Dictionary(evaluation.results.map { ($0.rule, $0.origin.pack) }, uniquingKeysWith: { a, _ in a })
            for rule in shown.rules where origins[rule.id] != nil { #expect(origins[rule.id] == rule.layer, "\(rule.id)") }
        }
    }

    @Test func packDiffListsRulesAndParameters() throws {
        let core = try CompiledPack(RulePack.load(from: PackPaths.core)).describe()
        let keller = try CompiledPack(RulePack.load(from: PackPaths.repository.appendingPathComponent("rules/clients/keller"))).describe()
        let brightwave = try CompiledPack(RulePack.load(from: PackPaths.repository.appendingPathComponent("rules/clients/brightwave"))).describe()
        let toKeller = PackDiff(from: core, to: keller)
        #expect(toKeller.rulesDisabled == [.init(id: "pipeline.stalled_deals", by: "keller")])
        #expect(toKeller.rulesAdded.isEmpty && toKeller.rulesRemoved.isEmpty && toKeller.rulesReplaced.isEmpty)
        #expect(toKeller.parameters.map(\.name) == ["team_weight_ramp", "team_weight_ramp_months"])
        let toBrightwave = PackDiff(from: core, to: brightwave)
        #expect(toBrightwave.rulesAdded.map(\.id) == ["brightwave.enablement_gate"])
        #expect(toBrightwave.rulesReplaced.map(\.id) == ["coaching.one_on_one_cadence"])
        #expect(brightwave.rules.first { $0.id == "coaching.one_on_one_cadence" }?.replaces == "core")
        #expect(PackDiff(from: core, to: core).isEmpty)
        #expect(PackReport.text(toKeller, from: core, to: keller).contains("- rule pipeline.stalled_deals disabled by keller"))
    }
}
