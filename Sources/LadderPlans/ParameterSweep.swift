import Foundation
import LadderEngine
import LadderModel
import LadderPacks
import LadderSnapshots

/// A parameter's range evaluated on one snapshot (`ladder sweep`, docs/plan.md): per value, how
/// many subjects each rule flags or finds ready, and the total payout — to calibrate a
/// threshold ("which limit flags our worst 10% of managers?"). The snapshot is loaded and the
/// pack compiled once for every value.
public struct ParameterSweep: Sendable {
    public var compiled: CompiledPack
    public var parameter: String
    public var values: [ParameterValue]
    /// Other overrides, held for every value.
    public var fixed: [String: ParameterValue]
    public var workers: Int?

    public init(compiled: CompiledPack, parameter: String, values: [ParameterValue], fixed: [String: ParameterValue] = [:], workers: Int? = nil) {
        self.compiled = compiled
        self.parameter = parameter
        self.values = values
        self.fixed = fixed
        self.workers = workers
    }

    /// `0.10:0.40:0.01` (start, stop and step, both ends included) or `0.1,0.2,0.3`, read as the
    /// parameter's type.
    /// - Throws: ``LadderError/invalidParameter(_:reason:)``.
    public static func values(_ text: String, for name: String, in pack: RulePack) throws -> [ParameterValue] {
        guard let parameter = pack.parameters.first(where: { $0.name == name })?.parameter else {
            throw LadderError.unknownParameter(name, pack: pack.name, known: pack.parameters.map(\.name))
        }
        guard parameter.kind == .number || parameter.kind == .integer else {
            throw LadderError.invalidParameter(name, reason: "only number and integer parameters can be swept")
        }
        func read(_ s: Substring) throws -> Double {
            guard let x = Double(s.trimmingCharacters(in: .whitespaces)), x.isFinite else {
                throw LadderError.invalidParameter(name, reason: "\"\(s)\" is not a number; write start:stop:step (0.10:0.40:0.01) or a list (0.1,0.2)")
            }
            return x
        }
        var numbers: [Double]
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 3 {
            let (start, stop, step) = (try read(parts[0]), try read(parts[1]), try read(parts[2]))
            guard step > 0, stop >= start else { throw LadderError.invalidParameter(name, reason: "the step must be above 0 and the stop at or above the start") }
            let count = Int(((stop - start) / step + 1e-9).rounded(.down)) + 1
            guard count <= 10_000 else { throw LadderError.invalidParameter(name, reason: "\(count) values; at most 10,000") }
            // Rounded to the decimals written, so 0.1 + 2 x 0.1 reads 0.3, not 0.30000000000000004.
            let decimals = [parts[0], parts[2]].map { $0.split(separator: ".").dropFirst().first?.count ?? 0 }.max() ?? 0
            let scale = pow(10, Double(decimals))
            numbers = (0..<count).map { ((start + Double($0) * step) * scale).rounded() / scale }
        } else {
            numbers = try text.split(separator: ",").map(read)
        }
        guard !numbers.isEmpty else { throw LadderError.invalidParameter(name, reason: "no values to sweep") }
        return try numbers.map { x in
            let value: ParameterValue
            if parameter.kind == .integer {
                guard x == x.rounded() else { throw LadderError.invalidParameter(name, reason: "takes whole numbers, got \(x.clean)") }
                value = .integer(Int(x))
            } else {
                value = .number(x)
            }
            if let why = parameter.problem(with: value) { throw LadderError.invalidParameter(name, reason: why) }
            return value
        }
    }

    public func run(_ loaded: LoadedSnapshot) throws -> SweepResult {
        var points: [SweepResult.Point] = []
        for value in values {
            var overrides = fixed
            overrides[parameter] = value
            let evaluation: Evaluation
            do {
                evaluation = try Evaluator(compiled: compiled, options: EvaluationOptions(parameters: overrides, workers: workers)).evaluate(loaded)
            } catch let error as LadderError {
                // A value that breaks a constraint of the pack is one point refused, not the sweep.
                points.append(SweepResult.Point(value: value, counts: [:], payout: nil, failures: 0, refused: "\(error)"))
                continue
            }
            var counts: [String: Int] = [:]
            var payout = 0.0, paid = false
            for rule in evaluation.rules where rule.kind != .weighting { counts[rule.id] = 0 }
            for r in evaluation.results {
                switch r.verdict {
                case .threshold(let t): if t.breached { counts[r.rule, default: 0] += 1 }
                case .gate(let g): if g.outcome == "ready" { counts[r.rule, default: 0] += 1 }
                case .weighting(let w): if let p = w.payout { payout += p; paid = true }
                }
            }
            points.append(SweepResult.Point(value: value, counts: counts, payout: paid ? payout : nil, failures: evaluation.failures.count, refused: nil))
        }
        let rules = try compiled.declarations().rules.map(\.declaration).filter { $0.kind != .weighting }
        return SweepResult(parameter: parameter, snapshot: loaded.snapshot.organization.name, asOf: loaded.snapshot.asOf.description,
                           pack: "\(compiled.pack.name) \(compiled.pack.version)", rules: rules.map { ($0.id, $0.title, $0.kind) }, points: points)
    }
}
