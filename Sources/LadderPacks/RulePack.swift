import Foundation
import LadderModel

/// A rule pack as it runs: a chain of layers — `core`, perhaps an industry pack, a client's —
/// each extending the one below, resolved into one set of rules, parameters, helpers and budgets.
/// A pack that extends none is a chain of one.
public struct RulePack: Sendable {
    public static let manifestName = "pack.yaml"

    /// Base first; the pack that was asked for is last.
    public private(set) var layers: [PackLayer]
    /// Every parameter declared anywhere in the chain, base first, with the value in force.
    public let parameters: [EffectiveParameter]
    /// Budgets: the defaults, then each layer's `limits:` over those below.
    public private(set) var limits: RuleLimits
    /// `ctx.<name>` → module; a layer's helper replaces a lower layer's of the same name.
    public let helpers: [String: String]
    /// Rule files of every layer, base first, in the order each manifest lists them.
    public let ruleFiles: [LayerFile]
    /// `disable:` entries of every layer, by the layer that wrote them.
    public let disabled: [(layer: Int, rule: Located<String>)]
    /// `replace:` entries of every layer, by the layer that wrote them.
    public let replacements: [(layer: Int, replacement: PackManifest.Replacement)]
    /// `constraints:` of every layer, checked against the parameters in force.
    public let constraints: [PackConstraint]
    /// The layer's own hash for a single layer; for a chain, a hash over every layer's.
    public let sha256: String

    /// A Lua file of one layer.
    public struct LayerFile: Sendable, Hashable {
        public var layer: Int
        public var file: String

        public init(layer: Int, file: String) {
            self.layer = layer
            self.file = file
        }
    }

    /// The pack that was asked for.
    public var top: PackLayer { layers[layers.count - 1] }
    public var manifest: PackManifest { top.manifest }
    public var name: String { top.name }
    public var version: String { top.manifest.version }
    /// The folder of the pack that was asked for.
    public var root: URL { top.root }

    /// Where `require(name)` finds a module: the highest layer that has the file
    /// (`lib/metrics.lua` for `lib.metrics`), so a client's module stands in for core's.
    public var modules: [String: LayerFile] {
        var modules: [String: LayerFile] = [:]
        for (index, layer) in layers.enumerated() {
            for (module, file) in layer.modules { modules[module] = LayerFile(layer: index, file: file) }
        }
        return modules
    }

    /// The same pack with one file's source replaced and other budgets: a mutant of it
    /// (`ladder test --mutate`), which exists only in memory.
    public func replacing(_ file: LayerFile, source: String, limits: RuleLimits) -> RulePack {
        var copy = self
        copy.layers[file.layer].sources[file.file] = source
        copy.limits = limits
        return copy
    }

    /// The name Lua shows for a file of a layer (`rules/core/hero_involvement.lua`).
    public func chunkName(_ file: LayerFile) -> String { layers[file.layer].chunkName(file.file) }

    /// Reads a pack folder and every pack it extends.
    /// - Parameter packPath: folders where a pack named in `extends:` is looked for, before the
    ///   folders above the extending pack.
    /// - Throws: ``LadderError/invalidPack(file:problems:)`` listing every problem with its file
    ///   and line, or ``LadderError/unreadableFile(_:reason:)``.
    public static func load(from root: URL, packPath: [URL] = []) throws -> RulePack {
        var chain: [PackLayer] = []
        var folders: [String] = []
        var url = root
        while true {
            let layer = try PackLayer.read(from: url)
            let folder = url.standardizedFileURL.resolvingSymlinksInPath().path
            if let first = folders.firstIndex(of: folder) {
                let names = (chain[first...].map(\.name) + [layer.name]).joined(separator: " → ")
                let at = chain.last.map { $0.manifest.at($0.manifest.extends?.line) } ?? layer.manifest.file
                throw LadderError.invalidPack(file: layer.manifest.file, problems: ["\(at): extends: a cycle: \(names)"])
            }
            folders.append(folder)
            chain.append(layer)
            guard let extends = layer.manifest.extends else { break }
            url = try locate(extends, from: layer, packPath: packPath)
        }
        return try RulePack(layers: chain.reversed())
    }

