import Foundation
import Testing
@testable import ChainMatch

/// Checks on the committed datasets/ (no raw sources needed). Spot values were checked by hand
/// against the raw files in ../shared/data.
@Suite struct DatasetTests {
    static let data: Result<Datasets, Error> = Result { try Datasets.load(from: DataLocation(root: repositoryRoot)) }

    func load() throws -> Datasets { try Self.data.get() }

    @Test func rowCounts() throws {
        let d = try load()
        #expect(d.parks.count == 2543)
        #expect(d.regions.count == 31)
        #expect(d.industries.count == 1958)
        #expect(d.enterprises.count > 6000)
        #expect(Dictionary(grouping: d.industries, by: \.level).mapValues(\.count)
                == [.section: 20, .division: 96, .group: 468, .industryClass: 1374])
    }

    @Test func listCounts() throws {
        let e = try load().enterprises
        func count(_ flag: Enterprise.Lists) -> Int { e.filter { $0.lists.contains(flag) }.count }
        #expect(count(.global500) == 500)
        #expect(count(.china500) == 174)
        #expect(count(.centralSOE) == 99)
        #expect(Set(e.compactMap(\.global500Rank)).count == 500)
        #expect(Set(e.compactMap(\.private500Rank)).count == 500)
        #expect(e.filter { $0.lists.contains(.global500) && $0.lists.contains(.centralSOE) }.count == 41)
        #expect(e.filter { $0.stockCode?.hasSuffix(".HK") == false && $0.stockCode != nil }.count == 5470)
    }

    @Test func idsAreUniqueAndProvincesCanonical() throws {
        let d = try load()
        #expect(Set(d.enterprises.map(\.id)).count == d.enterprises.count)
        #expect(Set(d.parks.map(\.id)).count == d.parks.count)
        #expect(d.enterprises.allSatisfy { $0.province.map(Province.isCanonical) ?? true })
        #expect(d.parks.allSatisfy { Province.isCanonical($0.province) })
        #expect(Set(d.regions.map(\.province)) == Set(Province.names))
        // No enterprise in Hong Kong, Macao or Taiwan carries a province.
        #expect(d.enterprises.filter { ["中国香港", "中国澳门", "中国台湾"].contains($0.country ?? "") }.allSatisfy { $0.province == nil })
        let ids = Set(d.enterprises.map(\.id))
        #expect(d.enterprises.allSatisfy { $0.parentGroupID.map(ids.contains) ?? true })
    }

    @Test func enterpriseSpotChecks() throws {
        let e = try load().enterprises
        let byCode = Dictionary(uniqueKeysWithValues: e.compactMap { x in x.stockCode.map { ($0, x) } })
        let catl = try #require(byCode["300750.SZ"])
        #expect(catl.id == "SZ300750")
        #expect(catl.province == "福建省" && catl.city == "宁德市")
        #expect(catl.lists == [.global500, .private500, .listed])
        #expect(catl.global500Rank == 250)
        #expect(catl.name == "宁德时代新能源科技股份有限公司")

        let jinchuan = try #require(e.first { $0.name == "金川集团股份有限公司" })
        #expect(jinchuan.province == "甘肃省")
        #expect(jinchuan.china500Rank == 59)

        let sinopecGroup = try #require(e.first { $0.name == "中国石油化工集团有限公司" })
        #expect(sinopecGroup.lists == [.global500, .centralSOE])
        #expect(sinopecGroup.ownership == .centralSOE)
        #expect(sinopecGroup.global500Rank == 5)
        let sinopec = try #require(byCode["600028.SH"])
        #expect(sinopec.parentGroupID == sinopecGroup.id)
        #expect(sinopec.ownership == .centralSOE)

        let yto = try #require(byCode["600233.SH"])   // 圆通速递: two names in the China Top 500 subset, one enterprise
        #expect(yto.china500Rank == 345 && yto.private500Rank2025 == 159)
        #expect(e.filter { $0.name.hasPrefix("圆通速递") }.count == 1)

        let qingdao = try #require(e.first { $0.name == "青岛西海岸新区海洋控股集团有限公司" })
        #expect(qingdao.province == "山东省")
        let jiaolong = try #require(e.first { $0.name == "成都蛟龙投资有限责任公司" })
        #expect(jiaolong.province == "四川省")
        #expect(jiaolong.private500Rank == 350)   // joined through the 2026 list's bracketed alias

        let tsmc = try #require(e.first { $0.name == "台积公司" })
        #expect(tsmc.country == "中国台湾" && tsmc.province == nil)

        let walmart = try #require(e.first { $0.global500Rank == 1 })
        #expect(walmart.country == "美国" && walmart.ownership == .foreign && walmart.province == nil)
        #expect(walmart.revenueIsEstimate && walmart.revenueSource == "global500_2024_usd_converted")
        // 648,125 million USD × 7.0467 = 45,671.4 亿元
        #expect(abs((walmart.revenueCNY100m ?? 0) - 45671.42) < 0.01)

        let placeholder = e.filter { $0.notes.contains("private500_2025_revenue_placeholder") }
        #expect(placeholder.count == 25)
        #expect(placeholder.allSatisfy { $0.revenueSource != "private500_2025" })
    }

    @Test func parkSpotChecks() throws {
        let parks = try load().parks
        let byID = Dictionary(uniqueKeysWithValues: parks.map { ($0.id, $0) })
        #expect(byID["S377018"]?.name == "山东淄川经济开发区")
        #expect(byID["S377018-2"]?.name == "山东临淄经济开发区")
        #expect(byID["S377018-2"]?.catalogueCode == "S377018")
        #expect(parks.filter { $0.level == .national }.count == 552)
        #expect(parks.allSatisfy { !$0.leadingIndustries.contains { $0.hasSuffix(".") } })
        #expect(parks.filter(\.addressProvinceMismatch).count == 153)
        let mzl = try #require(byID["G156020"])   // 满洲里中俄互市贸易区, geocoded in 饶河县 (Heilongjiang)
        #expect(mzl.province == "内蒙古自治区" && mzl.addressProvinceMismatch)
        #expect(mzl.areaHa == 20.96 && mzl.areaMu == 314.4)
        let pairs = parks.filter { $0.approved.contains("/") }
        #expect(pairs.count == 2 && pairs.allSatisfy { $0.firstApproved.count == 7 })
    }

    @Test func regionSpotChecks() throws {
        let regions = try load().regions
        let qh = try #require(regions.first { $0.province == "青海省" })
        #expect(qh.populationTotal == 5_950_000)
        #expect(qh.gdpCNY100m == Region.Measure(value: 3950.79, year: 2024))
        let bj = try #require(regions.first { $0.province == "北京市" })
        #expect(bj.consumption100mKWh == Region.Measure(value: 1389.41, year: 2024))
        #expect(bj.capacityNuclear.value == nil)   // no series: empty, not zero
    }

    // MARK: strict validation

    func badData(_ body: () throws -> Void) -> ChainMatch.SourceLocation? {
        do { try body() } catch let ChainMatchError.badData(at, _) { return at } catch { return nil }
        return nil
    }

    @Test func unknownProvinceIsRejected() throws {
        let bad = try CSVReader.parse(Data((ParksDerivation.header.joined(separator: ",") +
            "\nX1,X1,某园,青海,西宁,national,经济开发区,2000.01,2000.01,1,15,,,,ok,市,1,0\n").utf8), path: "p.csv")
        let at = badData { _ = try DatasetReader.parks(bad) }
        #expect(at == ChainMatch.SourceLocation(file: "p.csv", line: 2, column: 4, field: "province"))
    }

    @Test func nonNumericAndNegativeAreRejected() throws {
        let header = ParksDerivation.header.joined(separator: ",")
        let notNumber = try CSVReader.parse(Data((header +
            "\nX1,X1,某园,青海省,西宁,national,经济开发区,2000.01,2000.01,abc,15,,,,ok,市,1,0\n").utf8), path: "p.csv")
        #expect(badData { _ = try DatasetReader.parks(notNumber) } == ChainMatch.SourceLocation(file: "p.csv", line: 2, column: 10, field: "area_ha"))
        let negative = try CSVReader.parse(Data((header +
            "\nX1,X1,某园,青海省,西宁,national,经济开发区,2000.01,2000.01,1,-15,,,,ok,市,1,0\n").utf8), path: "p.csv")
        #expect(badData { _ = try DatasetReader.parks(negative) } == ChainMatch.SourceLocation(file: "p.csv", line: 2, column: 11, field: "area_mu"))
        let duplicate = try CSVReader.parse(Data((header +
            "\nX1,X1,某园,青海省,西宁,national,经济开发区,2000.01,2000.01,1,15,,,,ok,市,1,0" +
            "\nX1,X1,某园,青海省,西宁,national,经济开发区,2000.01,2000.01,1,15,,,,ok,市,1,0\n").utf8), path: "p.csv")
        #expect(badData { _ = try DatasetReader.parks(duplicate) }?.line == 3)
    }

    @Test func missingColumnIsRejected() throws {
        let table = try CSVReader.parse(Data("level,code,name\n1,A,农业\n".utf8), path: "i.csv")
        #expect(badData { _ = try DatasetReader.industries(table) } == ChainMatch.SourceLocation(file: "i.csv", line: 1, field: "parent_code"))
    }
}

