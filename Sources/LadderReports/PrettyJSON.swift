import Dispatch
import Foundation
import LadderModel

/// JSON exactly as Foundation's `JSONEncoder` writes it with `.prettyPrinted`, `.sortedKeys` and
/// `.withoutEscapingSlashes` — two-space indents, `"key" : value`, keys in UTF-8 byte order,
/// whole doubles without `.0` — in a fraction of the time: a report of an organisation with
/// hundreds of thousands of deals spent most of its rendering in `JSONEncoder`'s generic paths.
/// `PrettyJSONTests` holds it to `JSONEncoder`'s bytes.
///
/// Encoding fills one flat tree (nodes in an array, scalars' text and keys in two byte buffers)
/// rather than an object per value; writing sorts each object's keys as it goes. The root's
/// members that are containers (a report's results, its records) are each filled into a tree of
/// their own and written on whichever core is free, and handed out in key order as they are done.
enum PrettyJSON {
    /// - Parameters:
    ///   - parallel: fill and write the root's members on all cores.
    ///   - partsAbove: write containers with more members than this in parts, on all cores.
    ///   - newline: end the text with a line break (as a report file does).
    static func encode(_ value: some Encodable, parallel: Bool = true, partsAbove: Int = 100_000, newline: Bool = false) throws -> String {
        try rendered(value, parallel: parallel, partsAbove: partsAbove, newline: newline).text
    }

    /// What ``encode(_:parallel:partsAbove:newline:)`` writes, in pieces to write one after the
    /// other: a large report is hundreds of megabytes, not worth copying into one buffer. Returns
    /// once the root's large members are being made on the cores available; they are waited for
    /// as they are written out.
    static func rendered(_ value: some Encodable, parallel: Bool = true, partsAbove: Int = 100_000, newline: Bool = false) throws -> RenderedReport {
        let tree = Tree(defersMembers: parallel)
        try tree.fill(tree.root, with: value)
        return tree.document(partsAbove: partsAbove, newline: newline)
    }

    /// A node: text (`a ..< b` in `text`), or elements or members (children `a` first, `b` last,
    /// linked by `next`). A member's key is `key ..< keyEnd` in `keys`, as UTF-8.
    struct Node {
        /// `deferred`: a root member filled later into a tree of its own (`a` is its place in
        /// ``Tree/deferred``). `strings`: an array of strings, quoted one after another in `text`
        /// (`a ..< b`), a zero byte between two (JSON text never holds one): a result's evidence
        /// is thousands of ids, and a node for each cost more than its bytes.
        enum Kind: UInt8 { case unset, text, array, object, deferred, strings }
        var kind = Kind.unset
        var a = -1, b = -1
        var next = -1
        var count = 0
        var key = 0, keyEnd = 0

        var isArray: Bool { kind == .array || kind == .strings }
    }

    /// Filled on one thread; then only read, from as many as write it.
    final class Tree: @unchecked Sendable {
        var nodes = [Node()]
        var text: [UInt8] = []
        var keys: [UInt8] = [0]  // never empty, so it always has an address
        let root = 0
        let defersMembers: Bool
        /// The root's members left to fill, each into a tree of its own.
        var deferred: [Deferred] = []

        init(defersMembers: Bool) { self.defersMembers = defersMembers }

        /// A value to write later, on another thread: it is read there and by nothing else.
        /// `partOf`: the container this is a part of (`write` gives its members, without brackets,
        /// indented as the root's members' members).
        struct Deferred: @unchecked Sendable {
            var partOf: Node.Kind? = nil
            let write: (inout [UInt8], _ partsAbove: Int) throws -> Void
        }

