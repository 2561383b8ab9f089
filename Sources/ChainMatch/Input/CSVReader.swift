import Foundation

/// An RFC 4180 CSV reader that works on bytes.
///
/// ```swift
/// let table = try CSVReader.parse(Data("a,b\r\n1,\"x, \"\"y\"\"\"\n".utf8), path: "inline.csv")
/// // table.header == ["a", "b"]; table.rows == [["1", "x, \"y\""]]
/// ```
///
/// - Fields are separated by commas; records end with LF or CRLF (a lone CR also ends a record).
/// - A field that starts with `"` is quoted: it may contain commas, line breaks and `""` for one quote.
/// - Encoding: UTF-8, with or without a byte-order mark. Bytes that are not valid UTF-8 are decoded
///   as GB18030 (the superset of GBK/GB2312 used by Chinese Excel and statistics exports); if that
///   fails too the file is rejected.
/// - Lines that are completely empty are skipped (so a trailing newline adds no row).
/// - Errors name the file, line and column: an unterminated quoted field, a quote inside an
///   unquoted field, text after a closing quote, and a row whose field count differs from the header.
public enum CSVReader {
    /// Reads and parses the file at `path`. Throws `.missingInput` if it does not exist or cannot be read.
    public static func read(path: String, allowRaggedRows: Bool = false) throws -> CSVTable {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ChainMatchError.missingInput(path: path, "no such file")
        }
        let data: Data
        do {
            data = try FileContents.read(path)
        } catch {
            throw ChainMatchError.missingInput(path: path, "cannot read: \(error.localizedDescription)")
        }
        return try parse(data, path: path, allowRaggedRows: allowRaggedRows)
    }

    /// Parses CSV bytes; `path` is only used in error messages.
    ///
    /// With `allowRaggedRows` rows may have any number of fields (for wide statistical exports whose
    /// header rows are not the first line); otherwise a row with a different count is an error.
    public static func parse(_ data: Data, path: String, allowRaggedRows: Bool = false) throws -> CSVTable {
        let utf8 = try decodeToUTF8(data, path: path)
        var parser = Parser(path: path)
        try utf8.withUnsafeBufferPointer { try parser.run($0) }
        guard let header = parser.records.first else {
            return CSVTable(path: path, header: [], rows: [], lines: [])
        }
        var seen: [String: Int] = [:]
        for (i, name) in header.enumerated() where !name.isEmpty {   // unnamed columns cannot be asked for by name
            if let first = seen[name] {
                throw ChainMatchError.badData(SourceLocation(file: path, line: parser.recordLines.first ?? 1, column: i + 1, field: name),
                                              "column '\(name)' appears twice in the header (first as column \(first + 1))")
            }
            seen[name] = i
        }
        let rows = Array(parser.records.dropFirst())
        let lines = Array(parser.recordLines.dropFirst())
        if !allowRaggedRows {
            for (i, row) in rows.enumerated() where row.count != header.count {
                let column = min(row.count, header.count) + 1
                let field = row.count < header.count ? header[row.count] : nil
                throw ChainMatchError.badData(
                    SourceLocation(file: path, line: lines[i], column: column, field: field),
                    "row has \(row.count) fields, header has \(header.count)")
            }
        }
        return CSVTable(path: path, header: header, rows: rows, lines: lines)
    }

    /// The Foundation encoding for GB18030-2000 (kCFStringEncodingGB_18030_2000 = 0x0632 mapped
    /// to an NSStringEncoding). Spelled as a raw value because the CoreFoundation conversion
    /// functions are not available on Linux; Foundation on Linux decodes it through ICU.
    public static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// The file's bytes as UTF-8 without a byte-order mark.
    static func decodeToUTF8(_ data: Data, path: String) throws -> [UInt8] {
        var bytes = [UInt8](data)
        var bom = false
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            bytes.removeFirst(3)
            bom = true
        }
        let check = utf8Check(bytes)
        guard let bad = check.firstInvalid else { return bytes }
        // A file that says it is UTF-8 (a byte-order mark), or whose multibyte text is almost all valid
        // UTF-8, is broken UTF-8, not GB18030: decoding it as GB18030 would turn its Chinese into other
        // characters silently. (GB18030 text is invalid UTF-8 at most of its Chinese characters.)
        if bom || check.multibyteSequences >= 4 * check.invalidPlaces {
            var line = 1, lineStart = 0
            for (i, b) in bytes[..<bad].enumerated() where b == 0x0A { line += 1; lineStart = i + 1 }
            let column = bytes[lineStart..<bad].filter { $0 & 0xC0 != 0x80 }.count + 1
            throw ChainMatchError.badData(SourceLocation(file: path, line: line, column: column),
                                          String(format: "not valid UTF-8 (byte 0x%02X); save the file as UTF-8", bytes[bad]))
        }
        if let text = String(data: Data(bytes), encoding: gb18030) {
            return Array(text.utf8)
        }
        throw ChainMatchError.badData(SourceLocation(file: path), "neither valid UTF-8 nor GB18030")
    }

    /// The offset of the first byte that is not valid UTF-8 (nil when all are), how many valid
    /// multibyte sequences the bytes hold and at how many places they are invalid.
    static func utf8Check(_ bytes: [UInt8]) -> (firstInvalid: Int?, multibyteSequences: Int, invalidPlaces: Int) {
        var i = 0, multibyte = 0, invalid = 0
        var first: Int?
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int, minimum: UInt32
            switch b {
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: length = 0; minimum = 0
            }
            var ok = length > 0 && i + length <= n
            if ok {
                var scalar = UInt32(b) & (length == 2 ? 0x1F : (length == 3 ? 0x0F : 0x07))
                for k in 1..<length {
                    let c = bytes[i + k]
                    if c & 0xC0 != 0x80 { ok = false; break }
                    scalar = scalar << 6 | UInt32(c & 0x3F)
                }
                ok = ok && scalar >= minimum && scalar <= 0x10FFFF && !(0xD800...0xDFFF).contains(scalar)
            }
            if ok { multibyte += 1; i += length } else { invalid += 1; first = first ?? i; i += 1 }
        }
        return (first, multibyte, invalid)
    }

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        return bytes.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) != nil }
    }

    /// The one CSV record splitter: RFC 4180 quoting (a line break inside quotes does not end a record),
    /// records ending at LF, CRLF or a lone CR, completely empty lines skipped, physical line numbers.
    /// With `boundariesOnly` it keeps each record's byte range and line, not its fields (the batch's
    /// row reader indexes a large file this way).
    struct Parser {
        let path: String
        var boundariesOnly = false
        var records: [[String]] = []
        var recordLines: [Int] = []
        /// With `boundariesOnly`: each record's first byte and the byte after its line ending.
        var recordStarts: [Int] = []
        var recordEnds: [Int] = []

        init(path: String, boundariesOnly: Bool = false) { self.path = path; self.boundariesOnly = boundariesOnly }

        /// 1-based character column of byte offset `i` on a line that starts at byte `lineStart`.
        func column(_ buf: UnsafeBufferPointer<UInt8>, lineStart: Int, at i: Int) -> Int {
            var n = 1
            var j = lineStart
            while j < i {
                if buf[j] & 0xC0 != 0x80 { n += 1 }
                j += 1
            }
            return n
        }

        /// The quoted field whose opening quote is at `i`, doubled quotes undone; `i` ends after the closing
        /// quote and `line`/`lineStart` follow the line breaks inside it.
        func quotedField(_ buf: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ line: inout Int, _ lineStart: inout Int,
                         _ scratch: inout [UInt8]) throws -> String {
            let quote: UInt8 = 0x22, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
            let n = buf.count
            let openLine = line, openColumn = column(buf, lineStart: lineStart, at: i)
            i += 1
            scratch.removeAll(keepingCapacity: true)
            var closed = false
            var runStart = i
            while i < n {
                let b = buf[i]
                if b == quote {
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<i]))
                    if i + 1 < n && buf[i + 1] == quote {
                        scratch.append(quote)
                        i += 2
                        runStart = i
                        continue
                    }
                    i += 1
                    closed = true
                    break
                }
                if b == lf {
                    line += 1; lineStart = i + 1
                } else if b == cr && !(i + 1 < n && buf[i + 1] == lf) {
                    line += 1; lineStart = i + 1
                }
                i += 1
            }
            guard closed else {
                throw ChainMatchError.badData(
                    SourceLocation(file: path, line: openLine, column: openColumn),
                    "quoted field is not terminated before the end of the file")
            }
            return boundariesOnly ? "" : String(decoding: scratch, as: UTF8.self)
        }

        mutating func run(_ buf: UnsafeBufferPointer<UInt8>) throws {
            let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
            let n = buf.count
            var i = 0
            var line = 1
            var lineStart = 0
            var fields: [String] = []
            var scratch: [UInt8] = []
            while i < n {
                // Start of a record. Skip a completely empty line.
                if buf[i] == lf { i += 1; line += 1; lineStart = i; continue }
                if buf[i] == cr {
                    i += (i + 1 < n && buf[i + 1] == lf) ? 2 : 1
                    line += 1; lineStart = i; continue
                }
                let recordLine = line, recordStart = i
                fields.removeAll(keepingCapacity: true)
                var endOfRecord = false
                while !endOfRecord {
                    // Start of a field.
                    if i < n && buf[i] == quote {
                        fields.append(try quotedField(buf, &i, &line, &lineStart, &scratch))
                        // After a closing quote: comma, end of line or end of file.
                        if i >= n { endOfRecord = true; break }
                        let b = buf[i]
                        if b == comma { i += 1; if i >= n { fields.append(""); endOfRecord = true }; continue }
                        if b == lf { i += 1; line += 1; lineStart = i; endOfRecord = true; continue }
                        if b == cr {
                            i += (i + 1 < n && buf[i + 1] == lf) ? 2 : 1
                            line += 1; lineStart = i; endOfRecord = true; continue
                        }
                        throw ChainMatchError.badData(
                            SourceLocation(file: path, line: line, column: column(buf, lineStart: lineStart, at: i)),
                            "unexpected character after a closing quote (a quote inside a field must be doubled)")
                    } else {
                        let start = i
                        while i < n {
                            let b = buf[i]
                            if b == comma || b == lf || b == cr { break }
                            if b == quote {
                                throw ChainMatchError.badData(
                                    SourceLocation(file: path, line: line, column: column(buf, lineStart: lineStart, at: i)),
                                    "quote inside an unquoted field (quote the whole field and double the quote)")
                            }
                            i += 1
                        }
                        fields.append(boundariesOnly ? "" : String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]), as: UTF8.self))
                        if i >= n { endOfRecord = true; break }
                        let b = buf[i]
                        if b == comma { i += 1; if i >= n { fields.append(""); endOfRecord = true }; continue }
                        if b == lf { i += 1 } else { i += (i + 1 < n && buf[i + 1] == lf) ? 2 : 1 }
                        line += 1; lineStart = i; endOfRecord = true
                    }
                }
                if boundariesOnly { recordStarts.append(recordStart); recordEnds.append(i) } else { records.append(fields) }
                recordLines.append(recordLine)
            }
        }
    }
}
