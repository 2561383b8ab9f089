import Foundation

/// The workbook of a province's coordination: chain standings, contested firms, what each place gave up
/// and got, and every coordinated list.
///
/// ```swift
/// let result = try engine.coordinate(try Recommender.campaigns(all, inProvince: "甘肃"))
/// try AtomicFile.write(XLSXWriter.data(CoordinationWorkbook.workbook(result)), to: "out/coordination.xlsx")
/// ```
///
/// Sheets (headers in the report's language, sheet names as below):
/// - 统筹概况: one row per place of each chain two or more campaigns target, best placed first — chain,
///   standing, campaign, place, park, relatedness density, endowment, priority, enterprises listed.
/// - 争抢企业: one row per claim on a contested enterprise — enterprise, campaign, rank on its own list,
///   score, the project's chain and the place's density for it, land against the park's, kept or not,
///   where it went, and the conflict's sentence.
/// - 各地得失: one row per enterprise a campaign gave up or gained, with where a given-up one went.
/// - one sheet per campaign, named by `listSheetNames`: `RankingWorkbook.listSheet`'s cells plus
///   `independent_rank`, the rank the enterprise had on the campaign's own list (empty when new).
/// Figures carry `CoordinationWriter.csv`'s rounding: scores, densities and endowments to 4 decimals.
public enum CoordinationWorkbook {
    public static let standingsName = "统筹概况"
    public static let conflictsName = "争抢企业"
    public static let exchangesName = "各地得失"

    public static func workbook(_ r: ProvinceCoordination, language: Reasons.Language = .zh) -> Workbook {
        var sheets = [standingsSheet(r, language: language), conflictSheet(r, language: language), exchangeSheet(r, language: language)]
        let names = listSheetNames(r.lists.map(\.campaign.id), besides: sheets.map(\.name))
        for (list, name) in zip(r.lists, names) {
            let alone = r.independent.first { $0.campaign.id == list.campaign.id }
            sheets.append(listSheet(list, independent: alone, name: name))
        }
        return Workbook(sheets: sheets)
    }

    public static func standingsSheet(_ r: ProvinceCoordination, language: Reasons.Language = .zh) -> Workbook.Sheet {
        let zh = language == .zh
        let header = zh ? ["产业链编号", "产业链", "关联密度名次", "活动编号", "活动", "园区", "关联密度", "禀赋", "目标优先级", "统筹后入选企业数"]
                        : ["chain_id", "chain", "standing", "campaign_id", "place", "park", "density", "endowment", "priority", "listed"]
        var rows: [[Workbook.Cell]] = []
        for chain in r.chains {
            for (i, p) in chain.places.enumerated() {
                rows.append([.text(chain.chainID), .text(zh ? chain.nameZh : chain.nameEn), .number(Double(i + 1)), .text(p.campaignID),
                             .text(zh ? p.place : p.placeEn), text(p.park), decimal(p.density, 4), decimal(p.endowment, 4),
                             .number(RankingWriter.round(p.priority)), .number(Double(p.listed))])
            }
        }
        return Workbook.Sheet(name: standingsName, columns: header.map { Workbook.Column($0) }, rows: rows)
    }

    public static func conflictSheet(_ r: ProvinceCoordination, language: Reasons.Language = .zh) -> Workbook.Sheet {
        let zh = language == .zh
        let header = zh ? ["企业编号", "企业", "活动编号", "活动", "单独排名", "得分", "产业链", "关联密度", "用地（亩）", "园区可用地（亩）", "统筹后保留", "归属", "说明"]
                        : ["enterprise_id", "enterprise", "campaign_id", "place", "independent_rank", "score", "chain", "density",
                           "land_mu", "park_land_mu", "kept", "went_to", "sentence"]
        var rows: [[Workbook.Cell]] = []
        for c in r.conflicts {
            let sentence = c.sentence(language)
            let wentTo = c.claims.filter(\.kept).map { zh ? $0.place : $0.placeEn }.joined(separator: zh ? "、" : "; ")
            for claim in c.claims {
                rows.append([.text(c.enterpriseID), .text(c.name), .text(claim.campaignID), .text(zh ? claim.place : claim.placeEn),
                             .number(Double(claim.independentRank)), decimal(Double(claim.score), 4),
                             text((zh ? claim.chainName : nil) ?? claim.chainID ?? ""), claim.density.map { decimal($0, 4) } ?? .empty,
                             .number(RankingWriter.round(claim.landMu)), claim.parkLandMu.map { Workbook.Cell.number($0) } ?? .empty,
                             .text(claim.kept ? (zh ? "是" : "yes") : (zh ? "否" : "no")), text(wentTo), .text(sentence)])
            }
        }
        return Workbook.Sheet(name: conflictsName, columns: header.map { Workbook.Column($0) }, rows: rows)
    }