        /// A long array's elements, and a large object's members, are written in parts (a part's
        /// elements filled into a tree of the part's own, a batch at a time): a report's results
        /// or records would otherwise keep one core busy while the others wait.
        func fill(member: Int, with value: some Encodable) throws {
            guard defersMembers else { return try fill(member, with: value) }
            nodes[member].kind = .deferred
            nodes[member].a = deferred.count
            let parts: [Deferred]
            if let elements = value as? [any Encodable], elements.count >= Self.partedFrom {
                parts = Self.parts(of: elements.count).map { range in
                    Deferred(partOf: .array) { out, partsAbove in
                        // A few elements at a time through one tree, emptied between batches: a
                        // tree of a whole part was larger than what it writes, every page of it new.
                        let tree = Tree(defersMembers: false)
                        for batch in stride(from: range.lowerBound, to: range.upperBound, by: Self.batch) {
                            tree.empty()
                            tree.open(tree.root, as: .array)
                            for element in elements[batch ..< min(batch + Self.batch, range.upperBound)] { try tree.fill(tree.child(of: tree.root), with: element) }
                            if batch > range.lowerBound { out += [UInt8(ascii: ","), UInt8(ascii: "\n")] }
                            Writer(nodes: tree.nodes, keys: tree.keys, text: tree.text, partsAbove: partsAbove).elements(of: tree.root, level: 1, to: &out)
                            // Room for the part, as large as the first batch says: no copy as it grows.
                            if batch == range.lowerBound { out.reserveCapacity(out.count * range.count / min(Self.batch, range.count) * 9 / 8) }
                        }
                    }
                }
            } else if let object = value as? any WrittenInParts, object.memberCount >= Self.partedFrom {
                parts = object.parts(Self.parts(of: object.memberCount)).map { write in Deferred(partOf: .object) { out, _ in try write(&out) } }
            } else {
                parts = [Deferred { out, partsAbove in
                    let tree = Tree(defersMembers: false)
                    try tree.fill(tree.root, with: value)
                    Writer(nodes: tree.nodes, keys: tree.keys, text: tree.text, partsAbove: partsAbove).write(tree.root, level: 1, to: &out)
                }]
            }
            nodes[member].b = parts.count
            deferred += parts
        }

        /// Root members with this many members or more are filled and written in eight parts.
        static let partedFrom = 2_000

        /// Elements of a part filled into its tree at a time.
        static let batch = 256

        /// No nodes but the root, no text, no keys; the room they had is kept.
        func empty() {
            nodes.removeAll(keepingCapacity: true)
            nodes.append(Node())
            text.removeAll(keepingCapacity: true)
            keys.removeAll(keepingCapacity: true)
            keys.append(0)
        }

        static func parts(of count: Int) -> [Range<Int>] { (0 ..< count).split(into: 8) }

        /// The whole document, in pieces: the deferred members made on the cores available, in
        /// the background in the order the file takes them (with one core, by the writer as it
        /// reaches each), the rest here.
        func document(partsAbove: Int, newline: Bool) -> RenderedReport {
            let writer = Writer(nodes: nodes, keys: keys, text: text, partsAbove: partsAbove)
            let spare = SpareBuffers()
            let make: @Sendable (Int) -> Result<[UInt8], any Error> = { [deferred] i in
                Result {
                    var out = spare.take()
                    try deferred[i].write(&out, partsAbove)
                    return out
                }
            }
            let members = writer.members(of: root)
            let parts: RenderedReport.Parts
            if Cores.parallel && !deferred.isEmpty {
                // Made in the order the file takes them (members sort by key; parts were numbered
                // in the order they were filled): the writer waited on parts made early and written late.
                let order = members.filter { nodes[$0].kind == .deferred }.flatMap { nodes[$0].a ..< nodes[$0].a + nodes[$0].b }
                let slots = AwaitedSlots<Result<[UInt8], any Error>>(count: deferred.count)
                DispatchQueue.global().async {
                    Cores.perform(order.count) { k in slots.fill(order[k], with: make(order[k])) }
                }
                parts = .madeAhead(slots)
            } else {
                // One core: made by the writer as it comes to each, rather than by a second
                // thread beside it.
                parts = .madeWhenTaken(make)
            }
            var pieces: [RenderedReport.Piece] = []
            var out: [UInt8] = []
            func add(_ part: Int, after out: inout [UInt8]) {
                pieces += [.bytes(out), .part(part)]
                out = []
            }
            writer.container(root, level: 0, members: members, to: &out) { i, out in
                let member = members[i]
                guard nodes[member].kind == .deferred else { return writer.write(member, level: 1, to: &out) }
                let range = nodes[member].a ..< nodes[member].a + nodes[member].b
                guard let kind = deferred[range.lowerBound].partOf else { return add(range.lowerBound, after: &out) }
                out += [kind == .array ? UInt8(ascii: "[") : UInt8(ascii: "{"), UInt8(ascii: "\n")]
                for part in range {
                    if part > range.lowerBound { out += [UInt8(ascii: ","), UInt8(ascii: "\n")] }
                    add(part, after: &out)
                }
                out.append(UInt8(ascii: "\n"))
                Writer.indent(&out, 1)
                out.append(kind == .array ? UInt8(ascii: "]") : UInt8(ascii: "}"))
            }
            if newline { out.append(UInt8(ascii: "\n")) }
            return RenderedReport(pieces: pieces + [.bytes(out)], parts: parts, spare: spare)
        }

