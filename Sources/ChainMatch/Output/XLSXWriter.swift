import Foundation

/// Writes a `Workbook` as an Office Open XML spreadsheet (.xlsx) for Excel, WPS and LibreOffice.
///
/// ```swift
/// let sheet = Workbook.Sheet(name: "名单", columns: [.init("name"), .init("score")],
///                            rows: [[.text("宁德时代"), .number(12.5)]])
/// try AtomicFile.write(XLSXWriter.data(Workbook(sheets: [sheet])), to: "out/list.xlsx")
/// ```
///
/// The package is a zip of stored entries (`ZipArchive`): `[Content_Types].xml`, `_rels/.rels`,
/// `xl/workbook.xml`, `xl/_rels/workbook.xml.rels`, `xl/styles.xml` and `xl/worksheets/sheetN.xml`
/// (ECMA-376 Part 1, SpreadsheetML). In each sheet the header row is bold and frozen, columns have
/// their widths, numbers are `<v>` numbers, and text is an inline string (`t="inlineStr"`), so it is
/// never read as a formula; text that starts with = + - @ also gets the quote-prefix style, so it
/// stays text when someone edits the cell. Numbers in a percent column show as 87.5%. Characters XML cannot carry are dropped, text is cut to
/// Excel's 32,767 characters a cell, and sheet names are made safe (`Workbook.safeSheetNames`).
/// No timestamps are written: the same workbook always gives the same bytes.
public enum XLSXWriter {
    /// Excel's limits: rows and columns of a sheet, characters of a cell.
    static let maxRows = 1_048_576
    static let maxColumns = 16_384
    static let maxCellCharacters = 32_767

    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    /// The .xlsx bytes of `workbook`; throws when it has no sheet or breaks Excel's size limits.
    public static func data(_ workbook: Workbook) throws -> Data {
        guard !workbook.sheets.isEmpty else { throw ChainMatchError.internalFailure("a workbook needs at least one sheet") }
        for sheet in workbook.sheets {
            guard sheet.rows.count + 1 <= maxRows, sheet.columns.count <= maxColumns else {
                throw ChainMatchError.internalFailure("sheet '\(sheet.name)' has \(sheet.rows.count) rows and \(sheet.columns.count) columns; Excel takes at most \(maxRows - 1) rows under the header and \(maxColumns) columns")
            }
            if let long = sheet.rows.firstIndex(where: { $0.count > sheet.columns.count }) {
                throw ChainMatchError.internalFailure("sheet '\(sheet.name)' row \(long + 1) has \(sheet.rows[long].count) cells for \(sheet.columns.count) columns")
            }
        }
        let names = workbook.safeSheetNames()
        var zip = ZipArchive()
        try zip.add("[Content_Types].xml", Data(contentTypes(sheets: names.count).utf8))
        try zip.add("_rels/.rels", Data(packageRelationships.utf8))
        try zip.add("xl/workbook.xml", Data(workbookXML(names: names).utf8))
        try zip.add("xl/_rels/workbook.xml.rels", Data(workbookRelationships(sheets: names.count).utf8))
        try zip.add("xl/styles.xml", Data(styles.utf8))
        for (i, sheet) in workbook.sheets.enumerated() {
            try zip.add("xl/worksheets/sheet\(i + 1).xml", Data(WorksheetXML.xml(sheet, selected: i == 0).utf8))
        }
        return try zip.finish()
    }

    static func contentTypes(sheets: Int) -> String {
        let type = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        var x = declaration + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        x += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        x += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        x += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(type).sheet.main+xml\"/>"
        for i in 1...sheets {
            x += "<Override PartName=\"/xl/worksheets/sheet\(i).xml\" ContentType=\"\(type).worksheet+xml\"/>"
        }
        x += "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(type).styles+xml\"/>"
        return x + "</Types>"
    }

    static let packageRelationships = declaration
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relationshipNamespace)/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "</Relationships>"

    static func workbookXML(names: [String]) -> String {
        var x = declaration + "<workbook xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipNamespace)\">"
        x += "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        for (i, name) in names.enumerated() {
            x += "<sheet name=\"\(escape(name, attribute: true))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
        }
        return x + "</sheets></workbook>"
    }

    /// Sheets are rId1…rIdN, the styles rIdN+1.
    static func workbookRelationships(sheets: Int) -> String {
        var x = declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for i in 1...sheets {
            x += "<Relationship Id=\"rId\(i)\" Type=\"\(relationshipNamespace)/worksheet\" Target=\"worksheets/sheet\(i).xml\"/>"
        }
        x += "<Relationship Id=\"rId\(sheets + 1)\" Type=\"\(relationshipNamespace)/styles\" Target=\"styles.xml\"/>"
        return x + "</Relationships>"
    }

    /// Cell formats: 0 plain, 1 bold (header), 2 plain with quote prefix, 3 bold with quote prefix,
    /// 4 a number shown as a percentage with one decimal (custom number format 164, `0.0%`).
    static let styles = declaration + "<styleSheet xmlns=\"\(mainNamespace)\">"
        + "<numFmts count=\"1\"><numFmt numFmtId=\"\(percentFormatID)\" formatCode=\"0.0%\"/></numFmts>"
        + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"5\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" quotePrefix=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" quotePrefix=\"1\"/>"
        + "<xf numFmtId=\"\(percentFormatID)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "</styleSheet>"

    /// The first id of custom number formats (0–163 are built in), and the cell format using it.
    static let percentFormatID = 164
    static let percentStyle = 4

    // MARK: Values

    /// A number as SpreadsheetML writes it: integers without a fraction, others in the shortest
    /// form that reads back as the same double (`0.125`, `1e-07`).
    static func numberText(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// `text` without the characters XML 1.0 cannot carry (controls other than tab, LF and CR, and
    /// U+FFFE, U+FFFF).
    static func xmlSafe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !isXMLCharacter($0) }) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter(isXMLCharacter))
        return String(scalars)
    }

    static func isXMLCharacter(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// `text` escaped for element content (or an attribute): & < > (and quotes) become entities, CR
    /// a character reference so parsers keep it, and a literal `_xHHHH_` gets its underscore
    /// escaped as `_x005F_` so Excel does not decode it.
    static func escape(_ text: String, attribute: Bool = false) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for (i, s) in scalars.enumerated() {
            switch s {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "'" where attribute: out += "&apos;"
            case "\r": out += "&#13;"
            case "\n" where attribute: out += "&#10;"
            case "\t" where attribute: out += "&#9;"
            case "_" where !attribute && isEscapeSequence(scalars, at: i): out += "_x005F_"
            default: out.unicodeScalars.append(s)
            }
        }
        return out
    }

    /// True when `_xHHHH_` (four hex digits) starts at `i`.
    static func isEscapeSequence(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        guard i + 6 < s.count, s[i + 1] == "x", s[i + 6] == "_" else { return false }
        return s[(i + 2)...(i + 5)].allSatisfy { $0.properties.isASCIIHexDigit }
    }
}
