import Foundation
import Testing
@testable import ChainMatch

/// The coordination workbook read back part by part: every sheet's cells against the CSV and JSON reports.
@Suite struct CoordinationWorkbookTests {
    static func coordinate(_ province: String, top: Int? = nil) throws -> ProvinceCoordination {
        let engine = try BundledEngine.get()
        return try engine.coordinate(try Recommender.campaigns(try engine.bundledCampaigns(), inProvince: province), top: top)
    }

    /// A sheet's rows under the header as text, each as long as the header (missing cells are "").
    static func rows(_ sheet: XLSXReader.Sheet) -> [[String]] {
        let width = sheet.cells.first?.count ?? 0
        return sheet.cells.dropFirst().map { row in (0..<width).map { $0 < row.count ? row[$0]?.text ?? "" : "" } }
    }

    /// The coordination CSV's rows of one section.
    static func csvRows(_ r: ProvinceCoordination, section: String) throws -> [[String: String]] {
        let table = try CSVReader.parse(CoordinationWriter.csv(r), path: "coordination.csv")
        return table.rows.filter { $0[0] == section }.map { Dictionary(uniqueKeysWithValues: zip(table.header, $0)) }
    }

    static func number(_ s: String?) -> Double? { s.flatMap(Double.init) }

    /// Equal numbers, the workbook's as written and the report's from its text.
    static func same(_ a: String?, _ b: String?) -> Bool { number(a) != nil && number(a) == number(b) }

    @Test(arguments: [("甘肃省", 100), ("内蒙古自治区", 0), ("青海省", 0), ("云南省", 40)])
    func everySheetHoldsTheReportsFigures(province: String, top: Int) throws {
        let r = try Self.coordinate(province, top: top == 0 ? nil : top)
        let book = try XLSXReader(try XLSXWriter.data(CoordinationWorkbook.workbook(r)))
        let listNames = CoordinationWorkbook.listSheetNames(r.lists.map(\.campaign.id))
        #expect(book.sheets.map(\.name) == ["统筹概况", "争抢企业", "各地得失"] + listNames)
        #expect(book.sheets.allSatisfy { $0.name.utf16.count <= 31 } && Set(book.sheets.map { $0.name.lowercased() }).count == book.sheets.count)
        let json = try #require(try JSONSerialization.jsonObject(with: CoordinationWriter.json(r)) as? [String: Any])
        let places = Dictionary(uniqueKeysWithValues: r.lists.map { ($0.campaign.id, $0.campaign.nameZh) })

        let standings = Self.rows(try book.sheet("统筹概况"))
        let chainCSV = try Self.csvRows(r, section: "chain")
        #expect(standings.count == chainCSV.count)
        let jsonPlaces = (json["chains"] as? [[String: Any]] ?? []).flatMap { c in (c["places"] as? [[String: Any]] ?? []).enumerated().map { (c, $0.offset, $0.element) } }
        for ((row, csv), (chain, standing, place)) in zip(zip(standings, chainCSV), jsonPlaces) {
            #expect(row[0] == csv["chain"] && row[1] == chain["name"] as? String && row[2] == String(standing + 1))
            #expect(row[3] == csv["campaign_id"] && row[4] == csv["place"] && row[4] == place["place"] as? String)
            #expect((chain["sentence"] as? String ?? "").contains("\(row[4])（\(row[5])）"), "the park as the sentence names it")
            #expect(Self.same(row[6], csv["density"]) && Self.same(row[7], csv["endowment"]) && Self.same(row[9], csv["kept_or_listed"]), "\(row)")
            #expect(abs((Self.number(row[8]) ?? -1) - (place["priority"] as? Double ?? -2)) < 1e-9)
        }

        let claims = Self.rows(try book.sheet("争抢企业"))
        let conflictCSV = try Self.csvRows(r, section: "conflict")
        let jsonClaims = (json["conflicts"] as? [[String: Any]] ?? []).flatMap { c in (c["claims"] as? [[String: Any]] ?? []).map { (c, $0) } }
        #expect(claims.count == conflictCSV.count && claims.count == jsonClaims.count && (claims.isEmpty == r.conflicts.isEmpty))
        for ((row, csv), (conflict, claim)) in zip(zip(claims, conflictCSV), jsonClaims) {
            #expect(row[0] == csv["enterprise_id"] && row[1] == csv["name"] && row[2] == csv["campaign_id"] && row[3] == csv["place"])
            #expect(row[4] == csv["independent_rank"] && Self.same(row[5], csv["score"]), "\(row)")
            // The chain by name, as the sentence gives it beside the density.
            if claim["chain"] == nil || claim["chain"] is NSNull { #expect(row[6] == "") }
            if claim["density"] is Double { #expect((conflict["sentence"] as? String ?? "").contains("\(row[6])关联密度"), "\(row)") }
            #expect(csv["density"] == "" ? row[7] == "" : Self.same(row[7], csv["density"]))
            #expect(Self.number(row[8]) == claim["land_mu"] as? Double && Self.number(row[9]) == claim["park_land_mu"] as? Double)
            #expect(row[10] == (csv["kept_or_listed"] == "1" ? "是" : "否"))
            let wentTo = csv["went_to"]!.split(separator: ";").map { places[String($0)]! }.joined(separator: "、")
            #expect(row[11] == wentTo && row[12] == conflict["sentence"] as? String)
        }

        let changes = Self.rows(try book.sheet("各地得失"))
        let changeCSV = try Self.csvRows(r, section: "gave_up") + Self.csvRows(r, section: "gained")
        #expect(changes.count == changeCSV.count)
        for row in changes {
            let section = row[2] == "让出" ? "gave_up" : "gained"
            let csv = try #require(changeCSV.first { $0["section"] == section && $0["campaign_id"] == row[0] && $0["enterprise_id"] == row[3] }, "\(row)")
            #expect(row[1] == csv["place"] && row[4] == csv["name"] && Self.same(row[5], csv["score"]))
            #expect(row[6] == csv["went_to"]!.split(separator: ";").map { places[String($0)]! }.joined(separator: "、"))
        }

        let lists = json["lists"] as? [[String: Any]] ?? []
        for (list, (name, entry)) in zip(r.lists, zip(listNames, lists)) {
            var sheet = try book.sheet(name)
            let width = sheet.cells[0].count
            #expect(sheet.cells[0].last??.text == "independent_rank" && width == 17)
            let alone = (entry["entries"] as? [[String: Any]] ?? []).map { ($0["independent_rank"] as? Int).map(String.init) ?? "" }
            #expect(Self.rows(sheet).map { $0[16] } == alone, "\(name)")
            sheet.cells = sheet.cells.map { Array($0.prefix(16)) }
            RankingWorkbookTests.compare(sheet, with: try RankingWorkbookTests.csvCells(list), name)
        }
    }

    @Test func englishHeadersAndWords() throws {
        let r = try Self.coordinate("内蒙古")
        let book = try XLSXReader(try XLSXWriter.data(CoordinationWorkbook.workbook(r, language: .en)))
        let conflicts = try book.sheet("争抢企业")
        #expect(conflicts.cells[0].map { $0?.text } == ["enterprise_id", "enterprise", "campaign_id", "place", "independent_rank", "score", "chain",
                                                         "density", "land_mu", "park_land_mu", "kept", "went_to", "sentence"])
        let first = Self.rows(conflicts)[0]
        #expect(["yes", "no"].contains(first[10]) && first[12] == r.conflicts[0].sentence(.en) && first[3] == r.conflicts[0].claims[0].placeEn)
        #expect(Self.rows(try book.sheet("各地得失")).allSatisfy { ["gave_up", "gained"].contains($0[2]) })
    }