@Suite struct SubsidiaryLinkTests {
    /// The hand-checked map from the subsidiaries file's old group numbering to SASAC order, seen through
    /// the parents of well-known listed companies.
    @Test func parentsFollowTheSASACOrder() throws {
        let e = try DatasetTests.data.get().enterprises
        let byID = Dictionary(uniqueKeysWithValues: e.map { ($0.id, $0) })
        let byCode = Dictionary(uniqueKeysWithValues: e.compactMap { x in x.stockCode.map { ($0, x) } })
        let expected = [
            "601088.SH": "国家能源投资集团有限责任公司",   // old index 22 → SASAC 23
            "601600.SH": "中国铝业集团有限公司",          // 37 → 38
            "600176.SH": "中国建材集团有限公司",          // 63 → 64
            "600206.SH": "中国有研科技集团有限公司",       // 66 → 68
            "601766.SH": "中国中车集团有限公司",          // 70 → 72
            "688009.SH": "中国铁路通信信号集团有限公司",    // 71 → 74
            "601669.SH": "中国电力建设集团有限公司",       // 87 → 89
            "000069.SZ": "华侨城集团有限公司",            // 93 → 94
            "000927.SZ": "中国物流集团有限公司",          // 96 → 97
            "600787.SH": "中国物流集团有限公司",          // listed under 56 and 96: the later entry
            "000503.SZ": "中国国新控股有限责任公司",       // 97 → 98
            "600900.SH": "中国长江三峡集团有限公司",       // 21 → 21
        ]
        for (code, group) in expected {
            let company = try #require(byCode[code], "\(code) missing")
            let parent = company.parentGroupID.flatMap { byID[$0] }
            #expect(parent?.name == group, "\(code) → \(parent?.name ?? "none"), expected \(group)")
        }
        #expect(byCode["300212.SZ"]?.parentGroupID == nil)   // 易华录: its group 中国华录 was merged away
    }
}
