import Foundation

/// A JSON object read field by field, in which every key must be consumed.
///
/// ```swift
/// let root = try StrictJSONObject.parse(data, file: "models/profiles/balanced.json")
/// let name = try root.string("name")
/// try root.finish() // throws on any key not read
/// ```
///
/// Parsed by `JSONTree`, so every diagnostic names `file:line:column (field path)` of the key at
/// fault (or of the object, for a missing key); a key given twice is an error; a key the reader never
/// asked for is an error, so a misspelt field never silently falls back to a default. Numbers are
/// range-checked where they are read: `wholeNumber(_:in:)` before any conversion to Int, and
/// `number(_:in:)` for bounded reals.
final class StrictJSONObject {
    /// The file being read and its parsed tree, shared by every object of one file.
    final class Document {
        let file: String
        let root: JSONNode

        init(file: String, root: JSONNode) {
            self.file = file
            self.root = root
        }

        /// Line and column of the key a path like `nodes[li.a].needs.resources` or `chains[pv]` names:
        /// each `name[label]` step picks the array element whose `id` is `label` (or the element at
        /// that index), each `.name` step a key; the result is the last key's position (or the
        /// element's, for a path that ends in a bracket).
        func position(ofPath path: String) -> (line: Int, column: Int)? {
            var node = root
            var at: (Int, Int)? = (root.line, root.column)
            var rest = Substring(path)
            while !rest.isEmpty {
                if rest.first == "." { rest = rest.dropFirst() }
                let nameEnd = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
                let name = String(rest[..<nameEnd])
                rest = rest[nameEnd...]
                if !name.isEmpty {
                    guard case .object(let members) = node.value, let m = members.first(where: { $0.key == name }) else { return at }
                    node = m.node
                    at = (m.line, m.column)
                }
                if rest.first == "[", let close = rest.firstIndex(of: "]") {
                    let label = String(rest[rest.index(after: rest.startIndex)..<close])
                    rest = rest[rest.index(after: close)...]
                    guard case .array(let elements) = node.value else { return at }
                    let match = elements.first { e in
                        if case .object(let ms) = e.value, let id = ms.first(where: { $0.key == "id" }), case .string(let v) = id.node.value { return v == label }
                        return false
                    } ?? Int(label).flatMap { $0 >= 0 && $0 < elements.count ? elements[$0] : nil }
                    guard let match else { return at }
                    node = match
                    at = (match.line, match.column)
                }
            }
            return at
        }
    }

    let document: Document
    let members: [JSONMember]
    private let index: [String: Int]
    /// Key path of this object, e.g. `nodes[li.carbonate].needs`; empty at the root.
    let path: String
    /// Where the object itself starts.
    let line: Int
    let column: Int
    private var consumed = Set<String>()

    init(document: Document, node: JSONNode, members: [JSONMember], path: String) {
        self.document = document
        self.members = members
        var index: [String: Int] = [:]
        for (i, m) in members.enumerated() { index[m.key] = i }
        self.index = index
        self.path = path
        line = node.line
        column = node.column
    }

    /// Parses `data` as a JSON document whose root is an object.
    static func parse(_ data: Data, file: String) throws -> StrictJSONObject {
        let root = try JSONTree.parse(Array(data), file: file)
        guard case .object(let members) = root.value else {
            throw ChainMatchError.badData(SourceLocation(file: file, line: root.line, column: root.column), "the top level must be a JSON object, not \(root.kindName)")
        }
        return StrictJSONObject(document: Document(file: file, root: root), node: root, members: members, path: "")
    }

