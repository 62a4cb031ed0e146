import Foundation
import LadderPacks

/// Finds the mutants of one Lua file from its tokens, so comments and strings are never
/// touched. Every mutant changes one place; the order is the file's.
struct MutantGenerator {
    typealias Token = LuaLexer.Token

    let file: String
    private let tokens: [Token]
    private let bytes: [UInt8]
    /// For each token, the innermost function whose body holds it (an index into `functionLines`).
    private var enclosing: [Int?]
    private var functionLines: [Set<Int>] = []
    private var parents: [Int?] = []
    private var mutants: [Mutant] = []
    /// The innermost function of each mutant.
    private var functionOf: [Int?] = []

    static func mutants(of source: String, file: String) -> [Mutant] {
        var generator = MutantGenerator(file: file, source: source)
        generator.walkBlocks()
        generator.tokenMutants()
        // Functions' lines are known once every block has closed.
        for (k, f) in generator.functionOf.enumerated() { generator.mutants[k].functionLines = f.map { generator.functionLines[$0] } }
        return generator.mutants.sorted { ($0.line, $0.column, $0.op.rawValue, $0.after) < ($1.line, $1.column, $1.op.rawValue, $1.after) }
    }

    private init(file: String, source: String) {
        self.file = file
        self.tokens = LuaLexer.tokens(source)
        self.bytes = Array(source.utf8)
        self.enclosing = Array(repeating: nil, count: tokens.count)
    }

    // MARK: Blocks: functions, and `if`/`while` for negation and dropped branches

    private struct Frame {
        enum Kind { case function, conditional, block }
        var kind: Kind
        /// A function: the id its body's tokens get. A conditional: its `if`/`elseif`/`else` tokens.
        var function: Int? = nil
        var markers: [Int] = []
    }

