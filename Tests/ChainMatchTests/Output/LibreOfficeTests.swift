import Foundation
import Testing
@testable import ChainMatch

/// Opens our workbooks in LibreOffice (headless, when installed) and reads back what it sees.
@Suite struct LibreOfficeTests {
    static let office = ExternalTool.find("soffice") ?? ExternalTool.find("libreoffice")

    /// Every sheet of `workbook` as LibreOffice exports it to CSV (UTF-8, comma, double quote), by sheet name:
    /// the values, or with `asShown` the cells as formatted on screen.
    static func convert(_ workbook: Workbook, in dir: URL, asShown: Bool = false) throws -> [String: [[String]]] {
        let path = dir.appendingPathComponent("book.xlsx").path
        try AtomicFile.write(try XLSXWriter.data(workbook), to: path)
        let out = dir.appendingPathComponent("csv")
        // Its own profile, so that it neither waits for nor disturbs another LibreOffice; the 9th filter
        // token saves cells as shown, the 12th, -1, writes every sheet to book-<sheet>.csv.
        let r = try office!.run(["-env:UserInstallation=file://\(dir.path)/profile", "--headless", "--convert-to",
                                 "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,\(asShown),false,false,-1",
                                 "--outdir", out.path, path])
        #expect(r.status == 0, "\(r.output)")
        var sheets: [String: [[String]]] = [:]
        for name in workbook.safeSheetNames() {
            let file = out.appendingPathComponent("book-\(name).csv").path
            let table = try CSVReader.parse(try Data(contentsOf: URL(fileURLWithPath: file)), path: file)
            sheets[name] = [table.header] + table.rows
        }
        return sheets
    }

    @Test(.enabled(if: office != nil, "skipped: LibreOffice (soffice) is not installed"))
    func libreOfficeSeesTheListCellByCell() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let engine = try BundledEngine.get()
        let campaign = try engine.campaign(named: "qh-golmud-salt-lake-lithium")
        var list = try engine.rank([campaign])[0]
        list.results[0].enterprise.name = "=1+1"
        let book = RankingWorkbook.workbook(list, chainMap: try engine.chainMap(campaign: campaign))
        let seen = try Self.convert(book, in: dir)
        let csv = try RankingWorkbookTests.csvCells(list)
        let shown = try #require(seen["名单"])
        #expect(shown.count == csv.count)
        for (r, (a, b)) in zip(shown, csv).enumerated() {
            #expect(a.count == b.count, "row \(r + 1)")
            for (c, (x, y)) in zip(a, b).enumerated() {
                let numeric = r > 0 && RankingWorkbookTests.numericColumns.contains(csv[0][c])
                // Numbers are compared as numbers: LibreOffice shows 0.500000 as 0.5.
                #expect(numeric ? Double(x) == Double(y) : x == y, "\(WorksheetXML.columnName(c))\(r + 1) (\(csv[0][c])): \(x) vs \(y)")
            }
        }
        #expect(shown[1][2] == "=1+1", "a formula-like name is text, not 2")
        let reasons = try #require(seen["理由"])
        #expect(reasons.count == 1 + list.results.map(\.reasons.count).reduce(0, +))
        #expect(seen["产业链图谱"]?.count == 1 + (try engine.chainMap(campaign: campaign)).nodes.count)
    }

    @Test(.enabled(if: office != nil, "skipped: LibreOffice (soffice) is not installed"))
    func libreOfficeKeepsAwkwardText() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let seen = try Self.convert(XLSXWriterTests.sample(), in: dir)
        let text = try #require(seen["理由"])
        #expect(text.count == XLSXWriterTests.awkward.count + 1)
        for (row, original) in zip(text.dropFirst(), XLSXWriterTests.awkward) {
            // LibreOffice writes line breaks inside a cell as LF, whatever they were.
            let expected = XLSXWriter.xmlSafe(original).replacingOccurrences(of: "\r\n", with: "\n")
            #expect(row == [expected], "\(original)")
        }
        let list = try #require(seen["名单"])
        #expect(list[1] == ["1", "宁德时代", "77.752396", ""])
        #expect(list[4][2...] == ["1E-07", "123456789012"] || list[4][2...] == ["0.0000001", "123456789012"], "\(list[4])")
    }
}