    public static func exchangeSheet(_ r: ProvinceCoordination, language: Reasons.Language = .zh) -> Workbook.Sheet {
        let zh = language == .zh
        let header = zh ? ["活动编号", "活动", "变化", "企业编号", "企业", "得分", "去向"]
                        : ["campaign_id", "place", "change", "enterprise_id", "enterprise", "score", "went_to"]
        let places = Dictionary(r.lists.map { ($0.campaign.id, zh ? $0.campaign.nameZh : $0.campaign.nameEn) }, uniquingKeysWith: { a, _ in a })
        var rows: [[Workbook.Cell]] = []
        for e in r.exchanges {
            let place = Workbook.Cell.text(zh ? e.place : e.placeEn)
            for g in e.gaveUp {
                let wentTo = g.wentTo.map { places[$0] ?? $0 }.joined(separator: zh ? "、" : "; ")
                rows.append([.text(e.campaignID), place, .text(zh ? "让出" : "gave_up"), .text(g.enterpriseID), .text(g.name),
                             decimal(Double(g.score), 4), text(wentTo)])
            }
            for g in e.gained {
                rows.append([.text(e.campaignID), place, .text(zh ? "补入" : "gained"), .text(g.enterpriseID), .text(g.name), decimal(Double(g.score), 4)])
            }
        }
        return Workbook.Sheet(name: exchangesName, columns: header.map { Workbook.Column($0) }, rows: rows)
    }

    /// A coordinated list: `RankingWorkbook.listSheet`'s columns and cells, then `independent_rank`.
    public static func listSheet(_ list: RankedList, independent: RankedList?, name: String) -> Workbook.Sheet {
        var sheet = RankingWorkbook.listSheet(list)
        sheet.name = name
        sheet.columns.append(Workbook.Column("independent_rank"))
        let alone = Dictionary((independent?.results ?? []).map { ($0.enterprise.id, $0.rank) }, uniquingKeysWith: { a, _ in a })
        for (i, r) in list.results.enumerated() {
            sheet.rows[i].append(alone[r.enterprise.id].map { Workbook.Cell.number(Double($0)) } ?? .empty)
        }
        return sheet
    }

    /// Sheet names for campaign ids: the id itself when it fits Excel's 31 characters, else its leading
    /// '-'-separated words that fit (`gs-lanzhou-new-area-fine-chemicals` → `gs-lanzhou-new-area-fine`), cut
    /// to 31 when even the first word is longer; a name already taken (regardless of case, `besides`
    /// included) gets `~2`, `~3` … in its last characters.
    public static func listSheetNames(_ ids: [String], besides reserved: [String] = []) -> [String] {
        var taken = Set(reserved.map { $0.lowercased() })
        return ids.map { id in
            var words = id.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            var base = id
            while base.utf16.count > maxSheetName && words.count > 1 {
                words.removeLast()
                base = words.joined(separator: "-")
            }
            base = Workbook.cut(base, to: maxSheetName)
            var name = base, n = 2
            while taken.contains(name.lowercased()) {
                let suffix = "~\(n)"
                name = Workbook.cut(base, to: maxSheetName - suffix.utf16.count) + suffix
                n += 1
            }
            taken.insert(name.lowercased())
            return name
        }
    }

    static let maxSheetName = 31

    static func decimal(_ v: Double, _ digits: Int) -> Workbook.Cell { Workbook.Cell.decimal(CoordinationWriter.fmt(v, digits)) }

    static func text(_ s: String) -> Workbook.Cell { s.isEmpty ? .empty : .text(s) }
}