        // Each helper takes the arrays it changes inout: one exclusive access per call, rather
        // than one per element touched (they showed in profiles).
        func child(of parent: Int, key: String? = nil) -> Int {
            var node = Node()
            if let key { (node.key, node.keyEnd) = Self.append(key, to: &keys) }
            return Self.link(node, under: parent, in: &nodes)
        }

        static func append(_ key: String, to keys: inout [UInt8]) -> (Int, Int) {
            let start = keys.count
            keys.append(contentsOf: key.utf8)
            return (start, keys.count)
        }

        static func link(_ node: Node, under parent: Int, in nodes: inout [Node]) -> Int {
            let index = nodes.count
            nodes.append(node)
            nodes[parent].count += 1
            if nodes[parent].b < 0 { nodes[parent].a = index } else { nodes[nodes[parent].b].next = index }
            nodes[parent].b = index
            return index
        }

        /// Makes `node` a container of `kind`, keeping its members when it already is one (an
        /// encoder asked for its container again).
        func open(_ node: Int, as kind: Node.Kind) {
            guard nodes[node].kind != kind else { return }
            nodes[node].kind = kind
            (nodes[node].a, nodes[node].b, nodes[node].count) = (-1, -1, 0)
        }

        func setText(_ node: Int, _ write: (inout [UInt8]) -> Void) {
            let (start, end) = Self.written(write, to: &text)
            Self.mark(node, text: start, end, in: &nodes)
        }

        static func written(_ write: (inout [UInt8]) -> Void, to text: inout [UInt8]) -> (Int, Int) {
            let start = text.count
            write(&text)
            return (start, text.count)
        }

        static func mark(_ node: Int, as kind: Node.Kind = .text, text start: Int, _ end: Int, in nodes: inout [Node]) {
            nodes[node].kind = kind
            nodes[node].a = start
            nodes[node].b = end
        }

        func string(_ node: Int, _ v: String) { setText(node) { Self.quote(v, into: &$0) } }
        func bool(_ node: Int, _ v: Bool) { setText(node) { $0.append(contentsOf: (v ? "true" : "false").utf8) } }
        func int(_ node: Int, _ v: Int) { setText(node) { $0.append(contentsOf: String(v).utf8) } }
        func null(_ node: Int) { setText(node) { $0.append(contentsOf: "null".utf8) } }
        func double(_ node: Int, _ v: Double) throws {
            let digits = try Self.number(v, v.isFinite)
            setText(node) { $0.append(contentsOf: digits.utf8) }
        }

        func fill(_ node: Int, with value: some Encodable) throws {
            switch value {
            case let v as any FilledDirectly: try v.fill(self, node)  // first: a report's results and records are
            case let v as String: string(node, v)
            case let v as Bool: bool(node, v)
            case let v as Int: int(node, v)
            case let v as Double: try double(node, v)
            case let v as any BinaryInteger: setText(node) { $0.append(contentsOf: "\(v)".utf8) }
            case let v as Float:
                let digits = try Self.number(v, v.isFinite)
                setText(node) { $0.append(contentsOf: digits.utf8) }
            default:
                try value.encode(to: NodeEncoder(tree: self, node: node))
                if nodes[node].kind == .unset { open(node, as: .object) }  // as JSONEncoder: nothing encoded is {}
            }
        }

        static func number(_ value: some CustomStringConvertible, _ isFinite: Bool) throws -> String {
            guard isFinite else {
                throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(value) cannot be written in JSON"))
            }
            var text = value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            return text
        }

        static func quote(_ string: String, into out: inout [UInt8]) {
            var string = string
            string.withUTF8 { quote($0, into: &out) }
        }

        static func quote(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
            out.append(UInt8(ascii: "\""))
            escape(bytes, into: &out)
            out.append(UInt8(ascii: "\""))
        }

