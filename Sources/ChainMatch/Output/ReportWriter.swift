import Foundation

/// Text and JSON for explanations, what-if analyses and chain maps (HTML is `HTMLReport`).
///
/// ```swift
/// print(ReportWriter.text(whatIf, language: .zh))
/// let json = try ReportWriter.json(chainMap)
/// ```
public enum ReportWriter {
    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return e
    }

    static func finish(_ data: Data) -> Data { var d = data; d.append(0x0A); return d }

    // MARK: Explanation

    public static func text(_ e: EnterpriseExplanation) -> String {
        "\(e.enterprise.name)  [\(e.enterprise.id)]  ×  \(e.campaign.nameZh)  [\(e.campaign.id)]\n"
            + e.sentences.map { "  · " + $0 }.joined(separator: "\n") + "\n"
    }

    struct ExplanationJSON: Encodable {
        var campaign: String
        var enterprise_id: String
        var name: String
        var selected: Bool
        var rank: Int?
        var score: Double
        var contributions: [String: Double]
        var eligible_rank: Int?
        var eligible_count: Int
        var cut_score: Double?
        var rules: [String]
        var sentences: [String]
    }

    public static func json(_ e: EnterpriseExplanation) throws -> Data {
        finish(try encoder().encode(ExplanationJSON(
            campaign: e.campaign.id, enterprise_id: e.enterprise.id, name: e.enterprise.name, selected: e.selected,
            rank: e.listRank, score: RankingWriter.round(Double(e.score)),
            contributions: Dictionary(uniqueKeysWithValues: FeatureLayout.Block.allCases.map { ($0.rawValue, RankingWriter.round(e.breakdown[$0])) }),
            eligible_rank: e.eligibleRank, eligible_count: e.eligibleCount, cut_score: e.cutScore.map { RankingWriter.round(Double($0)) },
            rules: e.rules.map(\.rawValue), sentences: e.sentences)))
    }

    // MARK: What-if

    public static func text(_ w: WhatIfAnalysis, language lang: Reasons.Language = .zh) -> String {
        let zh = lang == .zh
        var out = (zh ? "情景推演：" : "What-if: ") + "\(w.scenario.name)  [\(w.baseline.campaign.id)]\n"
        if w.changes.isEmpty {
            return out + (zh ? "目标清单不变（与基准完全相同）。\n" : "The list is unchanged (identical to the baseline).\n")
        }
        out += zh ? "新进 \(w.diff.entered.count)，退出 \(w.diff.left.count)，名次变动 \(w.diff.moved.count)，不变 \(w.diff.unchanged)\n\n"
                  : "entered \(w.diff.entered.count), left \(w.diff.left.count), moved \(w.diff.moved.count), unchanged \(w.diff.unchanged)\n\n"
        var t = TextTable(header: [zh ? "变化" : "change", zh ? "企业" : "enterprise", zh ? "原名次" : "was", zh ? "新名次" : "now", zh ? "原因" : "why"], rightAligned: [2, 3], maxWidth: 40)
        for c in w.changes {
            let label = c.kind.label(chinese: zh)
            t.append([label, c.name, c.oldRank.map(String.init) ?? "—", c.newRank.map(String.init) ?? "—", c.reason])
        }
        return out + t.render() + "\n" + RankingWriter.table(w.result)
    }

    struct ChangeJSON: Encodable {
        var change: String
        var enterprise_id: String
        var name: String
        var old_rank: Int?
        var new_rank: Int?
        var old_score: Double?
        var new_score: Double?
        var contribution_change: [String: Double]
        var reason: String
    }

    struct WhatIfJSON: Encodable {
        var scenario: String
        var campaign: String
        var changes: [ChangeJSON]
        var unchanged: Int
        var results: RankingWriter.JSONList
    }

    public static func json(_ w: WhatIfAnalysis) throws -> Data {
        finish(try encoder().encode(WhatIfJSON(
            scenario: w.scenario.name, campaign: w.baseline.campaign.id,
            changes: w.changes.map { c in
                ChangeJSON(change: c.kind.rawValue, enterprise_id: c.enterpriseID, name: c.name, old_rank: c.oldRank, new_rank: c.newRank,
                           old_score: c.oldScore.map { RankingWriter.round(Double($0)) }, new_score: c.newScore.map { RankingWriter.round(Double($0)) },
                           contribution_change: Dictionary(uniqueKeysWithValues: c.blockDeltas.map { ($0.key.rawValue, RankingWriter.round($0.value)) }),
                           reason: c.reason)
            },
            unchanged: w.diff.unchanged, results: RankingWriter.jsonList(w.result))))
    }

    // MARK: Chain map

    public static func text(_ m: ChainMap, language lang: Reasons.Language = .zh) -> String {
        let zh = lang == .zh
        var out = (zh ? "产业链招商图谱：" : "Chain map: ") + "\(m.campaign.nameZh)  [\(m.campaign.id)]\n"
        if let p = m.parkName { out += (zh ? "园区：" : "Park: ") + p + (m.parkIndustries.isEmpty ? "" : "（" + m.parkIndustries.joined(separator: "、") + "）") + "\n" }
        out += "\n"
        var t = TextTable(header: [zh ? "环节" : "node", zh ? "阶段" : "stage", zh ? "缺口" : "gap", zh ? "园区" : "park", zh ? "本省企业" : "region", zh ? "首选目标" : "best targets"], rightAligned: [4], maxWidth: 46)
        var lastChain = ""
        for n in m.nodes {
            if n.chain != lastChain {
                let chain = m.chains.first { $0.id == n.chain }
                t.append(["【" + (zh ? chain?.nameZh ?? n.chain : chain?.nameEn ?? n.chain) + "】", "", "", "", "", ""])
                lastChain = n.chain
            }
            let gap = n.gap.map { zh ? $0.nameZh : $0.rawValue } ?? (n.weight > 0 ? (zh ? "上下游" : "neighbour") : "")
            t.append([(zh ? n.nameZh : n.nameEn), n.stage.rawValue, gap, n.parkMentions.isEmpty ? "" : "✓ " + n.parkMentions.joined(separator: "、"),
                      String(n.regionEnterprises.count), n.bestTargets.map(\.name).joined(separator: "、")])
        }
        return out + t.render()
    }

    struct ChainMapNodeJSON: Encodable {
        var id: String
        var chain: String
        var name_zh: String
        var name_en: String
        var stage: String
        var gap: String?
        var priority: Double
        var weight: Double
        var park_mentions: [String]
        var region_enterprises: [String]
        var upstream: [String]
        var best_targets: [[String: String]]
    }

    struct ChainMapJSON: Encodable {
        var campaign: String
        var park: String?
        var park_industries: [String]
        var chains: [String]
        var nodes: [ChainMapNodeJSON]
    }

    public static func json(_ m: ChainMap) throws -> Data {
        finish(try encoder().encode(ChainMapJSON(
            campaign: m.campaign.id, park: m.campaign.parkID, park_industries: m.parkIndustries, chains: m.chains.map(\.id),
            nodes: m.nodes.map { n in
                ChainMapNodeJSON(id: n.id, chain: n.chain, name_zh: n.nameZh, name_en: n.nameEn, stage: n.stage.rawValue,
                                 gap: n.gap?.rawValue, priority: n.priority, weight: RankingWriter.round(Double(n.weight)),
                                 park_mentions: n.parkMentions, region_enterprises: n.regionEnterprises, upstream: n.upstream,
                                 best_targets: n.bestTargets.map { ["enterprise_id": $0.enterpriseID, "name": $0.name, "score": String(format: "%.6f", $0.score)] })
            })))
    }
}
