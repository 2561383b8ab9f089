/// A plain-text table whose columns line up in a terminal, Chinese text included.
///
/// ```swift
/// var t = TextTable(header: ["排名", "企业", "得分"], rightAligned: [0, 2])
/// t.append(["1", "宁德时代新能源科技股份有限公司", "0.8123"])
/// print(t.render())
/// ```
///
/// Widths are measured in terminal cells: CJK ideographs, full-width forms and similar take two
/// cells, combining marks none. Cells longer than `maxWidth` cells are cut with "…".
public struct TextTable: Sendable {
    public var header: [String]
    public var rows: [[String]] = []
    public var rightAligned: Set<Int>
    public var maxWidth: Int

    public init(header: [String], rightAligned: Set<Int> = [], maxWidth: Int = 40) {
        self.header = header
        self.rightAligned = rightAligned
        self.maxWidth = maxWidth
    }

    public mutating func append(_ row: [String]) { rows.append(row) }

    /// Terminal cells taken by one character.
    public static func cellWidth(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 || (0x0300...0x036F).contains(v) || (0x200B...0x200F).contains(v) || v == 0xFE0F { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }

    /// Terminal cells taken by a string.
    public static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + cellWidth($1) }
    }

    /// `text` cut to at most `width` cells, ending in "…" when cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard displayWidth(text) > width else { return text }
        var out = "", used = 0
        for ch in text {
            let w = ch.unicodeScalars.reduce(0) { $0 + cellWidth($1) }
            if used + w > width - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
    }

    public func render() -> String {
        let all = [header] + rows
        let columns = all.map(\.count).max() ?? 0
        let cells = all.map { row in (0..<columns).map { $0 < row.count ? Self.truncate(row[$0], to: maxWidth) : "" } }
        let widths = (0..<columns).map { c in cells.map { Self.displayWidth($0[c]) }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - Self.displayWidth(cell))
                return rightAligned.contains(c) ? pad + cell : cell + pad
            }.joined(separator: "  ").droppingTrailingSpace()
        }
        var lines = [line(cells[0]), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        lines += cells.dropFirst().map(line)
        return lines.joined(separator: "\n") + "\n"
    }
}

import Foundation

extension String {
    /// The text without its trailing white space, as the pattern `\s+$` removes it (the Unicode White_Space
    /// scalars: space, tab, line breaks, NEL, the separators), without a regular expression per line.
    func droppingTrailingSpace() -> String {
        var scalars = Substring(self).unicodeScalars
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(Substring(scalars))
    }
}
