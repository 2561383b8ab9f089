import Foundation

/// Renders a province's coordination: a text report, one CSV of the conflicts, exchanges and chain standings,
/// JSON, and the files of an output folder (each campaign's list in `rank`'s formats plus the reports and
/// the workbook).
///
/// ```swift
/// print(CoordinationWriter.text(result, language: .zh))
/// for (name, data) in try CoordinationWriter.files(result, language: .zh) { try AtomicFile.write(data, to: dir + "/" + name) }
/// ```
public enum CoordinationWriter {
    public static func text(_ r: ProvinceCoordination, language lang: Reasons.Language = .zh) -> String {
        let zh = lang == .zh
        var out = zh ? "\(r.province)：\(r.lists.count)个招商活动统筹（每家企业至多进入\(r.maxCampaigns)份名单）\n"
                     : "\(r.province): \(r.lists.count) campaigns coordinated (each enterprise on at most \(r.maxCampaigns) list(s))\n"
        out += zh ? "\n产业链错位（多地同时瞄准的产业链，按产业关联密度排序）\n" : "\nChains several places target (places by relatedness density)\n"
        if r.chains.isEmpty { out += zh ? "  无\n" : "  none\n" }
        for chain in r.chains { out += "  · " + chain.sentence(lang) + "\n" }
        out += zh ? "\n多地争抢的企业（\(r.conflicts.count)家）\n" : "\nEnterprises several places wanted (\(r.conflicts.count))\n"
        if r.conflicts.isEmpty { out += zh ? "  无\n" : "  none\n" }
        for c in r.conflicts { out += "  · " + c.sentence(lang) + "\n" }
        out += zh ? "\n各地得失\n" : "\nWhat each place gave up and got\n"
        for e in r.exchanges { out += "  · " + e.sentence(lang) + "\n" }
        for list in r.lists {
            let alone = r.independentRanks(of: list.campaign.id)
            out += "\n\(zh ? list.campaign.nameZh : list.campaign.nameEn)  [\(list.campaign.id)]\n"
            var t = TextTable(header: zh ? ["#", "企业", "得分", "单独排名"] : ["#", "enterprise", "score", "alone"], rightAligned: [0, 2, 3], maxWidth: 36)
            for e in list.results {
                t.append([String(e.rank), e.enterprise.shortName ?? e.enterprise.name, RankingWriter.fixed(Double(e.score), 2),
                          alone[e.enterprise.id].map(String.init) ?? (zh ? "新增" : "new")])
            }
            out += t.render()
        }
        return out
    }

    /// One CSV (UTF-8 with BOM) holding three sections: chain standings, conflicts (one row per claim), exchanges.
    public static func csv(_ r: ProvinceCoordination) -> Data {
        let header = ["section", "campaign_id", "place", "chain", "enterprise_id", "name", "independent_rank", "score",
                      "density", "endowment", "kept_or_listed", "went_to"]
        var rows: [[String]] = []
        for chain in r.chains {
            for p in chain.places {
                rows.append(["chain", p.campaignID, p.place, chain.chainID, "", "", "", "", fmt(p.density, 4), fmt(p.endowment, 4), String(p.listed), ""])
            }
        }
        for c in r.conflicts {
            for claim in c.claims {
                rows.append(["conflict", claim.campaignID, claim.place, claim.chainID ?? "", c.enterpriseID, c.name,
                             String(claim.independentRank), fmt(Double(claim.score), 4), claim.density.map { fmt($0, 4) } ?? "", "",
                             claim.kept ? "1" : "0", c.claims.filter(\.kept).map(\.campaignID).joined(separator: ";")])
            }
        }
        for e in r.exchanges {
            for g in e.gaveUp {
                rows.append(["gave_up", e.campaignID, e.place, "", g.enterpriseID, g.name, "", fmt(Double(g.score), 4), "", "", "0", g.wentTo.joined(separator: ";")])
            }
            for g in e.gained {
                rows.append(["gained", e.campaignID, e.place, "", g.enterpriseID, g.name, "", fmt(Double(g.score), 4), "", "", "1", ""])
            }
        }
        return CSVWriter.encode(header: header, rows: rows)
    }

