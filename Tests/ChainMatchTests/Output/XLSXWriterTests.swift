import Foundation
import Testing
@testable import ChainMatch

@Suite struct XLSXWriterTests {
    /// Text that spreadsheets, XML or the OOXML string escapes would change if written carelessly.
    static let awkward: [String] = [
        "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(1,2)", "<b>&amp;</b> 'q' \"dq\"", "  padded  ",
        "two\nlines", "carriage\r\nreturn", "tab\there", "_x0041_ stays", "bell\u{07}gone\u{0B}\u{FFFE}", "宁德时代 🔋",
    ]

    static func sample() -> Workbook {
        var list = Workbook.Sheet(name: "名单", columns: [.init("rank"), .init("name"), .init("score"), .init("note")])
        list.rows = [
            [.number(1), .text("宁德时代"), .number(77.752396), .empty],
            [.number(2), .text("abc"), .number(-0.5), .text("x")],
            [.number(3)],   // shorter than the columns
            [.empty, .text(""), .number(1e-7), .number(123_456_789_012)],
        ]
        let awkward = Workbook.Sheet(name: "理由", columns: [.init("text")], rows: awkward.map { [.text($0)] })
        return Workbook(sheets: [list, awkward])
    }

    @Test func packageHasTheOfficeParts() throws {
        let book = try XLSXReader(try XLSXWriter.data(Self.sample()))
        #expect(book.zip.entries.map(\.name) == [
            "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
            "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
        ])
        #expect(book.sheets.map(\.name) == ["名单", "理由"])
        #expect(book.sheets.map(\.part) == ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"])
        let styles = String(decoding: try book.zip.entry("xl/styles.xml"), as: UTF8.self)
        #expect(styles.contains("<font><b/>") && styles.contains("cellXfs count=\"5\"") && styles.contains("quotePrefix=\"1\""))
    }

    @Test func cellsHaveTheirTypesAndPlaces() throws {
        let sheet = try XLSXReader(try XLSXWriter.data(Self.sample())).sheet("名单")
        typealias C = XLSXReader.Cell
        let header = ["rank", "name", "score", "note"].map { C(type: "inlineStr", style: "1", text: $0) }
        #expect(sheet.cells[0] == header)
        #expect(sheet.cells[1] == [C(type: nil, style: nil, text: "1"), C(type: "inlineStr", style: nil, text: "宁德时代"), C(type: nil, style: nil, text: "77.752396")])
        #expect(sheet.cells[2] == [C(type: nil, style: nil, text: "2"), C(type: "inlineStr", style: nil, text: "abc"),
                                   C(type: nil, style: nil, text: "-0.5"), C(type: "inlineStr", style: nil, text: "x")])
        #expect(sheet.cells[3] == [C(type: nil, style: nil, text: "1").with(text: "3")])
        #expect(sheet.cells[4] == [nil, C(type: "inlineStr", style: nil, text: ""), C(type: nil, style: nil, text: "1e-07"),
                                   C(type: nil, style: nil, text: "123456789012")])
        #expect(sheet.dimension == "A1:D5")
        #expect(sheet.pane == ["ySplit": "1", "topLeftCell": "A2", "activePane": "bottomLeft", "state": "frozen"])
    }

    @Test func textStaysTextAndSurvivesEscaping() throws {
        let sheet = try XLSXReader(try XLSXWriter.data(Self.sample())).sheet("理由")
        for (i, original) in Self.awkward.enumerated() {
            let cell = try #require(sheet.cells[i + 1].first ?? nil, "row \(i + 2)")
            #expect(cell.type == "inlineStr", "\(original)")
            let expected = original == "_x0041_ stays" ? "_x005F_x0041_ stays" : XLSXWriter.xmlSafe(original)
            #expect(cell.text == expected, "\(original)")
            #expect((cell.style == "2") == ["=", "+", "-", "@"].contains(original.first), "\(original): quote prefix")
        }
        #expect(XLSXWriter.xmlSafe("bell\u{07}gone\u{0B}\u{FFFE}") == "bellgone")
        let xml = String(decoding: try XLSXReader(try XLSXWriter.data(Self.sample())).zip.entry("xl/worksheets/sheet2.xml"), as: UTF8.self)
        #expect(!xml.contains("<f>") && !xml.contains("t=\"str\""), "no formula cells")
        #expect(xml.contains("carriage&#13;\nreturn"))
    }

    @Test func numbersAreWrittenShortestAndExact() {
        #expect(XLSXWriter.numberText(1) == "1")
        #expect(XLSXWriter.numberText(-0.0) == "0")
        #expect(XLSXWriter.numberText(0.1) == "0.1")
        #expect(XLSXWriter.numberText(77.752396) == "77.752396")
        #expect(XLSXWriter.numberText(1e-7) == "1e-07")
        #expect(XLSXWriter.numberText(1e20) == "1e+20")
        for v in [0.1, 1.0 / 3, 2.5e-300, 123_456.789, -9_007_199_254_740_993.0] {
            #expect(Double(XLSXWriter.numberText(v)) == v, "\(v)")
        }
        #expect(Workbook.Cell.decimal("12.500000") == .number(12.5))
        #expect(Workbook.Cell.decimal("") == .empty)
        #expect(Workbook.Cell.decimal("600519.SH") == .text("600519.SH"))
        #expect(Workbook.Cell.decimal("nan") == .text("nan"))
    }

    @Test func columnLetters() {
        let names = [0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA", 16_383: "XFD"]
        for (index, name) in names {
            #expect(WorksheetXML.columnName(index) == name)
            #expect(XLSXReader.position("\(name)1")! == (0, index))
        }
    }

    @Test func widthsAreMeasuredWithCJKCountingDouble() throws {
        var sheet = Workbook.Sheet(name: "w", columns: [.init("a"), .init("b"), .init("c", width: 30), .init("d")])
        sheet.rows = [[.text("abcdefghij"), .text("宁德时代宁德时代"), .text("x"), .text(String(repeating: "长", count: 100))],
                      [.text("ab"), .text("first line\n宁德"), .empty, .number(1)]]
        #expect(sheet.widths() == [12, 18, 30, 60])   // 10 + 2; 8 CJK × 2 + 2; given; capped
        let read = try XLSXReader(try XLSXWriter.data(Workbook(sheets: [sheet]))).sheets[0]
        #expect(read.widths == [12, 18, 30, 60])
        #expect(Workbook.Sheet(name: "n", columns: [.init("名次")]).widths() == [8])   // header 4 + 2 (bold) + 2
    }

    @Test func sheetNamesAreMadeSafe() throws {
        let names = ["a[b]:c*?/\\d", String(repeating: "链", count: 40), "", "名单", "名单", "'quoted'", "History", "NAMES", "names",
                     String(repeating: "x", count: 30) + "'y", "tab\tand\nline"]
        let book = Workbook(sheets: names.map { Workbook.Sheet(name: $0, columns: []) })
        let safe = book.safeSheetNames()
        #expect(safe == ["a_b__c____d", String(repeating: "链", count: 31), "Sheet3", "名单", "名单 (2)", "quoted", "Sheet7", "NAMES", "names (2)",
                         String(repeating: "x", count: 30), "tab and line"])
        for name in safe { #expect(name.utf16.count <= 31 && !name.contains { Workbook.forbiddenInSheetNames.contains($0) }) }
        let read = try XLSXReader(try XLSXWriter.data(book))
        #expect(read.sheets.map(\.name) == safe)
    }

    /// A percent column's numbers carry cell format 4, whose number format is `0.0%`; its header and text do not.
    @Test func percentColumnsShowPercentages() throws {
        let sheet = Workbook.Sheet(name: "率", columns: [.init("name"), .init("rate", format: .percent)],
                                   rows: [[.text("a"), .number(0.875)], [.text("b"), .text("—")], [.text("c"), .empty], [.number(0.5), .number(1)]])
        let book = try XLSXReader(try XLSXWriter.data(Workbook(sheets: [sheet])))
        let cells = book.sheets[0].cells
        typealias C = XLSXReader.Cell
        #expect(cells[0][1] == C(type: "inlineStr", style: "1", text: "rate"))
        #expect(cells[1][1] == C(type: nil, style: "4", text: "0.875"))
        #expect(cells[2][1] == C(type: "inlineStr", style: nil, text: "—"))
        #expect(cells[3].count == 1)
        #expect(cells[4] == [C(type: nil, style: nil, text: "0.5"), C(type: nil, style: "4", text: "1")])
        let styles = try XLSXReader.parse(try book.zip.entry("xl/styles.xml"), part: "styles").elements
        let formats = Dictionary(uniqueKeysWithValues: styles.filter { $0.0 == "numFmt" }.map { ($0.1["numFmtId"]!, $0.1["formatCode"]!) })
        // Cell formats are the <xf> elements after <cellXfs>, counted from 0.
        let start = try #require(styles.firstIndex { $0.0 == "cellXfs" })
        let cellFormats = styles[(start + 1)...].prefix { $0.0 == "xf" }
        #expect(cellFormats.count == 5)
        let percent = cellFormats[cellFormats.startIndex + 4].1
        #expect(formats[percent["numFmtId"] ?? ""] == "0.0%" && percent["applyNumberFormat"] == "1" && percent["fontId"] == "0")
    }

    @Test func sameWorkbookSameBytes() throws {
        #expect(try XLSXWriter.data(Self.sample()) == XLSXWriter.data(Self.sample()))
    }

    @Test func refusesWhatExcelCannotOpen() {
        #expect(throws: ChainMatchError.self) { try XLSXWriter.data(Workbook(sheets: [])) }
        let wide = Workbook.Sheet(name: "x", columns: [.init("a")], rows: [[.number(1), .number(2)]])
        #expect(throws: ChainMatchError.self) { try XLSXWriter.data(Workbook(sheets: [wide])) }
        let long = String(repeating: "字", count: 40_000)
        let cut = Workbook.Sheet(name: "x", columns: [.init("a")], rows: [[.text(long)]])
        #expect(WorksheetXML.text(long, ref: "A2", header: false).contains(String(repeating: "字", count: XLSXWriter.maxCellCharacters) + "</t>"))
        #expect(throws: Never.self) { try XLSXWriter.data(Workbook(sheets: [cut])) }
    }
}

extension XLSXReader.Cell {
    func with(text: String) -> Self { var c = self; c.text = text; return c }
}
