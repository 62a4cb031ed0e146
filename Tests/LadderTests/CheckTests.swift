import Foundation
import Ladder
import Testing

/// `ladder check`: the mistakes consultants make, found before anything runs, each with its
/// file, line and column and what to do.
@Suite struct PackChecks {
    func check(_ files: [String: String]) throws -> [String] {
        let scratch = ScratchPacks()
        let folder = try scratch.pack("acme", files)
        return PackChecker().check(folder).map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") }
    }

    static let manifest = "name: acme\nversion: 1.0.0\nextends: \(PackPaths.core.path)\nrules: [rule.lua]\n"

    @Test func theShippedPacksAreClean() {
        for pack in ["rules/core", "rules/clients/brightwave", "rules/clients/keller"] {
            #expect(PackChecker().check(PackPaths.repository.appendingPathComponent(pack)).isEmpty, "\(pack)")
        }
    }

    @Test func namesNothingDefinesAreFoundWithTheirColumn() throws {
        let found = try check(["pack.yaml": Self.manifest, "rule.lua": """
            return { id = "acme.rule", title = "Rule", kind = "threshold", subject = "manager",
              evaluate = function(manager, ctx)
                local p = ctx.params
                local team = ctx.index.teams_by_id[manager.tem_id]
                for _, deal in ipairs(ctx.index.deals_by_owner[manager.id] or {}) do
                  if deal.ammount > p.min_deal then return nil end
                end
                return { value = ctx.metrcs, limit = ctx.params.late_share_limt, breached = team.nam == nil }
              end }
            """, "tests/rule.yaml": "snapshot: x.json\ncases:\n  - name: c\n    expect: [{rule: acme.rule, subject: u-x}]\n"])
        #expect(found == [
            "rule.lua:4:48: error: manager.tem_id: a person has no field \"tem_id\" (did you mean team_id?) (see docs/snapshot-format.md)",
            "rule.lua:6:15: error: deal.ammount: a deal has no field \"ammount\" (did you mean amount?) (see docs/snapshot-format.md)",
            "rule.lua:6:27: error: no parameter \"min_deal\" is declared by this pack or the packs it extends; declare it under parameters: in pack.yaml",
            "rule.lua:8:26: error: ctx has no field \"metrcs\" (did you mean metrics?); helpers such as ctx.metrics are listed under helpers: in pack.yaml",
            "rule.lua:8:53: error: no parameter \"late_share_limt\" is declared by this pack or the packs it extends (did you mean late_share_limit?); declare it under parameters: in pack.yaml",
            "rule.lua:8:86: error: team.nam: a team has no field \"nam\" (did you mean name?) (see docs/snapshot-format.md)",
        ])
    }

    @Test func compileAndDeclarationErrorsAndMissingTests() throws {
        let found = try check([
            "pack.yaml": "name: acme\nversion: 1.0.0\nextends: \(PackPaths.core.path)\nrules: [rule.lua, broken.lua]\ndisable: [hero.involvment]\n",
            "rule.lua": "return {id = \"acme.rule\", title = \"R\", kind = \"threshold\", subject = \"managers\", evaluate = function() end}\n",
            "broken.lua": "return {id = \"acme.broken\" title = \"B\"}\n",
        ])
        #expect(found.contains("broken.lua:1: error: does not compile: '}' expected near 'title'"), "\(found)")
        #expect(found.contains("rule.lua:1: error: declaration.subject: \"managers\" is not a subject (rep, manager, team)"), "\(found)")
        #expect(found.contains("pack.yaml:5: error: disable: no rule \"hero.involvment\" in the packs below (did you mean hero.involvement?)"), "\(found)")
        let tested = try check(["pack.yaml": Self.manifest, "rule.lua": """
            return {id = "acme.rule", title = "R", kind = "threshold", subject = "manager",
                    evaluate = function() return {value = 0, limit = 1, breached = false} end}
            """])
        #expect(tested == ["rule.lua:2: warning: rule acme.rule has no test case; add one under tests/ (see docs/pack-tests.md)"])
    }

    @Test func aMisspeltActionPlaceholderIsFoundOnItsLine() throws {
        let found = try check(["pack.yaml": Self.manifest, "rule.lua": """
            return {id = "acme.rule", title = "R", kind = "threshold", subject = "manager",
                    evaluate = function() return {value = 0, limit = 1, breached = false} end,
                    action = "Ask {subjct} to hand {deals} back"}
            """])
        #expect(found.first == "rule.lua:3: error: declaration.action: {subjct} is not a placeholder of a threshold; did you mean {subject}? "
                + "a threshold fills {subject}, {team}, {evidence}, {deals}, {people}, {periods}, {value}, {limit}", "\(found)")
    }

    @Test func manifestProblemsComeWithTheirLine() throws {
        let found = try check(["pack.yaml": "name: acme\nversion: 1.0.0\nextends: \(PackPaths.core.path)\noverides:\n  late_share_limit: 0.1\n"])
        #expect(found == ["pack.yaml:4: error: overides: unknown key (did you mean overrides?) (known: constraints, description, disable, extends, format, helpers, limits, name, overrides, parameters, replace, rules, version)"])
    }

    @Test func yamlMistakesPointAtTheirLineAndColumn() throws {
        let found = try check(["pack.yaml": "name: acme\nversion: 1.0.0\nextends: \(PackPaths.core.path)\noverrides:\n  late_share_limit: 0.15\n   min_late_deals: 3\n"])
        #expect(found == ["pack.yaml:6:18: error: not valid YAML: mapping values are not allowed in this context (check the indentation and the colons)"])
    }
}
