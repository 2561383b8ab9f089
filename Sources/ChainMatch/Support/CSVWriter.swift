import Foundation

/// Encodes rows as RFC 4180 CSV for Excel and for programs.
///
/// ```swift
/// let data = CSVWriter.encode(header: ["name", "score"], rows: [["宁德时代", "-3.5"], ["=1+1", "2"]])
/// try AtomicFile.write(data, to: "out/top.csv")
/// // ﻿name,score\n宁德时代,-3.5\n'=1+1,2\n
/// ```
///
/// - Encoding: UTF-8, by default with a byte-order mark so that Excel opens Chinese text correctly.
///   `CSVReader` strips the mark.
/// - Line ending: LF after every record, including the last. Excel, LibreOffice, pandas and
///   `CSVReader` all accept LF, and it keeps files diffable in version control.
/// - Quoting: a field is quoted when it contains a comma, a quote, CR or LF, or starts or ends with a
///   space; quotes inside are doubled. Other fields are written as they are.
/// - Formula neutralisation (on by default): a cell whose first character is `=`, `+`, `-`, `@`,
///   tab or CR would be run as a formula by spreadsheet programs, so it gets a leading apostrophe
///   (`'=1+1`). A cell that is a plain decimal number — optional sign, digits, optional fraction,
///   optional exponent, such as `-3.5`, `+2` or `-1.2e-3` — is a number, not a formula, and is left intact.
public enum CSVWriter {
    public static func encode(header: [String], rows: [[String]], byteOrderMark: Bool = true,
                              neutralizeFormulas: Bool = true) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(64 * (rows.count + 1))
        if byteOrderMark { out.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        func appendRecord(_ fields: [String]) {
            for (i, field) in fields.enumerated() {
                if i > 0 { out.append(0x2C) }
                var value = field
                if neutralizeFormulas && needsNeutralizing(value) { value = "'" + value }
                appendField(value, to: &out)
            }
            out.append(0x0A)
        }
        appendRecord(header)
        for row in rows { appendRecord(row) }
        return Data(out)
    }

    /// True when a spreadsheet would read `cell` as a formula: it starts with = + - @ tab or CR and
    /// is not a plain decimal number.
    public static func needsNeutralizing(_ cell: String) -> Bool {
        guard let first = cell.utf8.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D: return true
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return !isPlainNumber(cell)
        default: return false
        }
    }

    /// `[+-]?digits(.digits)?([eE][+-]?digits)?` or `[+-]?.digits…`, nothing else.
    public static func isPlainNumber(_ s: String) -> Bool {
        let b = Array(s.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < b.count && b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            return i - start
        }
        if i < b.count && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) { i += 1 }
        var mantissa = digits()
        if i < b.count && b[i] == UInt8(ascii: ".") { i += 1; mantissa += digits() }
        guard mantissa > 0 else { return false }
        if i < b.count && (b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")) {
            i += 1
            if i < b.count && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == b.count
    }

    private static func appendField(_ field: String, to out: inout [UInt8]) {
        let bytes = field.utf8
        var quote = false
        for b in bytes where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D { quote = true; break }
        if let f = bytes.first, f == 0x20 { quote = true }
        if let l = bytes.last, l == 0x20 { quote = true }
        guard quote else { out.append(contentsOf: bytes); return }
        out.append(0x22)
        for b in bytes {
            if b == 0x22 { out.append(0x22) }
            out.append(b)
        }
        out.append(0x22)
    }
}
