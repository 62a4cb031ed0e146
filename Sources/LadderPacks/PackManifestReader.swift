import Foundation
import LadderModel
import Yams

/// Reads `pack.yaml` with line numbers, collecting every problem.
struct PackManifestReader {
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
            problems.append("\(file): not valid YAML: \(error)")
            return nil
        }
        guard let root, let top = root.mapping else {
            problem(root, "", "a pack manifest is a YAML mapping (name:, version:, rules:, ...)")
            return nil
        }
        let known: Set<String> = ["format", "name", "version", "description", "rules", "helpers", "limits", "parameters"]
        for (key, _) in top where !known.contains(key.string ?? "") {
            problem(key, key.string ?? "?", "unknown key (known: \(known.sorted().joined(separator: ", ")))")
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
        var rules: [String] = []
        if let node = top["rules"] {
            if let seq = node.sequence, !seq.isEmpty {
                for (i, item) in seq.enumerated() {
                    guard let path = string(item, "rules[\(i)]") else { continue }
                    if !path.hasSuffix(".lua") || path.hasPrefix("/") || path.split(separator: "/").contains("..") {
                        problem(item, "rules[\(i)]", "\"\(path)\" must be a .lua file inside the pack folder")
                    } else { rules.append(path) }
                }
            } else { problem(node, "rules", "list the rule files, e.g. rules: [hero_late_stage_ownership.lua]") }
        } else { problem(nil, "rules", "required: list the rule files") }
        var helpers: [String: String] = [:]
        if let node = top["helpers"] {
            if let map = node.mapping {
                for (k, v) in map { if let k = k.string, let v = string(v, "helpers.\(k)") { helpers[k] = v } }
            } else { problem(node, "helpers", "expected a mapping of ctx names to modules, e.g. metrics: lib.metrics") }
        }
        let limits = top["limits"].map { readLimits($0) } ?? .default
        var parameters: [Parameter] = []
        if let node = top["parameters"] {
            if let map = node.mapping {
                for (k, v) in map { if let p = readParameter(k.string ?? "?", v) { parameters.append(p) } }
            } else { problem(node, "parameters", "expected a mapping of parameter names to their definitions") }
        }
        guard problems.isEmpty, let name, let version, let format else { return nil }
        return PackManifest(format: format, name: name, version: version, description: description, rules: rules,
                            helpers: helpers, limits: limits, parameters: parameters)
    }

    private mutating func readLimits(_ node: Node) -> RuleLimits {
        var limits = RuleLimits.default
        guard let map = node.mapping else {
            problem(node, "limits", "expected a mapping (instructions:, memory_mb:, seconds:)")
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
