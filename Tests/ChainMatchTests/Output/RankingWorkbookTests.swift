import Foundation
import Testing
@testable import ChainMatch

@Suite struct RankingWorkbookTests {
    /// The CSV columns that must be numbers in the workbook, stated here rather than taken from the code under test.
    static let numericColumns: Set<String> = [
        "rank", "score", "contribution_chain", "contribution_endowment", "contribution_relatedness", "contribution_profile", "revenue_cny_100m",
    ]

    /// The CSV of `list` as rows of cells (header first), with the CSV's formula quote taken off again.
    static func csvCells(_ list: RankedList) throws -> [[String]] {
        let table = try CSVReader.parse(RankingWriter.csv(list), path: "list.csv")
        return [table.header] + table.rows.map { row in
            row.map { $0.hasPrefix("'") && CSVWriter.needsNeutralizing(String($0.dropFirst())) ? String($0.dropFirst()) : $0 }
        }
    }

    /// Every cell of the 名单 sheet against the CSV: the same header, numbers in the numeric columns
    /// with the CSV's value, the same text elsewhere, nothing where the CSV is empty.
    static func compare(_ sheet: XLSXReader.Sheet, with csv: [[String]], _ label: String) {
        #expect(sheet.cells.count == csv.count, "\(label): rows")
        let numeric = csv[0].map(numericColumns.contains)
        #expect(numeric.filter { $0 }.count == numericColumns.count, "\(label): every numeric column is in the header")
        for (r, row) in zip(sheet.cells, csv).map({ $0 }).enumerated() {
            let (cells, values) = row
            #expect(cells.count <= values.count, "\(label) row \(r + 1)")
            for (c, value) in values.enumerated() {
                let cell = c < cells.count ? cells[c] : nil
                let at = "\(label) \(WorksheetXML.columnName(c))\(r + 1) (\(csv[0][c]))"
                if value.isEmpty {
                    #expect(cell == nil || cell?.text == "", "\(at): \(String(describing: cell))")
                } else if r > 0 && numeric[c] {
                    #expect(cell?.type == nil && Double(cell?.text ?? "") == Double(value), "\(at): \(String(describing: cell)) vs \(value)")
                } else {
                    #expect(cell?.type == "inlineStr" && cell?.text == value, "\(at): \(String(describing: cell)) vs \(value)")
                }
            }
        }
    }

    @Test func everyBundledListSheetHasTheCSVsCells() throws {
        let engine = try BundledEngine.get()
        for list in try engine.rank(try engine.bundledCampaigns()) {
            let book = try XLSXReader(try XLSXWriter.data(RankingWorkbook.workbook(list, chainMap: nil)))
            #expect(book.sheets.map(\.name) == ["名单", "理由"])
            let sheet = try book.sheet("名单")
            Self.compare(sheet, with: try Self.csvCells(list), list.campaign.id)
            #expect(sheet.cells[0].allSatisfy { $0?.style == "1" }, "bold header")
            #expect(sheet.pane["state"] == "frozen" && sheet.pane["topLeftCell"] == "A2")
        }
    }

    @Test func reasonsAndChainMapSheets() throws {
        let engine = try BundledEngine.get()
        let campaign = try engine.campaign(named: "qh-golmud-salt-lake-lithium")
        let list = try engine.rank([campaign])[0]
        let map = try engine.chainMap(campaign: campaign)
        let book = try XLSXReader(try XLSXWriter.data(RankingWorkbook.workbook(list, chainMap: map)))
        #expect(book.sheets.map(\.name) == ["名单", "理由", "产业链图谱"])

        let reasons = try book.sheet("理由")
        let sentences = list.results.flatMap { r in r.reasons.map { (r, $0) } }
        #expect(!sentences.isEmpty && reasons.cells.count == sentences.count + 1)
        #expect(reasons.cells[0].map { $0?.text } == ["名次", "企业编号", "企业", "推荐理由"])
        for (row, (r, sentence)) in zip(reasons.cells.dropFirst(), sentences) {
            #expect(row.map { $0?.text } == [String(r.rank), r.enterprise.id, r.enterprise.name, sentence])
            #expect(row.map { $0?.type } == [nil, "inlineStr", "inlineStr", "inlineStr"])
        }

        let chain = try book.sheet("产业链图谱")
        #expect(chain.cells.count == map.nodes.count + 1)
        for (row, node) in zip(chain.cells.dropFirst(), map.nodes) {
            #expect(row[1]?.text == node.id && row[2]?.text == node.nameZh && row[3]?.text == node.stage.rawValue)
            #expect(row[8] == XLSXReader.Cell(type: nil, style: nil, text: String(node.regionEnterprises.count)))
            for (i, target) in node.bestTargets.enumerated() {
                #expect(row[10 + 2 * i]?.text == target.name)
                #expect(row[11 + 2 * i]?.type == nil && Double(row[11 + 2 * i]?.text ?? "") == Double(String(format: "%.2f", target.score)))
            }
        }
        #expect(map.nodes.contains { !$0.bestTargets.isEmpty && $0.gap != nil })

        let english = try XLSXReader(try XLSXWriter.data(RankingWorkbook.workbook(list, chainMap: map, language: .en)))
        #expect(try english.sheet("产业链图谱").cells[1][2]?.text == map.nodes[0].nameEn)
        #expect(try english.sheet("理由").cells[0].map { $0?.text } == ["rank", "enterprise_id", "name", "reason"])
    }

    @Test func formulaLikeNamesStayText() throws {
        let engine = try BundledEngine.get()
        var list = try engine.rank([try engine.campaign(named: "yn-kunming-biomedicine")])[0]
        list.results[0].enterprise.name = "=HYPERLINK(\"http://x\",\"y\")"
        list.results[1].enterprise.name = "@SUM(1,2)"
        let sheet = try XLSXReader(try XLSXWriter.data(RankingWorkbook.workbook(list, chainMap: nil))).sheet("名单")
        #expect(sheet.cells[1][2] == XLSXReader.Cell(type: "inlineStr", style: "2", text: "=HYPERLINK(\"http://x\",\"y\")"))
        #expect(sheet.cells[2][2] == XLSXReader.Cell(type: "inlineStr", style: "2", text: "@SUM(1,2)"))
        Self.compare(sheet, with: try Self.csvCells(list), "neutralised")
    }
}