    /// Reads and parses the file at `path`.
    static func read(path: String, displayName: String? = nil) throws -> StrictJSONObject {
        guard let data = FileContents.contents(path) else {
            throw ChainMatchError.missingInput(path: path, "cannot read the file")
        }
        return try parse(data, file: displayName ?? path)
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    func member(_ key: String) -> JSONMember? { index[key].map { members[$0] } }

    /// An error located at `key` inside this object (at the object itself when the key is absent).
    func error(_ key: String, _ message: String) -> ChainMatchError {
        let m = member(key)
        return .badData(SourceLocation(file: document.file, line: m?.line ?? line, column: m?.column ?? column, field: keyPath(key)), message)
    }

    /// An error located at element `i` of the array under `key`.
    func error(_ key: String, element i: Int, _ message: String) -> ChainMatchError {
        guard let m = member(key), case .array(let elements) = m.node.value, i < elements.count else { return error(key, message) }
        return .badData(SourceLocation(file: document.file, line: elements[i].line, column: elements[i].column, field: keyPath(key) + "[\(i)]"), message)
    }

    var keys: [String] { members.map(\.key).sorted() }

    func has(_ key: String) -> Bool {
        guard let m = member(key) else { return false }
        if case .null = m.node.value { return false }
        return true
    }

    private func value(_ key: String) throws -> JSONNode {
        consumed.insert(key)
        guard let m = member(key) else { throw error(key, "missing required field '\(key)'") }
        if case .null = m.node.value { throw error(key, "missing required field '\(key)' (it is null)") }
        return m.node
    }

    func string(_ key: String) throws -> String {
        let v = try value(key)
        guard case .string(let s) = v.value else { throw error(key, "expected a string, got \(v.kindName)") }
        return s
    }

    func optionalString(_ key: String) throws -> String? {
        has(key) ? try string(key) : { consumed.insert(key); return nil }()
    }

    func double(_ key: String) throws -> Double {
        let v = try value(key)
        guard case .number(let d) = v.value else { throw error(key, "expected a number, got \(v.kindName)") }
        return d
    }

    /// A number that must be ≥ 0.
    func nonNegative(_ key: String) throws -> Double {
        let d = try double(key)
        guard d >= 0 else { throw error(key, "must be ≥ 0, got \(d)") }
        return d
    }

    /// A number within `range`.
    func number(_ key: String, in range: ClosedRange<Double>) throws -> Double {
        let d = try double(key)
        guard range.contains(d) else { throw error(key, "must be between \(Self.text(range.lowerBound)) and \(Self.text(range.upperBound)), got \(Self.text(d))") }
        return d
    }

    /// A whole number within `range`, checked before it becomes an Int.
    func wholeNumber(_ key: String, in range: ClosedRange<Int>) throws -> Int {
        let d = try double(key)
        guard d.rounded() == d else { throw error(key, "must be a whole number, got \(Self.text(d))") }
        guard d >= Double(range.lowerBound), d <= Double(range.upperBound) else {
            throw error(key, "must be between \(range.lowerBound) and \(range.upperBound), got \(Self.text(d))")
        }
        return Int(d)
    }

    static func text(_ d: Double) -> String {
        d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }

    func bool(_ key: String) throws -> Bool {
        let v = try value(key)
        guard case .bool(let b) = v.value else { throw error(key, "expected true or false, got \(v.kindName)") }
        return b
    }

    func strings(_ key: String) throws -> [String] {
        let v = try value(key)
        guard case .array(let array) = v.value else { throw error(key, "expected an array of strings, got \(v.kindName)") }
        return try array.enumerated().map { i, e in
            guard case .string(let s) = e.value else { throw error(key, element: i, "element \(i) is not a string") }
            return s
        }
    }

    func object(_ key: String, anchor: String? = nil) throws -> StrictJSONObject {
        let v = try value(key)
        guard case .object(let ms) = v.value else { throw error(key, "expected an object, got \(v.kindName)") }
        return StrictJSONObject(document: document, node: v, members: ms, path: keyPath(key))
    }

    /// An array of objects; each is labelled in key paths by its `labelKey` field when it has one
    /// (`nodes[li.carbonate]`), else by its position (`nodes[3]`).
    func objects(_ key: String, labelKey: String = "id") throws -> [StrictJSONObject] {
        let v = try value(key)
        guard case .array(let array) = v.value else { throw error(key, "expected an array of objects, got \(v.kindName)") }
        return try array.enumerated().map { i, e in
            guard case .object(let ms) = e.value else { throw error(key, element: i, "element \(i) is not an object") }
            var label = String(i)
            if let m = ms.first(where: { $0.key == labelKey }), case .string(let s) = m.node.value { label = s }
            return StrictJSONObject(document: document, node: e, members: ms, path: keyPath(key) + "[\(label)]")
        }
    }

    /// Every key of this object in file order, marking all as read (for maps keyed by data).
    func allKeys() -> [String] {
        consumed.formUnion(members.map(\.key))
        return members.map(\.key)
    }

    /// Throws if this object has a key that was never read.
    func finish() throws {
        if let unknown = members.first(where: { !consumed.contains($0.key) }) {
            throw error(unknown.key, "unknown key '\(unknown.key)'")
        }
    }
}
