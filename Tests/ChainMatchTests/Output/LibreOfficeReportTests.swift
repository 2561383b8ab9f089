import Foundation
import Testing
@testable import ChainMatch

/// The coordination and pipeline-report workbooks opened in LibreOffice (headless, when installed): every
/// cell it shows is the cell written, and rates show as percentages.
@Suite struct LibreOfficeReportTests {
    /// Each sheet LibreOffice exported against the workbook: the header, text as text, numbers as the same
    /// number (a percent column's as a percentage: with every digit, or as shown with one decimal), nothing
    /// where nothing was written.
    static func expectSeen(_ seen: [String: [[String]]], _ book: Workbook, asShown: Bool = false) {
        #expect(seen.count == book.sheets.count)
        for (sheet, name) in zip(book.sheets, book.safeSheetNames()) {
            guard let rows = seen[name] else { Issue.record("LibreOffice shows no sheet \(name)"); continue }
            #expect(rows.count == sheet.rows.count + 1, "\(name): rows")
            #expect(rows.first == sheet.columns.map(\.header), "\(name): header")
            for (r, (shown, cells)) in zip(rows.dropFirst(), sheet.rows).enumerated() {
                #expect(shown.count == sheet.columns.count, "\(name) row \(r + 2)")
                for (c, column) in sheet.columns.enumerated() {
                    let x = c < shown.count ? shown[c] : ""
                    let at = "\(name) \(WorksheetXML.columnName(c))\(r + 2) (\(column.header)): \(x)"
                    switch c < cells.count ? cells[c] : .empty {
                    case .empty:
                        #expect(x == "", "\(at)")
                    case .text(let s):
                        // LibreOffice writes line breaks inside a cell as LF, whatever they were.
                        #expect(x == XLSXWriter.xmlSafe(s).replacingOccurrences(of: "\r\n", with: "\n"), "\(at) vs \(s)")
                    case .number(let v) where asShown && column.format == .percent:
                        let percent = x.hasSuffix("%") ? Double(x.dropLast()) : nil
                        #expect(percent.map { abs($0 - v * 100) <= 0.05 + 1e-9 && x.split(separator: ".").last?.count == 2 } == true, "\(at) vs \(v)")
                    case .number(let v) where column.format == .percent:
                        // Unformatted, LibreOffice still writes a percentage cell as a percentage, with every digit.
                        let percent = x.hasSuffix("%") ? Double(x.dropLast()) : nil
                        #expect(percent.map { abs($0 / 100 - v) <= 1e-12 } == true, "\(at) vs \(v)")
                    case .number(let v) where asShown:
                        #expect(Double(x).map { abs($0 - v) <= 1e-9 * max(1, abs(v)) } == true, "\(at) vs \(v)")
                    case .number(let v):
                        #expect(Double(x) == v, "\(at) vs \(v)")
                    }
                }
            }
        }
    }

    @Test(.enabled(if: LibreOfficeTests.office != nil, "skipped: LibreOffice (soffice) is not installed"))
    func libreOfficeSeesTheCoordinationWorkbookCellByCell() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CoordinationWorkbookTests.coordinate("甘肃", top: 100)
        #expect(!r.chains.isEmpty && !r.conflicts.isEmpty && !r.exchanges.allSatisfy { $0.gaveUp.isEmpty })
        let book = CoordinationWorkbook.workbook(r)
        let seen = try LibreOfficeTests.convert(book, in: dir)
        Self.expectSeen(seen, book)
        #expect(seen["争抢企业"]?.count == 1 + r.conflicts.map(\.claims.count).reduce(0, +))
        for list in r.lists {
            let name = CoordinationWorkbook.listSheetNames([list.campaign.id])[0]
            #expect(seen[name]?.count == 1 + list.results.count && seen[name]?.dropFirst().allSatisfy { $0[14] == list.campaign.id } == true, "\(name)")
        }
    }

    @Test(.enabled(if: LibreOfficeTests.office != nil, "skipped: LibreOffice (soffice) is not installed"))
    func libreOfficeSeesThePipelineWorkbookWithRatesAsPercentages() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = PipelineReportWorkbook.workbook(try PipelineReportOutputTests.report(synthetic: true))
        for sub in ["values", "shown"] { try FileManager.default.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true) }
        Self.expectSeen(try LibreOfficeTests.convert(book, in: dir.appendingPathComponent("values")), book)
        let shown = try LibreOfficeTests.convert(book, in: dir.appendingPathComponent("shown"), asShown: true)
        Self.expectSeen(shown, book, asShown: true)
        let campaigns = try #require(shown["分活动"])
        let performance = try #require(campaigns[0].firstIndex(of: "履约率"))
        #expect(campaigns[1][0] == "A" && campaigns[1][performance] == "75.0%", "\(campaigns[1])")
        #expect(shown["说明"]?[1] == ["合成数据", PipelineReportWriter.syntheticBanner])
    }
}
