import Foundation
import LadderModel
import Yams

/// Reads `pack.yaml` with line numbers, collecting every problem.
package struct PackManifestReader {
    let file: String
    private(set) var problems: [String] = []

    init(file: String) { self.file = file }

    private mutating func problem(_ node: Node?, _ path: String, _ message: String) {
        let line = node?.mark.map { ":\($0.line)" } ?? ""
        problems.append("\(file)\(line): \(path.isEmpty ? "" : path + ": ")\(message)")
    }

    mutating func read(_ text: String) -> PackManifest? {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            problems.append(Self.yamlProblem(error, file: file))
            return nil
        }
        guard let root, let top = root.mapping else {
            problem(root, "", "a pack manifest is a YAML mapping (name:, version:, rules:, ...)")
            return nil
        }
        let known: Set<String> = ["format", "name", "version", "description", "extends", "rules", "helpers", "limits", "parameters",
                                  "overrides", "disable", "replace", "constraints"]
        for (key, _) in top where !known.contains(key.string ?? "") {
            let name = key.string ?? "?"
            problem(key, name, "unknown key\(name.didYouMean(known)) (known: \(known.sorted().joined(separator: ", ")))")
        }
        let format = top["format"].map { integer($0, "format") } ?? 1
        if let format, format > PackManifest.highestSupportedFormat {
            problem(top["format"], "format", "pack format \(format) is not supported; the highest supported is \(PackManifest.highestSupportedFormat)")
            return nil
        }
        let name = requiredString(top, "name")
        if let name, name.range(of: #"^[a-z0-9][a-z0-9_-]*$"#, options: .regularExpression) == nil {
            problem(top["name"], "name", "\"\(name)\" should be lowercase letters, digits, - and _")
        }
        let version = requiredString(top, "version")
        let description = top["description"].flatMap { string($0, "description") } ?? ""
        let extends = top["extends"].flatMap { node in string(node, "extends").map { Located($0, line: line(node)) } }
        var rules: [String] = []
        if let node = top["rules"] {
            if let seq = node.sequence, !(seq.isEmpty && extends == nil) {
                for (i, item) in seq.enumerated() {
                    if let path = luaFile(item, "rules[\(i)]") { rules.append(path) }
                }
            } else { problem(node, "rules", "list the rule files, e.g. rules: [hero_late_stage_ownership.lua]") }
        } else if extends == nil {
            problem(nil, "rules", "required: list the rule files (a pack that extends another may add none)")
        }
        var helpers: [String: String] = [:]
        if let node = top["helpers"] {
            if let map = node.mapping {
                for (k, v) in map { if let k = k.string, let v = string(v, "helpers.\(k)") { helpers[k] = v } }
            } else { problem(node, "helpers", "expected a mapping of ctx names to modules, e.g. metrics: lib.metrics") }
        }
        let limits = top["limits"].map { readLimits($0) } ?? LimitSettings()
        var parameters: [Parameter] = []
        var parameterLines: [String: Int] = [:]
        if let node = top["parameters"] {
            if let map = node.mapping {
                for (k, v) in map {
                    if let p = readParameter(k.string ?? "?", v) {
                        parameters.append(p)
                        parameterLines[p.name] = line(v.mapping?["default"] ?? v)
                    }
                }
            } else { problem(node, "parameters", "expected a mapping of parameter names to their definitions") }
        }
        let layered = ["overrides", "disable", "replace"].filter { top[$0] != nil }
        if extends == nil, let key = layered.first {
            problem(top[key], key, "only a pack that extends another changes its rules or parameters; add extends: (e.g. extends: ../core)")
        }
        var overrides: [PackManifest.Override] = []
        if let node = top["overrides"] {
            if let map = node.mapping {
                for (k, v) in map {
                    guard let key = k.string else { continue }
                    if let scalar = v.scalar?.string { overrides.append(.init(name: key, value: .scalar(scalar), line: line(v))) }
                    else if let seq = v.sequence { overrides.append(.init(name: key, value: .list(seq.compactMap { $0.scalar?.string }), line: line(v))) }
                    else { problem(v, "overrides.\(key)", "expected a value, e.g. \(key): 0.25") }
                }
            } else { problem(node, "overrides", "expected a mapping of parameter names to values, e.g. late_share_limit: 0.15") }
        }
        var disable: [Located<String>] = []
        if let node = top["disable"] {
            if let seq = node.sequence {
                for (i, item) in seq.enumerated() { if let id = string(item, "disable[\(i)]") { disable.append(Located(id, line: line(item))) } }
            } else { problem(node, "disable", "expected a list of rule ids, e.g. disable: [coaching.reps_elevated]") }
        }
        var replace: [PackManifest.Replacement] = []
        if let node = top["replace"] {
            if let map = node.mapping {
                for (k, v) in map {
                    guard let id = k.string else { continue }
                    if let file = luaFile(v, "replace.\(id)") { replace.append(.init(rule: id, file: file, line: line(v))) }
                }
            } else { problem(node, "replace", "expected a mapping of rule ids to files, e.g. coaching.one_on_one_cadence: cadence.lua") }
        }
        var constraints: [Located<String>] = []
        if let node = top["constraints"] {
            if let seq = node.sequence {
                for (i, item) in seq.enumerated() {
                    guard let text = string(item, "constraints[\(i)]") else { continue }
                    do { _ = try ConstraintExpression.parse(text) } catch {
                        problem(item, "constraints[\(i)]", "\(error)")
                        continue
                    }
                    constraints.append(Located(text, line: line(item)))
                }
            } else { problem(node, "constraints", "expected a list of conditions, e.g. - payout_floor <= 1") }
        }
        guard problems.isEmpty, let name, let version, let format else { return nil }
        return PackManifest(file: file, format: format, name: name, version: version, description: description, extends: extends,
                            rules: rules, helpers: helpers, limits: limits, parameters: parameters, parameterLines: parameterLines,
                            overrides: overrides, disable: disable, replace: replace, constraints: constraints)
    }

    private func line(_ node: Node) -> Int { node.mark?.line ?? 0 }

    /// `file:line:col: not valid YAML: mapping values are not allowed in this context`.
    package static func yamlProblem(_ error: any Error, file: String) -> String {
        switch error as? YamlError {
        case .scanner(_, let problem, let mark, _)?, .parser(_, let problem, let mark, _)?:
            return "\(file):\(mark.line):\(mark.column): not valid YAML: \(problem) (check the indentation and the colons)"
        default:
            return "\(file): not valid YAML: \(error)"
        }
    }

    /// A `.lua` file inside the pack folder.
    private mutating func luaFile(_ node: Node, _ path: String) -> String? {
        guard let file = string(node, path) else { return nil }
        guard file.hasSuffix(".lua"), !file.hasPrefix("/"), !file.split(separator: "/").contains("..") else {
            problem(node, path, "\"\(file)\" must be a .lua file inside the pack folder")
            return nil
        }
        return file
    }

    private mutating func readLimits(_ node: Node) -> LimitSettings {
        var limits = LimitSettings()
        guard let map = node.mapping else {
            problem(node, "limits", "expected a mapping (instructions:, memory_mb:, seconds:, pattern_steps:)")
            return limits
        }
        for (k, v) in map {
            switch k.string {
            case "instructions": if let i = integer(v, "limits.instructions", min: 1) { limits.instructions = Int64(i) }
            case "memory_mb": if let i = integer(v, "limits.memory_mb", min: 1) { limits.memoryBytes = i << 20 }
            case "seconds": if let d = number(v, "limits.seconds", min: 0.001) { limits.seconds = d }
            case "pattern_steps": if let d = number(v, "limits.pattern_steps", min: 1) { limits.patternSteps = d }
            default: problem(k, "limits.\(k.string ?? "?")", "unknown limit (known: instructions, memory_mb, seconds, pattern_steps)")
            }
        }
        return limits
    }

    private mutating func readParameter(_ name: String, _ node: Node) -> Parameter? {
        let path = "parameters.\(name)"
        if name.range(of: #"^[a-z][a-z0-9_]*$"#, options: .regularExpression) == nil {
            problem(node, path, "parameter names are lowercase snake_case")
        }
        guard let map = node.mapping else {
            problem(node, path, "expected type:, default:, description: (and min:, max:, source:)")
            return nil
        }
        let known: Set<String> = ["type", "default", "min", "max", "description", "source"]
        for (k, _) in map where !known.contains(k.string ?? "") {
            problem(k, "\(path).\(k.string ?? "?")", "unknown key (known: \(known.sorted().joined(separator: ", ")))")
        }
        guard let typeNode = map["type"], let typeName = string(typeNode, "\(path).type") else {
            problem(node, "\(path).type", "required: one of \(Parameter.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        guard let kind = Parameter.Kind(rawValue: typeName) else {
            problem(typeNode, "\(path).type", "unknown type \"\(typeName)\"; use one of \(Parameter.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        let minimum = map["min"].flatMap { number($0, "\(path).min") }
        let maximum = map["max"].flatMap { number($0, "\(path).max") }
        let description = map["description"].flatMap { string($0, "\(path).description") }
        if description == nil { problem(node, "\(path).description", "required: say what the parameter means") }
        let source = map["source"].flatMap { string($0, "\(path).source") }
        guard let defaultNode = map["default"] else {
            problem(node, "\(path).default", "required")
            return nil
        }
        guard let value = value(defaultNode, kind, "\(path).default") else { return nil }
        let parameter = Parameter(name: name, kind: kind, defaultValue: value, minimum: minimum, maximum: maximum,
                                  description: description ?? "", source: source)
        if let why = parameter.problem(with: value) { problem(defaultNode, "\(path).default", why) }
        return parameter
    }

    private mutating func value(_ node: Node, _ kind: Parameter.Kind, _ path: String) -> ParameterValue? {
        switch kind {
        case .number: return number(node, path).map(ParameterValue.number)
        case .integer: return integer(node, path).map(ParameterValue.integer)
        case .boolean:
            if let b = node.scalar.flatMap({ Bool.construct(from: $0) }) { return .boolean(b) }
        case .string:
            if let s = node.scalar?.string { return .string(s) }
        case .list:
            if let seq = node.sequence {
                var items: [String] = []
                for (i, item) in seq.enumerated() { if let s = string(item, "\(path)[\(i)]") { items.append(s) } }
                return .list(items)
            }
        }
        problem(node, path, "expected \(kind.article)")
        return nil
    }

    private mutating func requiredString(_ map: Node.Mapping, _ key: String) -> String? {
        guard let node = map[key] else {
            problem(nil, key, "required")
            return nil
        }
        return string(node, key)
    }

    private mutating func string(_ node: Node, _ path: String) -> String? {
        guard let s = node.scalar?.string, !s.isEmpty else {
            problem(node, path, "expected text")
            return nil
        }
        return s
    }

    private mutating func number(_ node: Node, _ path: String, min: Double? = nil) -> Double? {
        guard let scalar = node.scalar, let d = Double.construct(from: scalar), d.isFinite else {
            problem(node, path, "expected a number")
            return nil
        }
        if let min, d < min { problem(node, path, "must be at least \(min.clean)"); return nil }
        return d
    }

    private mutating func integer(_ node: Node, _ path: String, min: Int? = nil) -> Int? {
        guard let scalar = node.scalar, let i = Int.construct(from: scalar) else {
            problem(node, path, "expected a whole number")
            return nil
        }
        if let min, i < min { problem(node, path, "must be at least \(min)"); return nil }
        return i
    }
}
