import Foundation

/// A spreadsheet as plain values: named sheets, each a header row over rows of numbers, text or nothing.
///
/// ```swift
/// var sheet = Workbook.Sheet(name: "名单", columns: [.init("rank"), .init("name"), .init("score")])
/// sheet.rows.append([.number(1), .text("宁德时代"), .number(12.5)])
/// sheet.rows.append([.number(2), .text("=not a formula"), .empty])
/// let xlsx = try XLSXWriter.data(Workbook(sheets: [sheet]))
/// ```
///
/// `XLSXWriter` writes it as an Office Open XML workbook (.xlsx) that Excel, WPS and LibreOffice
/// open: the header row bold and frozen, numbers as numbers, text always as text (never a formula).
/// A column's width is in characters; left nil it is measured from the column's content, CJK
/// characters counting double. A column may show its numbers as percentages (`NumberFormat.percent`).
public struct Workbook: Sendable, Equatable {
    /// One cell's value.
    public enum Cell: Sendable, Equatable {
        case number(Double)
        case text(String)
        case empty

        /// A number from a decimal string such as `"12.500000"`; an empty string is an empty cell, and
        /// anything that is not a plain finite decimal stays text.
        public static func decimal(_ s: String) -> Cell {
            if s.isEmpty { return .empty }
            guard CSVWriter.isPlainNumber(s), let v = Double(s), v.isFinite else { return .text(s) }
            return .number(v)
        }
    }

    /// How a column shows its numbers; the value written is the same either way.
    public enum NumberFormat: Sendable, Equatable {
        /// As written: 0.875.
        case general
        /// A fraction as a percentage with one decimal (`0.0%`): 0.875 shows 87.5%.
        case percent
    }

    /// A column: its header text, optionally its width in characters, and how it shows numbers.
    public struct Column: Sendable, Equatable {
        public var header: String
        public var width: Double?
        public var format: NumberFormat

        public init(_ header: String, width: Double? = nil, format: NumberFormat = .general) {
            self.header = header
            self.width = width
            self.format = format
        }
    }

    /// A sheet: a name (made safe for Excel when written), columns, and rows under the header row.
    public struct Sheet: Sendable, Equatable {
        public var name: String
        public var columns: [Column]
        /// Rows of cells; a row may be shorter than the columns (the rest is empty) but not longer.
        public var rows: [[Cell]]

        public init(name: String, columns: [Column], rows: [[Cell]] = []) {
            self.name = name
            self.columns = columns
            self.rows = rows
        }

        /// The width of each column in characters: the given one, or measured from the header and
        /// cells (the longest line, CJK counting double, plus a margin), between 6 and 60.
        public func widths() -> [Double] {
            columns.enumerated().map { c, column in
                if let w = column.width { return w }
                var longest = Self.displayWidth(column.header) + 2   // the header is bold
                for row in rows where c < row.count { longest = max(longest, Self.displayWidth(row[c])) }
                return Double(min(60, max(6, longest + 2)))
            }
        }

        static func displayWidth(_ cell: Cell) -> Int {
            switch cell {
            case .empty: return 0
            case .number(let v): return XLSXWriter.numberText(v).count
            case .text(let s): return displayWidth(s)
            }
        }

        static func displayWidth(_ text: String) -> Int {
            text.split(separator: "\n", omittingEmptySubsequences: false).map { TextTable.displayWidth(String($0)) }.max() ?? 0
        }
    }

    public var sheets: [Sheet]

    public init(sheets: [Sheet]) { self.sheets = sheets }

    /// Characters Excel forbids in sheet names.
    static let forbiddenInSheetNames: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]

    /// The sheets' names as Excel accepts them: forbidden characters `[]:*?/\` replaced by `_`, no
    /// apostrophe at either end, at most 31 characters, never empty, unique regardless of case.
    public func safeSheetNames() -> [String] {
        var taken = Set<String>()
        return sheets.enumerated().map { i, sheet in
            let mapped = XLSXWriter.xmlSafe(sheet.name).map { ch -> Character in
                Self.forbiddenInSheetNames.contains(ch) ? "_" : ch.isNewline || ch == "\t" ? " " : ch
            }
            var name = Self.trimmed(String(mapped))
            if name.isEmpty || name.lowercased() == "history" { name = "Sheet\(i + 1)" }
            var candidate = Self.trimmed(Self.cut(name, to: 31))
            var n = 2
            while taken.contains(candidate.lowercased()) {
                let suffix = " (\(n))"
                candidate = Self.trimmed(Self.cut(name, to: 31 - suffix.count)) + suffix
                n += 1
            }
            taken.insert(candidate.lowercased())
            return candidate
        }
    }

    static func trimmed(_ s: String) -> String { s.trimmingCharacters(in: CharacterSet(charactersIn: "' ")) }

    /// `s` cut to at most `limit` UTF-16 code units (Excel's count), never inside a character.
    static func cut(_ s: String, to limit: Int) -> String {
        var out = "", used = 0
        for ch in s {
            let units = ch.utf16.count
            if used + units > limit { break }
            out.append(ch)
            used += units
        }
        return out
    }
}