    /// The files of an output folder: `<campaign>.<ext>` per list in `format` (table, csv or json), and
    /// `coordination.txt`, `coordination.csv`, `coordination.json`, `coordination.html` and
    /// `coordination.xlsx` (`CoordinationWorkbook`).
    public static func files(_ r: ProvinceCoordination, format: RankingWriter.Format = .csv,
                             language lang: Reasons.Language = .zh, generated: String = "") throws -> [(name: String, data: Data)] {
        let ext = format == .table ? "txt" : format.rawValue
        var out = try r.lists.map { ("\($0.campaign.id).\(ext)", try RankingWriter.render($0, format: format, reasons: true)) }
        out.append(("coordination.txt", Data(text(r, language: lang).utf8)))
        out.append(("coordination.csv", csv(r)))
        out.append(("coordination.json", try json(r)))
        out.append(("coordination.html", Data(CoordinationPage.page(r, language: lang, generated: generated).utf8)))
        out.append(("coordination.xlsx", try XLSXWriter.data(CoordinationWorkbook.workbook(r, language: lang))))
        return out
    }

    public static func json(_ r: ProvinceCoordination) throws -> Data {
        struct Entry: Encodable { var rank: Int; var enterprise_id: String; var name: String; var score: Double; var independent_rank: Int? }
        struct List: Encodable { var campaign: String; var entries: [Entry]; var shortfall: [String: Int] }
        struct Claim: Encodable {
            var campaign: String; var place: String; var independent_rank: Int; var score: Double
            var chain: String?; var density: Double?; var land_mu: Double; var park_land_mu: Double?; var kept: Bool
        }
        struct Conflict: Encodable { var enterprise_id: String; var name: String; var claims: [Claim]; var sentence: String }
        struct Place: Encodable { var campaign: String; var place: String; var density: Double; var endowment: Double; var priority: Double; var listed: Int }
        struct Chain: Encodable { var chain: String; var name: String; var places: [Place]; var sentence: String }
        struct Exchange: Encodable { var campaign: String; var gave_up: [String]; var gained: [String]; var total_alone: Double; var total_coordinated: Double; var sentence: String }
        struct Report: Encodable {
            var province: String; var max_campaigns: Int; var lists: [List]; var conflicts: [Conflict]; var exchanges: [Exchange]; var chains: [Chain]
        }
        let lists = r.lists.map { list -> List in
            let alone = r.independentRanks(of: list.campaign.id)
            return List(campaign: list.campaign.id, entries: list.results.map {
                Entry(rank: $0.rank, enterprise_id: $0.enterprise.id, name: $0.enterprise.name, score: RankingWriter.round(Double($0.score)),
                      independent_rank: alone[$0.enterprise.id])
            }, shortfall: list.shortfall)
        }
        let report = Report(
            province: r.province, max_campaigns: r.maxCampaigns, lists: lists,
            conflicts: r.conflicts.map { c in
                Conflict(enterprise_id: c.enterpriseID, name: c.name, claims: c.claims.map {
                    Claim(campaign: $0.campaignID, place: $0.place, independent_rank: $0.independentRank, score: RankingWriter.round(Double($0.score)),
                          chain: $0.chainID, density: $0.density.map(RankingWriter.round), land_mu: RankingWriter.round($0.landMu),
                          park_land_mu: $0.parkLandMu, kept: $0.kept)
                }, sentence: c.sentence(.zh))
            },
            exchanges: r.exchanges.map {
                Exchange(campaign: $0.campaignID, gave_up: $0.gaveUp.map(\.enterpriseID), gained: $0.gained.map(\.enterpriseID),
                         total_alone: RankingWriter.round($0.totalAlone), total_coordinated: RankingWriter.round($0.totalCoordinated), sentence: $0.sentence(.zh))
            },
            chains: r.chains.map { c in
                Chain(chain: c.chainID, name: c.nameZh, places: c.places.map {
                    Place(campaign: $0.campaignID, place: $0.place, density: RankingWriter.round($0.density),
                          endowment: RankingWriter.round($0.endowment), priority: $0.priority, listed: $0.listed)
                }, sentence: c.sentence(.zh))
            })
        return try ReportWriter.finish(ReportWriter.encoder().encode(report))
    }

    static func fmt(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
}
