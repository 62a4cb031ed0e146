import LadderModel

import LuaBridge

extension RuleFailure {
    /// Describes what went wrong in a rule file or a rule, for reports.
    /// - Parameter context: what was being done, e.g. `helper metrics (module lib.metrics)`.
    init(_ error: any Error, pack: String, rule: String?, file: String, subject: SubjectRef?, context: String? = nil) {
        self.init(pack: pack, rule: rule, file: file, subject: subject, kind: .error, message: "\(error)",
                  location: nil, code: nil, traceback: [])
        switch error {
        case let lua as LuaError:
            switch lua {
            case .syntax(let fault):
                kind = .declaration
                message = "does not compile: \(fault.message)"
                location = fault.location
            case .runtime(let fault):
                kind = rule == nil ? .declaration : .error
                message = fault.message
                location = fault.location
                code = fault.code
                traceback = fault.traceback
            case .budgetExceeded(let budget, let fault):
                kind = .budget
                message = "exceeded its \(budget)"
                location = fault?.location
                traceback = fault?.traceback ?? []
            case .invalidValue(let path, let reason):
                kind = rule == nil ? .declaration : .invalidResult
                message = "returned \(reason)\(path.isEmpty ? "" : " at result.\(path)")"
            case .stateUnavailable, .recount:
                message = lua.description
            }
        case let contract as RuleContractError:
            kind = rule == nil ? .declaration : .invalidResult
            message = contract.description
        default:
            break
        }
        if let context { message = "\(context): \(message)" }
        self = capped()
    }
}
