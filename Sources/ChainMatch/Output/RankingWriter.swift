import Foundation

/// Writes ranked lists for people and programs: an aligned table, CSV for Excel, or JSON.
///
/// ```swift
/// let text = try RankingWriter.render(list, format: .table)
/// try AtomicFile.write(RankingWriter.csv(list), to: "out/list.csv")
/// ```
///
/// CSV is UTF-8 with a byte-order mark so Excel shows the Chinese names, and cells that begin with
/// = + - @ are neutralised. JSON is `{"campaign": …, "results": [{"rank", "enterprise_id", "name",
/// "score", "province", "lists", "chain_nodes", "contributions", …}]}` with keys sorted, so the same
/// ranking always gives the same bytes.
public enum RankingWriter {
    public enum Format: String, CaseIterable, Sendable { case table, csv, json }

    /// Scores and contributions are written with this many decimals.
    static let decimals = 6

    static func fixed(_ v: Double, _ digits: Int = decimals) -> String {
        FixedPoint.text(v == 0 ? 0 : v, digits: digits)
    }

    public static func render(_ list: RankedList, format: Format, reasons: Bool = false) throws -> Data {
        switch format {
        case .table: return Data(table(list, reasons: reasons).utf8)
        case .csv: return csv(list)
        case .json: return try json([list])
        }
    }

    /// An aligned table; with `reasons`, each enterprise's 推荐理由 follow the table.
    public static func table(_ list: RankedList, reasons: Bool = false) -> String {
        let c = list.campaign
        var out = "\(c.nameZh)  [\(c.id)]\n\(c.nameEn)\n"
        out += "园区 park: \(c.parkID ?? "—")  省份 province: \(c.province)  权重 profile: \(c.profile)  目标 top: \(list.results.count)\n\n"
        var t = TextTable(header: ["#", "企业 enterprise", "省份", "名单 lists", "得分 points", "链", "禀赋", "关联", "画像", "环节 nodes"], rightAligned: [0, 4, 5, 6, 7, 8], maxWidth: 36)
        for r in list.results {
            t.append([
                String(r.rank), r.enterprise.name, r.enterprise.province ?? r.enterprise.country ?? "",
                r.lists.names.joined(separator: ","), fixed(Double(r.score), 2),
                fixed(r.breakdown[.chain], 2), fixed(r.breakdown[.endowment], 2),
                fixed(r.breakdown[.relatedness], 2), fixed(r.breakdown[.profile], 2),
                r.chainNodes.nodes.prefix(3).joined(separator: ","),
            ])
        }
        out += t.render()
        out += "\n" + ListCapacitySummary(list).sentence(campaign: c) + "\n"
        for (scope, missing) in list.shortfall.sorted(by: { $0.key < $1.key }) {
            out += "\n注意 note: \(scope) 的最低数量差 \(missing) 家（候选池 \(list.poolSize) 家中不足） — the quota for \(scope) is short by \(missing)\n"
        }
        if reasons {
            for r in list.results {
                out += "\n\(r.rank). \(r.enterprise.name)\n" + r.reasons.map { "   · " + $0 }.joined(separator: "\n") + "\n"
            }
        }
        return out
    }

    static let csvHeader = ["rank", "enterprise_id", "name", "score", "province", "country", "lists", "ownership",
                            "chain_nodes", "contribution_chain", "contribution_endowment", "contribution_relatedness",
                            "contribution_profile", "revenue_cny_100m", "campaign_id", "reasons"]

    static func csvRow(_ r: RankedEnterprise, campaign: Campaign) -> [String] {
        [String(r.rank), r.enterprise.id, r.enterprise.name, fixed(Double(r.score)), r.enterprise.province ?? "",
         r.enterprise.country ?? "", r.lists.names.joined(separator: ";"), r.enterprise.ownership.rawValue,
         r.chainNodes.nodes.joined(separator: ";"),
         fixed(r.breakdown[.chain]), fixed(r.breakdown[.endowment]), fixed(r.breakdown[.relatedness]), fixed(r.breakdown[.profile]),
         r.enterprise.revenueCNY100m.map { fixed($0, 2) } ?? "", campaign.id, r.reasons.joined(separator: "\n")]
    }

    public static func csv(_ list: RankedList) -> Data {
        CSVWriter.encode(header: csvHeader, rows: list.results.map { csvRow($0, campaign: list.campaign) })
    }

    struct JSONResult: Encodable {
        var rank: Int
        var enterprise_id: String
        var name: String
        var name_en: String?
        var score: Double
        var province: String?
        var country: String?
        var lists: [String]
        var ownership: String
        var chain_nodes: [String]
        var contributions: [String: Double]
        var revenue_cny_100m: Double?
        var reasons: [String]
    }

    struct JSONCampaign: Encodable {
        var id: String
        var name_zh: String
        var name_en: String
        var park: String?
        var province: String
        var profile: String
        var top: Int
    }

    struct JSONList: Encodable {
        var campaign: JSONCampaign
        var results: [JSONResult]
        var quota_shortfall: [String: Int]
        var candidate_pool: Int
    }

    static func round(_ v: Double) -> Double {
        let scale = pow(10, Double(decimals))
        return (v * scale).rounded() / scale
    }

    static func jsonList(_ list: RankedList) -> JSONList {
        let c = list.campaign
        return JSONList(
            campaign: JSONCampaign(id: c.id, name_zh: c.nameZh, name_en: c.nameEn, park: c.parkID, province: c.province, profile: c.profile, top: c.top),
            results: list.results.map { r in
                JSONResult(
                    rank: r.rank, enterprise_id: r.enterprise.id, name: r.enterprise.name, name_en: r.enterprise.nameEn,
                    score: round(Double(r.score)), province: r.enterprise.province, country: r.enterprise.country,
                    lists: r.lists.names, ownership: r.enterprise.ownership.rawValue,
                    chain_nodes: r.chainNodes.nodes,
                    contributions: Dictionary(uniqueKeysWithValues: FeatureLayout.Block.allCases.map { ($0.rawValue, round(r.breakdown[$0])) }),
                    revenue_cny_100m: r.enterprise.revenueCNY100m, reasons: r.reasons)
            },
            quota_shortfall: list.shortfall, candidate_pool: list.poolSize)
    }

    /// One list as a JSON object, or several as an array.
    public static func json(_ lists: [RankedList]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = lists.count == 1 ? try encoder.encode(jsonList(lists[0])) : try encoder.encode(lists.map(jsonList))
        data.append(0x0A)
        return data
    }
}
