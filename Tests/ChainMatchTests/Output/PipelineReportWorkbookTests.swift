import Foundation
import Testing
@testable import ChainMatch

/// The pipeline report's workbook read back: every figure equals the CSV's (at the CSV's decimals) and the JSON's.
@Suite struct PipelineReportWorkbookTests {
    /// The CSV columns each sheet's columns hold, stated here rather than taken from the code under test.
    static let funnel = PipelineStage.allCases.map(\.rawValue) + ["performing", "signed_cny_100m", "funded_cny_100m",
                                                                 "performance_rate", "start_rate", "funding_rate", "signing_rate"]
    static let targets = ["target_performance_rate", "target_start_rate", "target_funding_rate"]
    static let campaignColumns = ["key", "label", "province", "city"] + funnel + targets
    static let cityColumns = ["label", "province"] + funnel + targets
    static let periodColumns = ["key", "as_of"] + PipelineStage.allCases.map { "new_" + $0.rawValue } + ["new_signed_cny_100m", "new_funded_cny_100m"] + funnel + targets
    static let bandColumns = ["label"] + funnel
    static let rateColumns = Set(["performance_rate", "start_rate", "funding_rate", "signing_rate"] + targets)

    /// A workbook cell as the CSV writes that figure: numbers with the CSV value's decimals, text as is.
    static func asCSV(_ cell: XLSXReader.Cell?, like csv: String) -> String? {
        guard let cell else { return "" }
        guard cell.type == nil, let v = Double(cell.text) else { return cell.text }
        let decimals = csv.split(separator: ".").dropFirst().first?.count ?? 0
        return String(format: "%.\(decimals)f", v)
    }

    /// Each row of `sheet` against the CSV rows of `sections`, column by column; rate columns carry the percent style.
    static func compare(_ sheet: XLSXReader.Sheet, columns: [String], with table: CSVTable, sections: [String]) {
        let rows = sections.flatMap { s in table.rows.filter { $0[0] == s } }
        #expect(sheet.cells.count == rows.count + 1, "\(sheet.name): rows")
        #expect(sheet.cells[0].count == columns.count, "\(sheet.name): columns")
        for (cells, row) in zip(sheet.cells.dropFirst(), rows) {
            for (c, column) in columns.enumerated() {
                let csv = row[table.header.firstIndex(of: column)!]
                let cell = c < cells.count ? cells[c] : nil
                let at = "\(sheet.name) \(row[1]) \(sheet.cells[0][c]?.text ?? "") (\(column))"
                if row[0] == "total" && column == "key" {
                    #expect(cell == nil, "\(at): the 合计 row has no key")
                    continue
                }
                #expect(asCSV(cell, like: csv) == csv, "\(at): \(String(describing: cell)) vs \(csv)")
                if rateColumns.contains(column) && cell != nil { #expect(cell?.style == "4" && cell?.type == nil, "\(at): a percentage") }
            }
        }
    }

    @Test func everySheetHoldsTheCSVsFigures() throws {
        let report = try PipelineReportOutputTests.report()
        let book = try XLSXReader(try XLSXWriter.data(PipelineReportWorkbook.workbook(report)))
        #expect(book.sheets.map(\.name) == ["说明", "分活动", "分城市", "月调度", "季通报", "按名次"])
        let table = try CSVReader.parse(PipelineReportWriter.csv(report), path: "r.csv")
        Self.compare(try book.sheet("分活动"), columns: Self.campaignColumns, with: table, sections: ["campaign", "total"])
        Self.compare(try book.sheet("分城市"), columns: Self.cityColumns, with: table, sections: ["city", "total"])
        Self.compare(try book.sheet("月调度"), columns: Self.periodColumns, with: table, sections: ["month"])
        Self.compare(try book.sheet("季通报"), columns: Self.periodColumns, with: table, sections: ["quarter"])
        Self.compare(try book.sheet("按名次"), columns: Self.bandColumns, with: table, sections: ["rank_band"])
        #expect(try book.sheet("月调度").cells.count == 13 && book.sheet("按名次").cells.count == 6)
    }

    /// Rates are the JSON's fractions (6 decimals), shown as the text report's percentages.
    @Test func ratesAreTheJSONsFractionsShownAsTheTextsPercentages() throws {
        let report = try PipelineReportOutputTests.report()
        let sheet = try XLSXReader(try XLSXWriter.data(PipelineReportWorkbook.workbook(report))).sheet("分活动")
        let json = try JSONSerialization.jsonObject(with: PipelineReportWriter.json(report)) as! [String: Any]
        let groups = (json["campaigns"] as! [[String: Any]]) + [json["total"] as! [String: Any]]
        let text = PipelineReportWriter.text(report)
        let header = sheet.cells[0].map { $0?.text ?? "" }
        for (cells, group) in zip(sheet.cells.dropFirst(), groups) {
            let funnel = group["funnel"] as! [String: Any]
            for (name, key) in [("履约率", "performance_rate"), ("开工率", "start_rate"), ("资金到位率", "funding_rate"), ("签约率", "signing_rate")] {
                let cell = cells[header.firstIndex(of: name)!]
                #expect(cell.flatMap { Double($0.text) } == funnel[key] as? Double, "\(name) of \(group["label"] ?? "")")
                if let v = cell.flatMap({ Double($0.text) }), key != "signing_rate" {
                    #expect(text.contains(String(format: "%.1f%%", v * 100)), "\(name) \(v) as the text shows it")
                }
            }
        }
        #expect(sheet.cells[1][header.firstIndex(of: "目标开工率")!]?.text == "0.7", "Qinghai's stated 70%")
    }

    @Test func theAboutSheetSaysWhatTheReportIsAndMarksSyntheticData() throws {
        let report = try PipelineReportOutputTests.report()
        let about = try XLSXReader(try XLSXWriter.data(PipelineReportWorkbook.workbook(report))).sheet("说明")
        let rows = about.cells.dropFirst().map { $0.map { $0?.text ?? "" } }
        #expect(rows.first == ["报告", "招商项目推进报告"] && !rows.contains { $0[0] == "合成数据" })
        #expect(rows.contains(["截至", "2025-12-31"]) && rows.contains(["文件", "hand.csv"]) && rows.contains(["计入目标", "8"]))
        #expect(rows.contains(["该日之后才接洽（未计入）", "1"]))
        #expect(rows.filter { $0[0] == "口径" }.map { $0[1] } == PipelineReportWriter.definitions(report))
        #expect(rows.last == ["名次与签约", PipelineReportWriter.rankFinding(report)])
        #expect(PipelineReportWriter.text(report).contains(PipelineReportWriter.rankFinding(report)))

        let synthetic = try XLSXReader(try PipelineReportWriter.render(try PipelineReportOutputTests.report(synthetic: true), format: .xlsx)).sheet("说明")
        #expect(synthetic.cells[1].map { $0?.text } == ["合成数据", PipelineReportWriter.syntheticBanner])
    }

    @Test func renderWritesTheWorkbook() throws {
        let report = try PipelineReportOutputTests.report()
        let data = try PipelineReportWriter.render(report, format: .xlsx)
        #expect(data == (try XLSXWriter.data(PipelineReportWorkbook.workbook(report))))
        #expect(Array(data.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
    }
}
