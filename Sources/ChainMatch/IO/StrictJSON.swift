import Foundation

/// A JSON object read field by field, in which every key must be consumed.
///
/// ```swift
/// let root = try StrictJSONObject.parse(data, file: "models/profiles/balanced.json")
/// let name = try root.string("name")
/// try root.finish() // throws on any key not read
/// ```
///
/// A key that the reader never asked for is an error naming the file, its line (found by searching
/// the text) and the key path, so a misspelt field is never silently ignored.
final class StrictJSONObject {
    /// The text being read and where its pieces are, shared by every object of one file.
    final class Document {
        let file: String
        let text: String
        /// Where each line starts, for line lookup.
        private lazy var lineStarts: [String.Index] = {
            var starts = [text.startIndex]
            var i = text.startIndex
            while let r = text[i...].firstIndex(of: "\n") {
                i = text.index(after: r)
                starts.append(i)
            }
            return starts
        }()

        init(file: String, text: String) {
            self.file = file
            self.text = text
        }

        /// Line and column (1-based) of the first `"key"` followed by `:` after `anchor`'s first
        /// occurrence (or from the start when there is no anchor), if found.
        func position(ofKey key: String, after anchor: String?) -> (line: Int, column: Int)? {
            var from = text.startIndex
            if let anchor, let r = text.range(of: anchor) { from = r.upperBound }
            let needle = "\"" + key + "\""
            var search = from
            while let r = text.range(of: needle, range: search..<text.endIndex) {
                let rest = text[r.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
                if rest.first == ":" { return lineColumn(of: r.lowerBound) }
                search = r.upperBound
            }
            return nil
        }

        /// Line and column of the key a path like `nodes[li.a].needs.resources` or `chains[pv]` names:
        /// the last key after the element whose `id` is the bracketed label (or that element's `id`).
        func position(ofPath path: String) -> (line: Int, column: Int)? {
            guard let open = path.firstIndex(of: "["), let close = path[open...].firstIndex(of: "]") else {
                return position(ofKey: path.split(separator: ".").last.map(String.init) ?? path, after: nil)
            }
            let label = String(path[path.index(after: open)..<close])
            let rest = path[path.index(after: close)...].split(separator: ".")
            let anchor = "\"id\": \"\(label)\""
            guard let key = rest.last.map(String.init) else {
                return text.range(of: anchor).map { lineColumn(of: $0.lowerBound) }
            }
            return position(ofKey: key, after: anchor)
        }

        private func lineColumn(of index: String.Index) -> (line: Int, column: Int) {
            var lo = 0, hi = lineStarts.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if lineStarts[mid] <= index { lo = mid } else { hi = mid - 1 }
            }
            let column = text[lineStarts[lo]..<index].count + 1
            return (lo + 1, column)
        }
    }

    let document: Document
    let dictionary: [String: Any]
    /// Key path of this object, e.g. `nodes[li.carbonate].needs`; empty at the root.
    let path: String
    /// Text that appears just before this object in the file (e.g. `"id": "li.carbonate"`), used to
    /// find the line of a key inside it.
    let anchor: String?
    private var consumed = Set<String>()

    init(document: Document, dictionary: [String: Any], path: String, anchor: String?) {
        self.document = document
        self.dictionary = dictionary
        self.path = path
        self.anchor = anchor
    }

