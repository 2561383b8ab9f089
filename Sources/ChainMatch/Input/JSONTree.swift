import Foundation

/// A parsed JSON value that remembers where it starts in its file (1-based line and column).
///
/// ```swift
/// let root = try JSONTree.parse(Array(#"{"top": 30}"#.utf8), file: "c.json")
/// if case .object(let members) = root.value { print(members[0].key, members[0].line, members[0].column) }  // top 1 2
/// ```
struct JSONNode: Sendable {
    enum Value: Sendable {
        case object([JSONMember])
        case array([JSONNode])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
    }
    var value: Value
    var line: Int
    var column: Int

    /// What the value is, for messages ("a string", "an object" …).
    var kindName: String {
        switch value {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "true or false"
        case .null: return "null"
        }
    }
}

/// One `"key": value` of an object, with the position of its key.
struct JSONMember: Sendable {
    var key: String
    var line: Int
    var column: Int
    var node: JSONNode
}

/// A strict RFC 8259 JSON parser over UTF-8 bytes that keeps positions, so every diagnostic can say
/// `file:line:column`.
///
/// Rules beyond the grammar: a key repeated in one object is an error (the second one is reported,
/// naming the line of the first); numbers must be finite doubles; nesting deeper than 200 levels is
/// refused; a UTF-8 byte-order mark at the start is skipped; anything after the root value but white
/// space is an error. Columns count Unicode scalars, so a column in a Chinese line is the column an
/// editor shows.
enum JSONTree {
    static let maximumDepth = 200

    static func parse(_ bytes: [UInt8], file: String) throws -> JSONNode {
        var parser = Parser(bytes: bytes, file: file)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.i = 3; parser.lineStart = 3 }
        parser.skipSpace()
        let root = try parser.value(depth: 0)
        parser.skipSpace()
        if parser.i < bytes.count { throw parser.error("unexpected text after the end of the JSON value") }
        return root
    }

    struct Parser {
        let bytes: [UInt8]
        let file: String
        var i = 0
        var line = 1
        var lineStart = 0

        init(bytes: [UInt8], file: String) {
            self.bytes = bytes
            self.file = file
        }

        /// Column (1-based, in Unicode scalars) of byte offset `at` on the current line.
        func column(_ at: Int) -> Int {
            var c = 1
            var k = lineStart
            while k < at && k < bytes.count {
                if bytes[k] & 0xC0 != 0x80 { c += 1 }
                k += 1
            }
            return c
        }

        func error(_ message: String, at: Int? = nil) -> ChainMatchError {
            .badData(SourceLocation(file: file, line: line, column: column(at ?? i)), message)
        }

        mutating func skipSpace() {
            while i < bytes.count {
                switch bytes[i] {
                case 0x20, 0x09, 0x0D: i += 1
                case 0x0A: i += 1; line += 1; lineStart = i
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws -> JSONNode {
            guard depth < JSONTree.maximumDepth else { throw error("nested more than \(JSONTree.maximumDepth) levels deep") }
            guard i < bytes.count else { throw error("unexpected end of the file: a value is missing") }
            let (startLine, startColumn) = (line, column(i))
            func node(_ v: JSONNode.Value) -> JSONNode { JSONNode(value: v, line: startLine, column: startColumn) }
            switch bytes[i] {
            case UInt8(ascii: "{"): return node(try object(depth: depth))
            case UInt8(ascii: "["): return node(try array(depth: depth))
            case UInt8(ascii: "\""): return node(.string(try string()))
            case UInt8(ascii: "t"): try literal("true"); return node(.bool(true))
            case UInt8(ascii: "f"): try literal("false"); return node(.bool(false))
            case UInt8(ascii: "n"): try literal("null"); return node(.null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return node(.number(try number()))
            default: throw error("unexpected character '\(printable(bytes[i]))' where a value should start")
            }
        }

        func printable(_ b: UInt8) -> String {
            b >= 0x20 && b < 0x7F ? String(UnicodeScalar(b)) : String(format: "\\x%02X", b)
        }

        mutating func literal(_ word: String) throws {
            let w = Array(word.utf8)
            guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else {
                throw error("unexpected text: expected '\(word)'")
            }
            i += w.count
        }

        mutating func object(depth: Int) throws -> JSONNode.Value {
            i += 1
            var members: [JSONMember] = []
            var seen: [String: Int] = [:]
            skipSpace()
            if i < bytes.count && bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                    throw error(i < bytes.count ? "expected a key in double quotes" : "unexpected end of the file inside an object")
                }
                let (keyLine, keyColumn) = (line, column(i))
                let key = try string()
                if let first = seen[key] {
                    throw ChainMatchError.badData(SourceLocation(file: file, line: keyLine, column: keyColumn, field: key),
                                                  "duplicate key '\(key)' (first at line \(first))")
                }
                seen[key] = keyLine
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after the key '\(key)'") }
                i += 1
                skipSpace()
                let v = try value(depth: depth + 1)
                members.append(JSONMember(key: key, line: keyLine, column: keyColumn, node: v))
                skipSpace()
                guard i < bytes.count else { throw error("unexpected end of the file inside an object") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                throw error("expected ',' or '}' after a value")
            }
        }

        mutating func array(depth: Int) throws -> JSONNode.Value {
            i += 1
            var elements: [JSONNode] = []
            skipSpace()
            if i < bytes.count && bytes[i] == UInt8(ascii: "]") { i += 1; return .array(elements) }
            while true {
                skipSpace()
                elements.append(try value(depth: depth + 1))
                skipSpace()
                guard i < bytes.count else { throw error("unexpected end of the file inside an array") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(elements) }
                throw error("expected ',' or ']' after a value")
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard i + 4 <= bytes.count else { throw error("unexpected end of the file in a \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[i]
                let d: UInt32
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
                default: throw error("invalid \\u escape: '\(printable(b))' is not a hex digit")
                }
                v = v * 16 + d
                i += 1
            }
            return v
        }

        mutating func string() throws -> String {
            let open = i
            i += 1
            var out: [UInt8] = []
            while true {
                guard i < bytes.count else { throw error("unterminated string (it opens here)", at: open) }
                let b = bytes[i]
                if b == UInt8(ascii: "\"") { i += 1; break }
                if b < 0x20 { throw error(b == 0x0A ? "a line break inside a string (write \\n)" : "a control character inside a string") }
                if b != UInt8(ascii: "\\") { out.append(b); i += 1; continue }
                i += 1
                guard i < bytes.count else { throw error("unterminated escape") }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                            throw error("a lone surrogate \\u escape")
                        }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("a lone surrogate \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw error("a lone surrogate \\u escape")
                    }
                    out.append(contentsOf: Array(String(Character(UnicodeScalar(scalar)!)).utf8))
                default:
                    throw error("invalid escape '\\\(printable(e))'")
                }
            }
            guard let s = String(validating: out, as: UTF8.self) else { throw error("a string is not valid UTF-8", at: open) }
            return s
        }

        mutating func number() throws -> Double {
            let start = i
            func digits() -> Int {
                let s = i
                while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1 }
                return i - s
            }
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count else { throw error("a number ends too early", at: start) }
            if bytes[i] == UInt8(ascii: "0") {
                i += 1
                if i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { throw error("a number may not start with 0", at: start) }
            } else if digits() == 0 {
                throw error("a number needs digits", at: start)
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard digits() > 0 else { throw error("a number needs digits after '.'", at: start) }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard digits() > 0 else { throw error("a number needs digits in its exponent", at: start) }
            }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            guard let v = Double(text), v.isFinite else { throw error("the number \(text) is out of range", at: start) }
            return v
        }
    }
}
