import Foundation

extension Recommender {
    public func explain(campaign: Campaign, enterpriseID: String, top: Int? = nil, language lang: Reasons.Language = .zh) throws -> EnterpriseExplanation {
        guard let row = enterpriseIndex[enterpriseID] else {
            let hint = ArgumentParser.closest(to: enterpriseID, among: Array(enterpriseIndex.keys)).map { "; did you mean \($0)?" } ?? ""
            throw ChainMatchError.unknownReference(nil, kind: "enterprise", id: enterpriseID + hint)
        }
        let encoded = try encode([campaign])
        let list = try rank([campaign], encoded: encoded, top: top, language: lang)[0]
        let enterprise = datasets.enterprises[row]
        let breakdown = ScoreBreakdown(features: encoding.features, row: row, weights: encoded.weights, column: 0, layout: layout)
        // Every enterprise's exact score for this campaign, as the list reports it (near the cut a
        // rounded sgemv could order two enterprises differently from the list).
        let scores = BlockedScorer.exactScores(features: encoding.features, weights: encoded.weights, column: 0)
        let score = scores[row]
        let masks = ConstraintMasks(needs: encoding.needs, limits: encoded.limits)
        let rules = masks.violations(enterprise: row, campaign: 0)
        let me = ScoredItem(index: row, score: score)
        var ahead = 0, eligible = 0
        for e in 0..<scores.count where masks.allows(enterprise: e, campaign: 0) {
            eligible += 1
            if ScoredItem.ranksBefore(ScoredItem(index: e, score: scores[e]), me) { ahead += 1 }
        }
        let listed = list.results.first { $0.row == row }
        let cut = list.results.last?.score
        var sentences: [String] = []
        let project = masks.project(enterprise: row, campaign: 0)
        let cap = campaign.capacity
        let tag = cap.illustrative ? (lang == .zh ? "（示意）" : " (illustrative)") : ""
        func n(_ v: Double) -> String { lang == .zh ? Reasons.number(v) : Reasons.numberEn(v) }
        if let listed {
            sentences.append(lang == .zh ? "已入选，第\(listed.rank)名，得分\(String(format: "%.2f", listed.score))。" : "Selected at rank \(listed.rank), score \(String(format: "%.2f", listed.score)).")
            sentences += listed.reasons
        } else if !rules.isEmpty {
            for rule in rules {
                switch (rule, lang) {
                case (.land, .zh): sentences.append("未入选：需用地约\(n(project.landMu))亩，超过园区可用的\(n(cap.landMu ?? 0))亩\(tag)。")
                case (.land, .en): sentences.append("Not selected: needs about \(n(project.landMu)) mu of land, more than the park's \(n(cap.landMu ?? 0)) mu\(tag).")
                case (.energy, .zh): sentences.append("未入选：年能耗约\(n(project.energyTce))吨标煤，超过能耗指标\(n(cap.energyTce ?? 0))吨标煤\(tag)。")
                case (.energy, .en): sentences.append("Not selected: uses about \(n(project.energyTce)) tce a year, more than the quota of \(n(cap.energyTce ?? 0)) tce\(tag).")
                case (.water, .zh): sentences.append("未入选：年用水约\(n(project.waterTonnes))吨，超过用水指标\(n(cap.waterTonnes ?? 0))吨\(tag)。")
                case (.water, .en): sentences.append("Not selected: uses about \(n(project.waterTonnes)) t of water a year, more than \(n(cap.waterTonnes ?? 0)) t\(tag).")
                case (.emissions, .zh): sentences.append("未入选：年排放约\(n(project.emissionTonnes))吨CO₂，超过排放指标\(n(cap.emissionTonnes ?? 0))吨\(tag)。")
                case (.emissions, .en): sentences.append("Not selected: emits about \(n(project.emissionTonnes)) t CO₂ a year, more than \(n(cap.emissionTonnes ?? 0)) t\(tag).")
                case (.twoHigh, .zh): sentences.append("未入选：属“两高”项目，本次招商不接受两高项目。")
                case (.twoHigh, .en): sentences.append("Not selected: a two-high (两高) project, which this campaign screens out.")
                case (.listFilter, .zh): sentences.append("未入选：不在本次限定的名单（\(campaign.lists.joined(separator: "、"))）中。")
                case (.listFilter, .en): sentences.append("Not selected: on none of the lists this campaign draws from (\(campaign.lists.joined(separator: ", "))).")
                case (.excluded, _):
                    if let anchor = campaign.anchors.first(where: { $0.enterpriseID == enterpriseID }) {
                        // An anchor is already in the park: the campaign courts its suppliers and customers (以商招商).
                        let why = anchor.reason.isEmpty ? "" : (lang == .zh ? "（\(anchor.reason)）" : " (\(anchor.reason))")
                        sentences.append(lang == .zh
                            ? "不参与排名：是本次以商招商的锚定企业\(why)。"
                            : "Not ranked: the campaign's anchor enterprise\(why); the campaign courts its suppliers and customers (以商招商).")
                    } else {
                        let reason = campaign.exclusions.first { $0.enterpriseID == enterpriseID }?.reason ?? ""
                        sentences.append(lang == .zh ? "未入选：已在排除名单中（\(reason)）。" : "Not selected: on the exclusion list (\(reason)).")
                    }
                case (.offChain, _):
                    let nodes = encoding.evidence[row].nodes.prefix(3)
                    if nodes.isEmpty {
                        sentences.append(lang == .zh ? "未入选：企业不在产业链图谱的任何环节，与本次目标无关。" : "Not selected: the enterprise is in no node of the chain taxonomy.")
                    } else if lang == .zh {
                        sentences.append("未入选：不在本次目标环节及其上下游（企业所在环节：\(nodes.joined(separator: "、"))）。")
                    } else {
                        sentences.append("Not selected: not active in any target node or its neighbours (its nodes: \(nodes.joined(separator: ", "))).")
                    }
                }
            }
        } else if let cut, let last = list.results.last, score < cut || (score == cut && ahead >= list.results.count) {
            sentences.append(lang == .zh
                ? "未入选：得分\(String(format: "%.2f", score))，在\(eligible)家符合条件的企业中排第\(ahead + 1)名，比入选线\(String(format: "%.2f", cut))低\(String(format: "%.2f", cut - score))。"
                : "Not selected: score \(String(format: "%.2f", score)), rank \(ahead + 1) of \(eligible) eligible enterprises, \(String(format: "%.2f", cut - score)) below the cut of \(String(format: "%.2f", cut)).")
            sentences.append(EnterpriseExplanation.gapSentence(breakdown: breakdown, row: row, last: last, parts: encoded.chainParts[0],
                                              features: encoding.features, layout: layout, lang: lang))
        } else {
            sentences.append(EnterpriseExplanation.displacedSentence(score: score, enterprise: enterprise, campaign: campaign, list: list,
                                                                    taxonomy: models.taxonomy, lang: lang))
        }
        let parts = FeatureLayout.Block.allCases.map { b in
            "\(lang == .zh ? b.nameZh : b.rawValue) \(String(format: "%.2f", breakdown[b]))"
        }
        sentences.append((lang == .zh ? "得分构成：" : "Score parts: ") + parts.joined(separator: lang == .zh ? "，" : ", ")
                         + (lang == .zh ? "，合计\(String(format: "%.2f", breakdown.total))。" : "; total \(String(format: "%.2f", breakdown.total))."))
        return EnterpriseExplanation(
            campaign: campaign, enterprise: enterprise, selected: listed != nil, listRank: listed?.rank, score: score,
            breakdown: breakdown, eligibleRank: rules.isEmpty ? ahead + 1 : nil, eligibleCount: eligible, cutScore: cut,
            rules: rules, sentences: sentences)
    }
}