    /// Parses `data` as a JSON document whose root is an object.
    static func parse(_ data: Data, file: String) throws -> StrictJSONObject {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ChainMatchError.badData(SourceLocation(file: file), "not UTF-8 text")
        }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw ChainMatchError.badData(SourceLocation(file: file), "not valid JSON: \(error.localizedDescription)")
        }
        guard let dictionary = root as? [String: Any] else {
            throw ChainMatchError.badData(SourceLocation(file: file), "the top level must be a JSON object")
        }
        return StrictJSONObject(document: Document(file: file, text: text), dictionary: dictionary, path: "", anchor: nil)
    }

    /// Reads and parses the file at `path`.
    static func read(path: String, displayName: String? = nil) throws -> StrictJSONObject {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ChainMatchError.missingInput(path: path, "cannot read the file")
        }
        return try parse(data, file: displayName ?? path)
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// An error located at `key` inside this object.
    func error(_ key: String, _ message: String) -> ChainMatchError {
        let at = document.position(ofKey: key, after: anchor)
        return .badData(SourceLocation(file: document.file, line: at?.line, column: at?.column, field: keyPath(key)), message)
    }

    var keys: [String] { dictionary.keys.sorted() }

    func has(_ key: String) -> Bool { dictionary[key] != nil && !(dictionary[key] is NSNull) }

    private func value(_ key: String) throws -> Any {
        consumed.insert(key)
        guard let v = dictionary[key], !(v is NSNull) else { throw error(key, "missing required field '\(key)'") }
        return v
    }

    private static func isBool(_ v: Any) -> Bool {
        guard let n = v as? NSNumber else { return false }
        return String(cString: n.objCType) == "c"
    }

    func string(_ key: String) throws -> String {
        guard let s = try value(key) as? String else { throw error(key, "expected a string") }
        return s
    }

    func optionalString(_ key: String) throws -> String? {
        has(key) ? try string(key) : { consumed.insert(key); return nil }()
    }

    func double(_ key: String) throws -> Double {
        let v = try value(key)
        guard !StrictJSONObject.isBool(v), let n = v as? NSNumber else { throw error(key, "expected a number") }
        let d = n.doubleValue
        guard d.isFinite else { throw error(key, "expected a finite number") }
        return d
    }

    /// A number that must be ≥ 0.
    func nonNegative(_ key: String) throws -> Double {
        let d = try double(key)
        guard d >= 0 else { throw error(key, "must be ≥ 0, got \(d)") }
        return d
    }

    func bool(_ key: String) throws -> Bool {
        let v = try value(key)
        guard StrictJSONObject.isBool(v), let b = v as? Bool else { throw error(key, "expected true or false") }
        return b
    }

    func strings(_ key: String) throws -> [String] {
        guard let array = try value(key) as? [Any] else { throw error(key, "expected an array of strings") }
        return try array.enumerated().map { i, v in
            guard let s = v as? String else { throw error(key, "element \(i) is not a string") }
            return s
        }
    }

    func object(_ key: String, anchor: String? = nil) throws -> StrictJSONObject {
        guard let d = try value(key) as? [String: Any] else { throw error(key, "expected an object") }
        return StrictJSONObject(document: document, dictionary: d, path: keyPath(key), anchor: anchor ?? self.anchor)
    }

    /// An array of objects; each is labelled in key paths by its `labelKey` field when it has one
    /// (`nodes[li.carbonate]`), else by its position (`nodes[3]`).
    func objects(_ key: String, labelKey: String = "id") throws -> [StrictJSONObject] {
        guard let array = try value(key) as? [Any] else { throw error(key, "expected an array of objects") }
        return try array.enumerated().map { i, v in
            guard let d = v as? [String: Any] else { throw error(key, "element \(i) is not an object") }
            let label = (d[labelKey] as? String) ?? String(i)
            let anchor = (d[labelKey] as? String).map { "\"\(labelKey)\": \"\($0)\"" }
            return StrictJSONObject(document: document, dictionary: d, path: keyPath(key) + "[\(label)]", anchor: anchor)
        }
    }

    /// The raw value of every key of this object, marking all as read (for maps keyed by data).
    func allEntries() -> [(String, Any)] {
        consumed.formUnion(dictionary.keys)
        return dictionary.keys.sorted().map { ($0, dictionary[$0]!) }
    }

    /// A child object for a raw value obtained from `allEntries()`.
    func child(_ key: String, _ value: Any) throws -> StrictJSONObject {
        guard let d = value as? [String: Any] else { throw error(key, "expected an object") }
        return StrictJSONObject(document: document, dictionary: d, path: keyPath(key), anchor: "\"\(key)\"")
    }

    /// Throws if this object has a key that was never read.
    func finish() throws {
        if let unknown = dictionary.keys.sorted().first(where: { !consumed.contains($0) }) {
            throw error(unknown, "unknown key '\(unknown)'")
        }
    }
}
