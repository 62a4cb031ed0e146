/// The files of a new client pack (`ladder init`): a manifest with a commented example of every
/// key, one override, one rule with its test case, and a README. It passes `ladder check` and
/// `ladder test` as it is.
public enum PackScaffold {
    /// File path (relative to the new pack's folder) → text.
    /// - Parameter extends: the pack it builds on, as `extends:` will name it.
    public static func files(name: String, extends: String) -> [String: String] {
        let title = name.split(whereSeparator: { $0 == "-" || $0 == "_" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
        return [
            RulePack.manifestName: """
                # \(title)'s leadership policies, as a small layer over \(extends). Every key is explained
                # in docs/packs.md; `ladder pack show` prints the pack as it runs.
                format: 1
                name: \(name)
                version: 0.1.0
                description: \(title)'s leadership policies, over \(extends).
                extends: \(extends)                 # a pack name found above this folder or on the pack path, or a path (../../core)

                overrides:                    # new values for parameters the packs below declare
                  late_share_limit: 0.18      # e.g. a stricter Hero-Manager limit than core's 0.20

                # disable:                    # rules of the packs below not to run
                #   - pipeline.stalled_deals

                # replace:                    # your own file in place of a rule below: same id, kind and subject
                #   coaching.one_on_one_cadence: cadence.lua

                rules:                        # this client's own rules, run after those below
                  - team_size.lua

                parameters:                   # this client's own parameters
                  max_team_size:
                    type: integer
                    default: 8
                    min: 1
                    description: Most active people one team should have.
                    source: \(title)'s organisation guidelines

                constraints:                  # conditions the parameters in force must meet
                  - max_team_size >= 2

                # limits:                     # budgets per rule and subject (docs/packs.md)
                #   seconds: 2

                """,
            "team_size.lua": """
                -- An example rule of \(title)'s: a team larger than max_team_size is hard to coach.
                -- Replace it with the client's own policies; keep a test case for each (tests/).

                return {
                  id = "\(name.replacingOccurrences(of: "-", with: "_")).team_size",
                  title = "Team size: small enough to coach",
                  kind = "threshold",
                  unit = "count",
                  subject = "team",

                  evaluate = function(team, ctx)
                    local size = #ctx.metrics.team_people(team)
                    local limit = ctx.params.max_team_size
                    return {
                      value = size, limit = limit, breached = size > limit,
                      message = ("%s has %d active people (at most %d)"):format(team.name, size, limit),
                    }
                  end,
                }

                """,
            "tests/team_size.yaml": """
                # Cases for team_size.lua (docs/pack-tests.md). The snapshot is written here, so the
                # pack's tests need nothing outside its folder.
                snapshot:
                  version: 1
                  as_of: "2026-06-30"
                  organization: {id: example, name: Example Corp, currency: USD}
                  periods: []
                  teams: [{id: t-1, name: One, manager_id: u-m}]
                  people:
                    - {id: u-m, name: Mia Manager, role: manager, team_id: t-1}
                    - {id: u-a, name: Ann Rep, role: rep, team_id: t-1, manager_id: u-m}
                    - {id: u-b, name: Ben Rep, role: rep, team_id: t-1, manager_id: u-m}

                cases:
                  - name: three people are within the limit
                    expect:
                      - {rule: \(name.replacingOccurrences(of: "-", with: "_")).team_size, subject: t-1, value: 3, limit: 8, breached: false}
                  - name: the limit itself is allowed, one more is not
                    each:
                      - params: {max_team_size: 3}
                        expect: [{rule: \(name.replacingOccurrences(of: "-", with: "_")).team_size, subject: t-1, breached: false}]
                      - params: {max_team_size: 2}
                        expect: [{rule: \(name.replacingOccurrences(of: "-", with: "_")).team_size, subject: t-1, breached: true,
                                  message_contains: "One has 3 active people (at most 2)"}]

                """,
            "README.md": """
                # \(title)

                \(title)'s leadership policies: the `\(extends)` pack with this client's changes
                (`pack.yaml`) and its own rules.

                ```sh
                ladder check .                      # before anything runs: names, fields, tests
                ladder test .                       # the cases under tests/
                ladder pack show .                  # the pack as it runs, and who set each parameter
                ladder evaluate --pack . snapshot.json
                ```

                Record here why each change was made, for the next consultant.

                """,
        ]
    }
}
