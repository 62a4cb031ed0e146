/// A condition across parameters, as a pack's `constraints:` writes it:
/// `team_weight_base + team_weight_ramp + retention_weight <= 1`.
///
/// Numbers, parameter names, `+ - * /`, parentheses, one comparison (`< <= > >= == !=`) per
/// side of `and`/`or`, and `not`. Boolean parameters may stand alone as conditions.
indirect enum ConstraintExpression: Sendable, Equatable {
    case number(Double)
    case name(String)
    case negate(ConstraintExpression)
    case arithmetic(Character, ConstraintExpression, ConstraintExpression)
    case compare(String, ConstraintExpression, ConstraintExpression)
    case not(ConstraintExpression)
    case and(ConstraintExpression, ConstraintExpression)
    case or(ConstraintExpression, ConstraintExpression)

    struct SyntaxError: Error, CustomStringConvertible {
        let description: String
    }

    /// A value while evaluating: a number, or the truth of a condition.
    enum Value: Equatable {
        case number(Double)
        case truth(Bool)
    }

    static func parse(_ text: String) throws -> ConstraintExpression {
        var parser = Parser(tokens: try tokenize(text))
        let expression = try parser.or()
        if let extra = parser.peek { throw SyntaxError(description: "unexpected \"\(extra)\" in \"\(text)\"") }
        guard expression.isCondition else {
            throw SyntaxError(description: "\"\(text)\" is not a condition; compare two values, e.g. a + b <= 1")
        }
        return expression
    }

    /// The parameter names it reads, in order of appearance.
    var names: [String] {
        switch self {
        case .number: []
        case .name(let n): [n]
        case .negate(let e), .not(let e): e.names
        case .arithmetic(_, let a, let b), .compare(_, let a, let b), .and(let a, let b), .or(let a, let b): a.names + b.names
        }
    }

    private var isCondition: Bool {
        switch self {
        case .compare, .not, .and, .or, .name: true
        default: false
        }
    }

    /// Evaluates with `lookup` giving each name's value; nil when a name has none.
    func evaluate(_ lookup: (String) -> Value?) -> Value? {
        switch self {
        case .number(let x): return .number(x)
        case .name(let n): return lookup(n)
        case .negate(let e):
            guard case .number(let x)? = e.evaluate(lookup) else { return nil }
            return .number(-x)
        case .arithmetic(let op, let a, let b):
            guard case .number(let x)? = a.evaluate(lookup), case .number(let y)? = b.evaluate(lookup) else { return nil }
            switch op {
            case "+": return .number(x + y)
            case "-": return .number(x - y)
            case "*": return .number(x * y)
            default: return .number(x / y)
            }
        case .compare(let op, let a, let b):
            guard let x = a.evaluate(lookup), let y = b.evaluate(lookup) else { return nil }
            switch (x, y) {
            case (.number(let x), .number(let y)):
                let result = switch op {
                case "<": x < y
                case "<=": x <= y
                case ">": x > y
                case ">=": x >= y
                case "==": x == y
                default: x != y
                }
                return .truth(result)
            case (.truth(let x), .truth(let y)) where op == "==" || op == "!=":
                return .truth(op == "==" ? x == y : x != y)
            default: return nil
            }
        case .not(let e):
            guard case .truth(let t)? = e.evaluate(lookup) else { return nil }
            return .truth(!t)
        case .and(let a, let b), .or(let a, let b):
            guard case .truth(let x)? = a.evaluate(lookup), case .truth(let y)? = b.evaluate(lookup) else { return nil }
            if case .and = self { return .truth(x && y) }
            return .truth(x || y)
        }
    }

    private enum Token: Equatable, CustomStringConvertible {
        case number(Double), name(String), symbol(String)
        var description: String {
            switch self {
            case .number(let x): x.clean
            case .name(let n): n
            case .symbol(let s): s
            }
        }
    }

    private static func tokenize(_ text: String) throws -> [Token] {
        var tokens: [Token] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                var j = i
                while j < chars.count, chars[j].isNumber || chars[j] == "." || chars[j] == "e" || chars[j] == "E" { j += 1 }
                guard let x = Double(String(chars[i..<j])) else { throw SyntaxError(description: "\"\(String(chars[i..<j]))\" is not a number") }
                tokens.append(.number(x))
                i = j
            } else if c.isLetter || c == "_" {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                tokens.append(.name(String(chars[i..<j])))
                i = j
            } else if "<>=!".contains(c) {
                if i + 1 < chars.count, chars[i + 1] == "=" {
                    tokens.append(.symbol(String(chars[i...i + 1])))
                    i += 2
                } else if c == "<" || c == ">" {
                    tokens.append(.symbol(String(c)))
                    i += 1
                } else {
                    throw SyntaxError(description: "\"\(c)\" must be followed by \"=\" (write == or !=)")
                }
            } else if "+-*/()".contains(c) {
                tokens.append(.symbol(String(c)))
                i += 1
            } else {
                throw SyntaxError(description: "\"\(c)\" cannot appear in a constraint (use numbers, parameter names, + - * / ( ) and comparisons)")
            }
        }
        return tokens
    }

    private struct Parser {
        let tokens: [Token]
        var at = 0

        var peek: Token? { at < tokens.count ? tokens[at] : nil }

        mutating func take(_ symbol: String) -> Bool {
            if case .symbol(symbol)? = peek { at += 1; return true }
            if case .name(symbol)? = peek, ["and", "or", "not"].contains(symbol) { at += 1; return true }
            return false
        }

        mutating func or() throws -> ConstraintExpression {
            var e = try and()
            while take("or") { e = .or(e, try and()) }
            return e
        }

        mutating func and() throws -> ConstraintExpression {
            var e = try negation()
            while take("and") { e = .and(e, try negation()) }
            return e
        }

        mutating func negation() throws -> ConstraintExpression {
            take("not") ? .not(try negation()) : try comparison()
        }

        mutating func comparison() throws -> ConstraintExpression {
            let left = try sum()
            for op in ["<=", ">=", "==", "!=", "<", ">"] where take(op) {
                return .compare(op, left, try sum())
            }
            return left
        }

        mutating func sum() throws -> ConstraintExpression {
            var e = try product()
            while true {
                if take("+") { e = .arithmetic("+", e, try product()) }
                else if take("-") { e = .arithmetic("-", e, try product()) }
                else { return e }
            }
        }

        mutating func product() throws -> ConstraintExpression {
            var e = try unary()
            while true {
                if take("*") { e = .arithmetic("*", e, try unary()) }
                else if take("/") { e = .arithmetic("/", e, try unary()) }
                else { return e }
            }
        }

        mutating func unary() throws -> ConstraintExpression {
            take("-") ? .negate(try unary()) : try atom()
        }

        mutating func atom() throws -> ConstraintExpression {
            guard let token = peek else { throw SyntaxError(description: "the condition ends too early") }
            at += 1
            switch token {
            case .number(let x): return .number(x)
            case .name(let n) where !["and", "or", "not"].contains(n): return .name(n)
            case .symbol("("):
                let e = try or()
                guard take(")") else { throw SyntaxError(description: "a \"(\" is not closed") }
                return e
            default: throw SyntaxError(description: "unexpected \"\(token)\"")
            }
        }
    }
}