    /// The folder `extends:` names: a path relative to the pack (`../core`), or a pack name on
    /// the pack path or in a folder above the pack.
    private static func locate(_ extends: Located<String>, from layer: PackLayer, packPath: [URL]) throws -> URL {
        let name = extends.value
        let base = layer.root.standardizedFileURL
        func isPack(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.appendingPathComponent(manifestName).path) }
        if name.contains("/") || name.hasPrefix(".") {
            let url = (name.hasPrefix("/") ? URL(fileURLWithPath: name) : base.appendingPathComponent(name)).standardizedFileURL
            guard isPack(url) else {
                throw LadderError.invalidPack(file: layer.manifest.file, problems: [
                    "\(layer.manifest.at(extends.line)): extends: no \(manifestName) in \(url.path) (a path is relative to the pack's folder)"])
            }
            return url
        }
        var searched = packPath.map(\.standardizedFileURL)
        var above = base.deletingLastPathComponent()
        while above.path != "/" && !above.path.isEmpty {
            searched.append(above)
            above = above.deletingLastPathComponent()
        }
        if let found = searched.map({ $0.appendingPathComponent(name) }).first(where: isPack) { return found }
        throw LadderError.invalidPack(file: layer.manifest.file, problems: [
            "\(layer.manifest.at(extends.line)): extends: no pack \"\(name)\" found; looked in \(searched.map(\.path).joined(separator: ", ")) (add its folder's parent with --pack-path or LADDER_PACK_PATH, or give a path such as ../\(name))"])
    }

    /// Resolves a chain, base first, collecting every problem.
    init(layers: [PackLayer]) throws {
        self.layers = layers
        var problems: [String] = []
        var parameters: [EffectiveParameter] = []
        var limits = RuleLimits.default
        var helpers: [String: String] = [:]
        var ruleFiles: [LayerFile] = []
        var disabled: [(layer: Int, rule: Located<String>)] = []
        var replacements: [(layer: Int, replacement: PackManifest.Replacement)] = []
        var constraints: [PackConstraint] = []
        for (index, layer) in layers.enumerated() {
            let m = layer.manifest
            for parameter in m.parameters {
                let at = m.at(m.parameterLines[parameter.name])
                if let other = parameters.first(where: { $0.name == parameter.name }) {
                    problems.append("\(at): parameters.\(parameter.name): already declared by \(other.declaredBy) (\(other.declaredAt)); to change its value, use overrides:")
                    continue
                }
                parameters.append(EffectiveParameter(parameter: parameter, declaredBy: m.name, declaredAt: at, value: parameter.defaultValue,
                                                      setBy: m.name, setAt: at, setLayer: index))
            }
            for override in m.overrides {
                let at = m.at(override.line)
                guard let i = parameters.firstIndex(where: { $0.name == override.name && $0.declaredBy != m.name }) else {
                    let below = parameters.filter { $0.declaredBy != m.name }.map(\.name)
                    problems.append("\(at): overrides.\(override.name): no parameter \"\(override.name)\" in the packs below\(override.name.didYouMean(below))")
                    continue
                }
                let declared = parameters[i]
                guard let value = declared.parameter.read(override.value) else {
                    problems.append("\(at): overrides.\(override.name): expected \(declared.parameter.kind.article), got \(override.value) (declared by \(declared.declaredBy) at \(declared.declaredAt))")
                    continue
                }
                if let why = declared.parameter.problem(with: value) {
                    problems.append("\(at): overrides.\(override.name): \(why) (declared by \(declared.declaredBy) at \(declared.declaredAt))")
                    continue
                }
                parameters[i].value = value
                parameters[i].setBy = m.name
                parameters[i].setAt = at
                parameters[i].setLayer = index
            }
            limits = m.limits.applied(to: limits)
            helpers.merge(m.helpers) { _, mine in mine }
            ruleFiles += m.rules.map { LayerFile(layer: index, file: $0) }
            disabled += m.disable.map { (index, $0) }
            replacements += m.replace.map { (index, $0) }
            for constraint in m.constraints {
                // The reader has parsed it already; a failure here would be a bug.
                guard let expression = try? ConstraintExpression.parse(constraint.value) else { continue }
                constraints.append(PackConstraint(text: constraint.value, expression: expression, declaredBy: m.name, at: m.at(constraint.line)))
            }
        }
        for constraint in constraints {
            problems += constraint.problems(with: parameters, overrides: [:])
        }
        guard problems.isEmpty else { throw LadderError.invalidPack(file: layers[layers.count - 1].manifest.file, problems: problems) }
        self.parameters = parameters
        self.limits = limits
        self.helpers = helpers
        self.ruleFiles = ruleFiles
        self.disabled = disabled
        self.replacements = replacements
        self.constraints = constraints
        self.sha256 = layers.count == 1 ? layers[0].sha256
            : Digest.sha256(parts: Dictionary(uniqueKeysWithValues: layers.enumerated().map { ("\($0.offset)", Data($0.element.sha256.utf8)) }))
    }
}

/// A parameter as a pack chain resolves it.
public struct EffectiveParameter: Sendable {
    /// Its declaration: type, default, range, description, source.
    public var parameter: Parameter
    public var name: String { parameter.name }
    /// The layer that declares it, and where (`rules/core/pack.yaml:31`).
    public var declaredBy: String
    public var declaredAt: String
    /// The value in force: the default, or the highest layer's override.
    public var value: ParameterValue
    /// The layer that set the value, where, and its place in the chain.
    public var setBy: String
    public var setAt: String
    public var setLayer: Int
}

extension Parameter {
    /// Reads a value written in YAML (an override) as this parameter's type.
    func read(_ raw: PackManifest.RawValue) -> ParameterValue? {
        switch (kind, raw) {
        case (.list, .list(let items)): .list(items)
        case (.list, .scalar), (_, .list): nil
        case (.boolean, .scalar(let text)): ["true": true, "false": false, "yes": true, "no": false][text.lowercased()].map(ParameterValue.boolean)
        case (_, .scalar(let text)): parse(text)
        }
    }
}

extension PackManifest.RawValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .scalar(let s): "\"\(s)\""
        case .list(let items): "[" + items.joined(separator: ", ") + "]"
        }
    }
}