        /// The bytes as they are written inside a JSON string.
        static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
            var plain = 0  // bytes[plain...] not yet copied
            var i = 0
            while i < bytes.count {
                // Eight bytes at a time while none needs escaping: a report is mostly plain text.
                if i + 8 <= bytes.count && !needsEscape(UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)) {
                    i += 8
                    continue
                }
                let byte = bytes[i]
                i += 1
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain..<i - 1]))
                plain = i
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
                case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
                case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
                case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain...]))
        }

        /// Whether any of a word's eight bytes is one JSON escapes: below 0x20, `"` or `\`.
        /// (A byte below n, or a zero byte after an exclusive or, sets its high bit in these
        /// sums; the answer for the word as a whole is exact.)
        static func needsEscape(_ word: UInt64) -> Bool {
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            func anyBelow(_ x: UInt64, _ n: UInt64) -> Bool { (x &- ones &* n) & ~x & highs != 0 }
            return anyBelow(word, 0x20) || anyBelow(word ^ (ones &* 0x22), 1) || anyBelow(word ^ (ones &* 0x5C), 1)
        }
    }

    /// Writes a filled tree, reading it only (so from any number of threads).
    struct Writer: Sendable {
        let root = 0
        let nodes: [Node]
        let keys: [UInt8]
        let text: [UInt8]
        /// Containers with more members than this are written in parts, on the cores available.
        let partsAbove: Int

        /// The children of a container in writing order: an object's by key bytes (most objects
        /// are small: an insertion sort), only the last of a key encoded twice (it replaced the others).
        func members(of node: Int) -> [Int] {
            var children: [Int] = []
            children.reserveCapacity(nodes[node].count)
            var child = nodes[node].a
            while child >= 0 { children.append(child); child = nodes[child].next }
            guard nodes[node].kind == .object, children.count > 1 else { return children }
            var replaced = false
            keys.withUnsafeBufferPointer { keys in
                let base = keys.baseAddress!
                func compare(_ x: Int, _ y: Int) -> Int {
                    let a = nodes[x], b = nodes[y]
                    return ByteOrder.compare(base + a.key, a.keyEnd - a.key, base + b.key, b.keyEnd - b.key)
                }
                if children.count > 16 {
                    // By each key's first eight bytes as one number first: most comparisons of a
                    // large object's keys (a report's records, by id) end there.
                    var sorted = children.map { (prefix: ByteOrder.prefix(base + nodes[$0].key, nodes[$0].keyEnd - nodes[$0].key), child: $0) }
                    sorted.sort { x, y in
                        if x.prefix != y.prefix { return x.prefix < y.prefix }
                        let order = compare(x.child, y.child)
                        if order == 0 { replaced = true }
                        return order != 0 ? order < 0 : x.child < y.child
                    }
                    children = sorted.map(\.child)
                    return
                }
                for i in 1..<children.count {
                    let moving = children[i]
                    var j = i
                    while j > 0 {
                        let order = compare(moving, children[j - 1])
                        if order == 0 { replaced = true }
                        if order >= 0 { break }
                        children[j] = children[j - 1]
                        j -= 1
                    }
                    children[j] = moving
                }
            }
            guard replaced else { return children }
            return children.indices.filter { i in
                i + 1 == children.count || !keys[nodes[children[i]].key..<nodes[children[i]].keyEnd]
                    .elementsEqual(keys[nodes[children[i + 1]].key..<nodes[children[i + 1]].keyEnd])
            }.map { children[$0] }
        }

        func write(_ node: Int, level: Int, to out: inout [UInt8]) {
            if nodes[node].kind == .text { out += text[nodes[node].a..<nodes[node].b]; return }
            if nodes[node].kind == .strings { return strings(node, level: level, to: &out) }
            let members = members(of: node)
            let value: @Sendable (Int, inout [UInt8]) -> Void = { i, out in write(members[i], level: level + 1, to: &out) }
            guard members.count > partsAbove else { return container(node, level: level, members: members, to: &out, value: value) }
            let parts = Tree.parts(of: members.count)
            let written = SharedSlots<[UInt8]>(count: parts.count)
            Cores.perform(parts.count) { part in
                var out: [UInt8] = []
                for i in parts[part] { member(node, i, members[i], level: level, to: &out, value: value) }
                written[part] = out
            }
            open(node, to: &out)
            for part in parts.indices { out += written[part]! }
            close(node, level: level, to: &out)
        }

        /// An array of strings as `container` writes an array.
        func strings(_ node: Int, level: Int, to out: inout [UInt8]) {
            open(node, to: &out)
            text.withUnsafeBufferPointer { text in
                var start = nodes[node].a
                let end = nodes[node].b
                while start < end {
                    if start > nodes[node].a { out.append(UInt8(ascii: ",")); out.append(UInt8(ascii: "\n")) }
                    Self.indent(&out, level + 1)
                    let stop = text[start..<end].firstIndex(of: 0) ?? end
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<stop]))
                    start = stop + 1
                }
            }
            close(node, level: level, to: &out)
        }

        /// A container's members as `write` writes them, without the brackets around them.
        func elements(of node: Int, level: Int, to out: inout [UInt8]) {
            let members = members(of: node)
            for (i, m) in members.enumerated() {
                member(node, i, m, level: level, to: &out) { _, out in write(m, level: level + 1, to: &out) }
            }
        }

        /// Brackets, indents, keys and commas around `members`, the i-th written by `value(i, &out)`.
        func container(_ node: Int, level: Int, members: [Int], to out: inout [UInt8], value: (Int, inout [UInt8]) -> Void) {
            open(node, to: &out)
            for (i, m) in members.enumerated() { member(node, i, m, level: level, to: &out, value: value) }
            close(node, level: level, to: &out)
        }

        func open(_ node: Int, to out: inout [UInt8]) {
            out.append(nodes[node].isArray ? UInt8(ascii: "[") : UInt8(ascii: "{"))
            out.append(UInt8(ascii: "\n"))
        }

        /// The i-th member `m` of a container: after a comma unless first, indented, keyed in an object.
        func member(_ node: Int, _ i: Int, _ m: Int, level: Int, to out: inout [UInt8], value: (Int, inout [UInt8]) -> Void) {
            if i > 0 { out.append(UInt8(ascii: ",")); out.append(UInt8(ascii: "\n")) }
            Self.indent(&out, level + 1)
            if nodes[node].kind != .array {
                keys.withUnsafeBufferPointer { Tree.quote(UnsafeBufferPointer(rebasing: $0[nodes[m].key..<nodes[m].keyEnd]), into: &out) }
                out += " : ".utf8
            }
            value(i, &out)
        }

        func close(_ node: Int, level: Int, to out: inout [UInt8]) {
            out.append(UInt8(ascii: "\n"))
            Self.indent(&out, level)
            out.append(nodes[node].isArray ? UInt8(ascii: "]") : UInt8(ascii: "}"))
        }

        static func indent(_ out: inout [UInt8], _ level: Int) {
            // From a run of spaces in one copy: a report indents every line.
            let spaces: StaticString = "                                                                "
            guard 2 * level <= spaces.utf8CodeUnitCount else { return out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level)) }
            spaces.withUTF8Buffer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<(2 * level)])) }
        }
    }

    private struct NodeEncoder: Encoder {
        let tree: Tree
        let node: Int
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            tree.open(node, as: .object)
            return KeyedEncodingContainer(Keyed<Key>(tree: tree, node: node))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            tree.open(node, as: .array)
            return Unkeyed(tree: tree, node: node)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(tree: tree, node: node) }
    }

    private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let tree: Tree
        let node: Int
        var codingPath: [any CodingKey] { [] }

        func child(_ key: Key) -> Int { tree.child(of: node, key: key.stringValue) }

        mutating func encodeNil(forKey key: Key) { tree.null(child(key)) }
        mutating func encode(_ value: String, forKey key: Key) { tree.string(child(key), value) }
        mutating func encode(_ value: Bool, forKey key: Key) { tree.bool(child(key), value) }
        mutating func encode(_ value: Int, forKey key: Key) { tree.int(child(key), value) }
        mutating func encode(_ value: Double, forKey key: Key) throws { try tree.double(child(key), value) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            if node == tree.root { try tree.fill(member: child(key), with: value) } else { try tree.fill(child(key), with: value) }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            NodeEncoder(tree: tree, node: child(key)).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            NodeEncoder(tree: tree, node: child(key)).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { NodeEncoder(tree: tree, node: child(Key(stringValue: "super")!)) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(tree: tree, node: child(key)) }
    }

    private struct Unkeyed: UnkeyedEncodingContainer {
        let tree: Tree
        let node: Int
        var codingPath: [any CodingKey] { [] }
        var count: Int { tree.nodes[node].count }

        func child() -> Int { tree.child(of: node) }

        mutating func encodeNil() { tree.null(child()) }
        mutating func encode(_ value: String) { tree.string(child(), value) }
        mutating func encode(_ value: Bool) { tree.bool(child(), value) }
        mutating func encode(_ value: Int) { tree.int(child(), value) }
        mutating func encode(_ value: Double) throws { try tree.double(child(), value) }
        mutating func encode<T: Encodable>(_ value: T) throws { try tree.fill(child(), with: value) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            NodeEncoder(tree: tree, node: child()).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { NodeEncoder(tree: tree, node: child()).unkeyedContainer() }
        mutating func superEncoder() -> any Encoder { NodeEncoder(tree: tree, node: child()) }
    }

    private struct Single: SingleValueEncodingContainer {
        let tree: Tree
        let node: Int
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() { tree.null(node) }
        mutating func encode(_ value: String) { tree.string(node, value) }
        mutating func encode(_ value: Bool) { tree.bool(node, value) }
        mutating func encode(_ value: Int) { tree.int(node, value) }
        mutating func encode(_ value: Double) throws { try tree.double(node, value) }
        mutating func encode<T: Encodable>(_ value: T) throws { try tree.fill(node, with: value) }
    }
}