    private mutating func walkBlocks() {
        var stack: [Frame] = []
        /// `while` tokens waiting for their `do`, with the depth they were met at.
        var loops: [(token: Int, depth: Int)] = []
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            enclosing[i] = stack.last(where: { $0.kind == .function })?.function
            guard t.kind == .name else { i += 1; continue }
            switch t.text {
            case "function":
                functionLines.append([])
                parents.append(stack.last(where: { $0.kind == .function })?.function)
                stack.append(Frame(kind: .function, function: functionLines.count - 1))
                // The parameter list belongs to the header, not the body.
                if let open = tokens[i...].firstIndex(where: { $0.text == "(" && $0.kind == .symbol }), let close = matching(open) {
                    for k in i...close { enclosing[k] = stack.dropLast().last(where: { $0.kind == .function })?.function }
                    i = close + 1
                    continue
                }
            case "if":
                stack.append(Frame(kind: .conditional, markers: [i]))
            case "elseif", "else":
                if stack.last?.kind == .conditional { stack[stack.count - 1].markers.append(i) }
            case "while":
                loops.append((i, stack.count))
            case "do":
                if let loop = loops.last, loop.depth == stack.count {
                    loops.removeLast()
                    negate(keyword: loop.token, conditionEnd: i)
                }
                stack.append(Frame(kind: .block))
            case "repeat":
                stack.append(Frame(kind: .block))
            case "until":
                _ = stack.popLast()
            case "end":
                guard let frame = stack.popLast() else { break }
                enclosing[i] = frame.kind == .function ? stack.last(where: { $0.kind == .function })?.function : enclosing[i]
                if frame.kind == .conditional { conditional(frame.markers, end: i) }
            default:
                break
            }
            i += 1
        }
        // Lines of a nested function count for the functions around it: running it runs them.
        for (k, f) in enclosing.enumerated() {
            var f = f
            while let g = f { functionLines[g].insert(tokens[k].line); f = parents[g] }
        }
    }

    /// An `if … elseif … else … end`: each condition negated, each branch body dropped.
    private mutating func conditional(_ markers: [Int], end: Int) {
        for (n, marker) in markers.enumerated() {
            let next = n + 1 < markers.count ? markers[n + 1] : end
            var bodyStart = marker + 1
            if tokens[marker].text != "else" {
                guard let then = (marker + 1..<next).first(where: { tokens[$0].text == "then" && tokens[$0].kind == .name }) else { continue }
                negate(keyword: marker, conditionEnd: then)
                bodyStart = then + 1
            }
            guard bodyStart < next else { continue }
            let head = tokens[marker].text == "else" ? "else" : text(marker, bodyStart - 1)
            add(.dropBranch, at: bodyStart - 1, range: tokens[bodyStart - 1].end..<tokens[next].start, replacement: " ",
                before: shorten(head + " " + text(bodyStart, next - 1)), after: head + " (nothing)")
        }
    }

    /// `if c then` → `if not (c) then`, for the condition between `keyword` and `conditionEnd`.
    private mutating func negate(keyword: Int, conditionEnd: Int) {
        guard keyword + 1 < conditionEnd else { return }
        let condition = text(keyword + 1, conditionEnd - 1)
        let range = tokens[keyword + 1].start..<tokens[conditionEnd - 1].end
        let k = tokens[keyword].text, close = tokens[conditionEnd].text
        add(.negate, at: keyword, range: range, replacement: "not (\(String(decoding: bytes[range], as: UTF8.self)))",
            before: shorten("\(k) \(condition) \(close)"), after: shorten("\(k) not (\(condition)) \(close)"))
    }

    // MARK: Operators and constants

    private static let relational = ["<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "~=", "~=": "=="]
    private static let arithmetic = ["+": "-", "-": "+", "*": "/", "/": "*", "//": "/"]

    private mutating func tokenMutants() {
        for (i, t) in tokens.enumerated() {
            if t.kind == .symbol, let flipped = Self.relational[t.text], !isAttribute(i) {
                swap(.relational, at: i, with: flipped)
            } else if t.kind == .symbol, let swapped = Self.arithmetic[t.text], isBinary(i) {
                swap(.arithmetic, at: i, with: swapped)
            } else if t.kind == .name, t.text == "and" || t.text == "or" {
                swap(.logical, at: i, with: t.text == "and" ? "or" : "and")
            } else if t.kind == .number, isCompared(i) {
                for nudged in Self.nudged(t.text) { swap(.boundary, at: i, with: nudged) }
            }
        }
    }

    /// Replaces one token, showing the expression around it.
    private mutating func swap(_ op: Mutant.Operator, at i: Int, with replacement: String) {
        let (first, last) = expression(around: i)
        let before = text(first, last)
        let after = text(first, last, replacing: i, with: replacement)
        add(op, at: i, range: tokens[i].start..<tokens[i].end, replacement: replacement, before: shorten(before), after: shorten(after))
    }

    private mutating func add(_ op: Mutant.Operator, at i: Int, range: Range<Int>, replacement: String, before: String, after: String) {
        mutants.append(Mutant(file: file, line: tokens[i].line, column: tokens[i].column, op: op, before: before, after: after,
                              range: range, replacement: replacement, functionLines: nil))
        functionOf.append(enclosing[i])
    }

    /// `3` → `2`, `4`; `0.25` → `0.24`, `0.26`: one step of the last digit written.
    static func nudged(_ literal: String) -> [String] {
        guard literal.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), literal.filter({ $0 == "." }).count <= 1,
              let value = Double(literal) else { return [] }
        let decimals = literal.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
        let step = 1 / pow10(decimals)
        func write(_ x: Double) -> String {
            decimals == 0 ? String(Int(x.rounded())) : String(format: "%.\(decimals)f", x)
        }
        return [write(value - step), write(value + step)]
    }

    private static func pow10(_ n: Int) -> Double { (0..<n).reduce(1) { r, _ in r * 10 } }

    // MARK: Reading the tokens

    /// A number right beside a comparison: a boundary.
    private func isCompared(_ i: Int) -> Bool {
        let before = i > 0 && tokens[i - 1].kind == .symbol && Self.relational[tokens[i - 1].text] != nil
        let after = i + 1 < tokens.count && tokens[i + 1].kind == .symbol && Self.relational[tokens[i + 1].text] != nil
        return before || after
    }

    /// `local x <const>`: angle brackets that are not comparisons.
    private func isAttribute(_ i: Int) -> Bool {
        let t = tokens[i].text
        if t == "<", i + 2 < tokens.count, ["const", "close"].contains(tokens[i + 1].text), tokens[i + 2].text == ">" { return true }
        if t == ">", i >= 2, ["const", "close"].contains(tokens[i - 1].text), tokens[i - 2].text == "<" { return true }
        return false
    }

    /// An operator with an operand on its left (`a - b`, not `-b`).
    private func isBinary(_ i: Int) -> Bool {
        guard i > 0 else { return false }
        let p = tokens[i - 1]
        switch p.kind {
        case .number, .string: return true
        case .name: return !p.isKeyword || ["nil", "true", "false"].contains(p.text)
        case .symbol: return [")", "]", "}", "..."].contains(p.text)
        }
    }

    /// The operands around the operator or constant at `i`, as token indexes.
    private func expression(around i: Int) -> (Int, Int) {
        var first = i, last = i
        if tokens[i].kind == .symbol || tokens[i].isKeyword {
            // Operators that bind tighter stay in view: `a + b > c`, `age >= 0 and age <= days`.
            let multiplicative: Set<String> = ["*", "/", "//", "%"]
            let tighter: Set<String> = tokens[i].isKeyword ? Set(Self.relational.keys).union(Self.arithmetic.keys).union([".."])
                : Self.relational[tokens[i].text] != nil ? Set(Self.arithmetic.keys).union([".."])
                : ["+", "-"].contains(tokens[i].text) ? multiplicative : []
            first = i > 0 ? operandStart(i - 1) : i
            while first >= 2, tighter.contains(tokens[first - 1].text), tokens[first - 1].kind == .symbol, isBinary(first - 1) {
                first = operandStart(first - 2)
            }
            last = i + 1 < tokens.count ? operandEnd(i + 1) : i
            while last + 2 < tokens.count, tighter.contains(tokens[last + 1].text), tokens[last + 1].kind == .symbol { last = operandEnd(last + 2) }
        } else if i + 1 < tokens.count, tokens[i + 1].kind == .symbol, Self.relational[tokens[i + 1].text] != nil {
            last = i + 2 < tokens.count ? operandEnd(i + 2) : i + 1
        } else if i > 0 {
            first = i >= 2 ? operandStart(i - 2) : i - 1
        }
        return (first, last)
    }

    /// The first token of the operand that ends at `j`: `ctx.params.x`, `f(a).b`, `#list`.
    private func operandStart(_ j: Int) -> Int {
        var k = j
        while true {
            if [")", "]", "}"].contains(tokens[k].text) && tokens[k].kind == .symbol {
                guard let open = matchingBackward(k) else { break }
                k = open
                if tokens[k].text != "{", k > 0, isSuffixable(tokens[k - 1]) { k -= 1; continue }
                break
            }
            if k >= 2, [".", ":"].contains(tokens[k - 1].text), tokens[k - 1].kind == .symbol { k -= 2; continue }
            break
        }
        // Unary operators in front belong to the operand: `#list`, `not ok`, `-x`.
        while k > 0 {
            let p = tokens[k - 1]
            guard p.text == "#" || p.text == "not" || (p.text == "-" && !isBinary(k - 1)) else { break }
            k -= 1
        }
        return k
    }

    /// The last token of the operand that starts at `j`.
    private func operandEnd(_ j: Int) -> Int {
        var k = j
        while k + 1 < tokens.count, ["#", "not", "-"].contains(tokens[k].text) { k += 1 }
        if ["(", "[", "{"].contains(tokens[k].text), tokens[k].kind == .symbol { k = matching(k) ?? k }
        while k + 1 < tokens.count {
            let next = tokens[k + 1]
            if [".", ":"].contains(next.text), next.kind == .symbol, k + 2 < tokens.count { k += 2; continue }
            if ["(", "["].contains(next.text), next.kind == .symbol, let close = matching(k + 1) { k = close; continue }
            if next.kind == .string, isSuffixable(tokens[k]) { k += 1; continue }
            break
        }
        return k
    }

    private func isSuffixable(_ t: Token) -> Bool {
        (t.kind == .name && !t.isKeyword) || (t.kind == .symbol && [")", "]"].contains(t.text))
    }

    private func matching(_ open: Int) -> Int? {
        let pairs = ["(": ")", "[": "]", "{": "}"]
        guard let close = pairs[tokens[open].text] else { return nil }
        var depth = 0
        for k in open..<tokens.count where tokens[k].kind == .symbol {
            if tokens[k].text == tokens[open].text { depth += 1 }
            if tokens[k].text == close { depth -= 1; if depth == 0 { return k } }
        }
        return nil
    }

    private func matchingBackward(_ close: Int) -> Int? {
        let pairs = [")": "(", "]": "[", "}": "{"]
        guard let open = pairs[tokens[close].text] else { return nil }
        var depth = 0
        for k in stride(from: close, through: 0, by: -1) where tokens[k].kind == .symbol {
            if tokens[k].text == tokens[close].text { depth += 1 }
            if tokens[k].text == open { depth -= 1; if depth == 0 { return k } }
        }
        return nil
    }

    /// The source from token `first` to token `last` with white space collapsed, optionally with
    /// one token replaced.
    private func text(_ first: Int, _ last: Int, replacing i: Int? = nil, with replacement: String = "") -> String {
        guard first <= last else { return "" }
        var out = ""
        for k in first...last {
            if k > first {
                let gap = bytes[tokens[k - 1].end..<tokens[k].start]
                if !gap.isEmpty { out += gap.contains(where: { $0 != 32 }) ? " " : String(decoding: gap, as: UTF8.self) }
            }
            out += k == i ? replacement : String(decoding: bytes[tokens[k].start..<tokens[k].end], as: UTF8.self)
        }
        return out
    }

    /// At most 60 characters.
    private func shorten(_ s: String) -> String {
        let flat = s.split(whereSeparator: { $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        return flat.count <= 60 ? flat : String(flat.prefix(59)) + "…"
    }
}
