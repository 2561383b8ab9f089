import Foundation

/// The XML of one worksheet (`xl/worksheets/sheetN.xml`) of an .xlsx, written by `XLSXWriter`.
///
/// ```swift
/// let sheet = Workbook.Sheet(name: "名单", columns: [.init("rank")], rows: [[.number(1)]])
/// let xml = WorksheetXML.xml(sheet, selected: true)   // <worksheet …><dimension ref="A1:A2"/>…
/// ```
///
/// The header row is row 1 in bold and frozen (`<pane ySplit="1" topLeftCell="A2" state="frozen"/>`);
/// every cell carries its reference (`r="B7"`); empty cells are left out; numbers in a percent column
/// carry the percentage style.
enum WorksheetXML {
    static func xml(_ sheet: Workbook.Sheet, selected: Bool) -> String {
        let lastColumn = max(1, sheet.columns.count)
        let lastRow = sheet.rows.count + 1
        var x = XLSXWriter.declaration
        x += "<worksheet xmlns=\"\(XLSXWriter.mainNamespace)\" xmlns:r=\"\(XLSXWriter.relationshipNamespace)\">"
        x += "<dimension ref=\"A1:\(columnName(lastColumn - 1))\(lastRow)\"/>"
        x += "<sheetViews><sheetView \(selected ? "tabSelected=\"1\" " : "")workbookViewId=\"0\">"
        x += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        x += "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
        x += "<sheetFormatPr defaultRowHeight=\"15\"/>"
        if !sheet.columns.isEmpty {
            x += "<cols>"
            for (i, width) in sheet.widths().enumerated() {
                x += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(XLSXWriter.numberText(width))\" customWidth=\"1\"/>"
            }
            x += "</cols>"
        }
        x += "<sheetData>"
        x += row(1, sheet.columns.map { Workbook.Cell.text($0.header) }, header: true)
        let percent = sheet.columns.map { $0.format == .percent }
        for (i, cells) in sheet.rows.enumerated() { x += row(i + 2, cells, header: false, percent: percent) }
        return x + "</sheetData></worksheet>"
    }

    /// Row `number`; a number in a column marked in `percent` gets the percentage style.
    static func row(_ number: Int, _ cells: [Workbook.Cell], header: Bool, percent: [Bool] = []) -> String {
        var x = "<row r=\"\(number)\">"
        for (c, cell) in cells.enumerated() {
            let ref = "\(columnName(c))\(number)"
            switch cell {
            case .empty:
                continue
            case .number(let v) where v.isFinite:
                let style = header ? " s=\"1\"" : c < percent.count && percent[c] ? " s=\"\(XLSXWriter.percentStyle)\"" : ""
                x += "<c r=\"\(ref)\"\(style)><v>\(XLSXWriter.numberText(v))</v></c>"
            case .number(let v):
                x += text(String(describing: v), ref: ref, header: header)
            case .text(let s):
                x += text(s, ref: ref, header: header)
            }
        }
        return x + "</row>"
    }

    /// An inline-string cell; style 1 when a header, plus 2 (quote prefix) when it starts like a formula.
    static func text(_ raw: String, ref: String, header: Bool) -> String {
        let s = Workbook.cut(XLSXWriter.xmlSafe(raw), to: XLSXWriter.maxCellCharacters)
        let style = (header ? 1 : 0) + (startsLikeFormula(s) ? 2 : 0)
        let preserve = s.hasPrefix(" ") || s.hasSuffix(" ") || s.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0 == "\t" }
        return "<c r=\"\(ref)\"\(style == 0 ? "" : " s=\"\(style)\"") t=\"inlineStr\"><is><t\(preserve ? " xml:space=\"preserve\"" : "")>\(XLSXWriter.escape(s))</t></is></c>"
    }

    /// Text a spreadsheet would take for a formula if typed: it starts with = + - @, tab or CR.
    static func startsLikeFormula(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first else { return false }
        return ["=", "+", "-", "@", "\t", "\r"].contains(first)
    }

    /// The letters of a zero-based column index: 0 → A, 25 → Z, 26 → AA, 16383 → XFD.
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var letters: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + r))))
            n = (n - 1) / 26
        }
        return String(letters.reversed())
    }
}