/// A value that fills its node itself, as its `Encodable` conformance would: for what a report
/// holds by the hundred thousand, where the `Encoder` protocol's generic calls cost most of the
/// time. `PrettyJSONTests` holds each to `JSONEncoder`'s bytes.
protocol FilledDirectly {
    func fill(_ tree: PrettyJSON.Tree, _ node: Int) throws
}

extension EvidenceRecord: FilledDirectly {
    func fill(_ tree: PrettyJSON.Tree, _ node: Int) {
        tree.open(node, as: .object)
        tree.string(tree.child(of: node, key: "kind"), kind.rawValue)
        tree.string(tree.child(of: node, key: "name"), name)
        tree.string(tree.child(of: node, key: "detail"), detail)
    }

    /// A record as an object at `level`, as the writer writes what ``fill(_:_:)`` fills: its keys
    /// in byte order. `record` gives its kind and name, handing over its detail's bytes as it goes.
    static func write(level: Int, to out: inout [UInt8], record: ((UnsafeBufferPointer<UInt8>) -> Void) -> (kind: Kind, name: String)) {
        // Each line's constant text in one copy: a report writes this for every record it cites.
        func key(_ key: StaticString) {
            PrettyJSON.Writer.indent(&out, level + 1)
            key.withUTF8Buffer { out += $0 }
        }
        out += "{\n".utf8
        key("\"detail\" : \"")
        let (kind, name) = record { PrettyJSON.Tree.escape($0, into: &out) }
        out += "\",\n".utf8
        key("\"kind\" : ")
        PrettyJSON.Tree.quote(kind.rawValue, into: &out)
        out += ",\n".utf8
        key("\"name\" : ")
        PrettyJSON.Tree.quote(name, into: &out)
        out.append(UInt8(ascii: "\n"))
        PrettyJSON.Writer.indent(&out, level)
        out.append(UInt8(ascii: "}"))
    }
}