    @Test func listSheetNamesAreShortUniqueAndReadable() {
        let ids = ["gs-lanzhou-new-area-fine-chemicals", "gs-lanzhou-new-area-fine-ceramics", "short", "SHORT",
                   String(repeating: "a", count: 40), String(repeating: "a", count: 45), "x-" + String(repeating: "b", count: 35), "统筹概况"]
        let names = CoordinationWorkbook.listSheetNames(ids, besides: ["统筹概况"])
        #expect(names == ["gs-lanzhou-new-area-fine", "gs-lanzhou-new-area-fine~2", "short", "SHORT~2",
                          String(repeating: "a", count: 31), String(repeating: "a", count: 29) + "~2", "x", "统筹概况~2"])
        #expect(names.allSatisfy { $0.utf16.count <= 31 })
        // The bundled campaigns keep readable names, and Workbook leaves them as they are.
        let bundled = CoordinationWorkbook.listSheetNames(["gs-jinchang-nickel-cobalt-battery", "qh-xining-tibetan-medicine-plateau", "nm-wuhai-hydrogen"])
        #expect(bundled == ["gs-jinchang-nickel-cobalt", "qh-xining-tibetan-medicine", "nm-wuhai-hydrogen"])
        let book = Workbook(sheets: (names + bundled).map { Workbook.Sheet(name: $0, columns: []) })
        #expect(book.safeSheetNames() == names + bundled)
    }

    @Test func theOutputFolderHoldsTheWorkbook() throws {
        let r = try Self.coordinate("内蒙古")
        let files = try CoordinationWriter.files(r)
        let xlsx = try #require(files.first { $0.name == "coordination.xlsx" }?.data)
        #expect(xlsx == (try XLSXWriter.data(CoordinationWorkbook.workbook(r))), "the same workbook, the same bytes")
        #expect(try XLSXReader(xlsx).sheets.count == 3 + r.lists.count)
    }
}
