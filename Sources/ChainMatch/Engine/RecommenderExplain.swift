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
        let masks = ConstraintMasks(needs: encoding.needs, limits: encoded.limits)
        let breakdown = ScoreBreakdown(features: encoding.features, row: row, weights: encoded.weights, column: 0, layout: layout,
                                       project: masks.projectTerm(enterprise: row, campaign: 0))
        let rules = masks.violations(enterprise: row, campaign: 0)
        // Every enterprise's exact score for this campaign, as the list reports it (near the cut a
        // rounded sgemv could order two enterprises differently from the list), in one pass.
        let score = BlockedScorer.exactScore(features: encoding.features, row: row, weights: encoded.weights, column: 0, projectCredit: layout.projectCredit, masks: masks)
        let me = ScoredItem(index: row, score: score)
        var ahead = 0, eligible = 0
        CampaignScorePass.run(features: encoding.features, weights: encoded.weights, column: 0, projectCredit: layout.projectCredit, masks: masks) { e, s, allowed in
            guard allowed else { return }
            eligible += 1
            if ScoredItem.ranksBefore(ScoredItem(index: e, score: s), me) { ahead += 1 }
        }
        let listed = list.results.first { $0.row == row }
        let cut = list.results.last?.score
        var sentences: [String] = []
        let project = masks.project(enterprise: row, campaign: 0)
        if let listed {
            sentences.append(lang == .zh ? "已入选，第\(listed.rank)名，得分\(String(format: "%.2f", listed.score))。" : "Selected at rank \(listed.rank), score \(String(format: "%.2f", listed.score)).")
            sentences += listed.reasons
        } else if !rules.isEmpty {
            sentences += EnterpriseExplanation.ruleSentences(rules, project: project, campaign: campaign, enterpriseID: enterpriseID,
                                                             nodes: Array(encoding.evidence[row].nodes.prefix(3)), lang: lang)
        } else if let cut, let last = list.results.last, score < cut || (score == cut && ahead >= list.results.count) {
            sentences.append(lang == .zh
                ? "未入选：得分\(String(format: "%.2f", score))，在\(eligible)家符合条件的企业中排第\(ahead + 1)名，比入选线\(String(format: "%.2f", cut))低\(String(format: "%.2f", cut - score))。"
                : "Not selected: score \(String(format: "%.2f", score)), rank \(ahead + 1) of \(eligible) eligible enterprises, \(String(format: "%.2f", cut - score)) below the cut of \(String(format: "%.2f", cut)).")
            sentences.append(EnterpriseExplanation.gapSentence(breakdown: breakdown, row: row, last: last, parts: encoded.chainParts[0],
                                              features: encoding.features, layout: layout, taxonomy: models.taxonomy, lang: lang))
        } else {
            sentences.append(EnterpriseExplanation.displacedSentence(score: score, enterprise: enterprise, campaign: campaign, list: list,
                                                                    taxonomy: models.taxonomy, lang: lang))
        }
        let parts = FeatureLayout.Block.allCases.map { b in
            "\(lang == .zh ? b.nameZh : b.rawValue) \(String(format: "%.2f", breakdown[b]))"
        }
        sentences.append((lang == .zh ? "得分构成：" : "Score parts: ") + parts.joined(separator: lang == .zh ? "，" : ", ")
                         + (lang == .zh ? "，合计\(String(format: "%.2f", breakdown.total))。" : "; total \(String(format: "%.2f", breakdown.total))."))
        let profile = models.profile(campaign.profile)
        sentences.append(EnterpriseExplanation.profileSentence(profile, named: campaign.profile,
                                                               base: profile?.provenance.flatMap { models.profile($0.baseProfile) }, lang: lang))
        return EnterpriseExplanation(
            campaign: campaign, enterprise: enterprise, selected: listed != nil, listRank: listed?.rank, score: score,
            breakdown: breakdown, eligibleRank: rules.isEmpty ? ahead + 1 : nil, eligibleCount: eligible, cutScore: cut,
            rules: rules, sentences: sentences)
    }
}