/// An object of the report's root whose members are written in parts, the parts in key order:
/// one after the other, they are the object's members as a whole would be.
protocol WrittenInParts {
    var memberCount: Int { get }
    /// For each range of the members in key order, what writes them (indented as members of
    /// a member of the root, without the brackets around them).
    func parts(_ ranges: [Range<Int>]) -> [(inout [UInt8]) throws -> Void]
}

extension EvidenceRecords: FilledDirectly, WrittenInParts {
    func fill(_ tree: PrettyJSON.Tree, _ node: Int) {
        tree.open(node, as: .object)
        for (id, record) in self { record.fill(tree, tree.child(of: node, key: id)) }
    }

    var memberCount: Int { count }

    /// Written straight to bytes, no tree, in the order the records are kept (their ids' byte
    /// order, as objects are written): records are most of a large report. A record made from
    /// the snapshot has its detail written from it, with no string made for it.
    func parts(_ ranges: [Range<Int>]) -> [(inout [UInt8]) throws -> Void] {
        ranges.map { range in
            { out in
                for i in range {
                    if i > range.lowerBound { out += ",\n".utf8 }
                    PrettyJSON.Writer.indent(&out, 2)
                    PrettyJSON.Tree.quote(ids[i], into: &out)
                    out += " : ".utf8
                    EvidenceRecord.write(level: 2, to: &out) { detail in record(at: i, detail: detail) }
                    // Room for the rest of the part, as large as its first records say: no
                    // copy of what is written as it grows.
                    if i == range.lowerBound + Self.sampled { out.reserveCapacity(out.count / (Self.sampled + 1) * range.count * 9 / 8) }
                }
            }
        }
    }

    /// Records written before a part's room is estimated from their size.
    static let sampled = 64
}
