import Foundation

/// Province coordination (省级统筹, 错位发展): the campaigns of one province share their enterprises.
extension Recommender {
    /// The bundled (or given) campaigns of one province: `province` is the canonical name or its start (甘肃).
    public static func campaigns(_ all: [Campaign], inProvince province: String) throws -> [Campaign] {
        let chosen = all.filter { $0.province == province || $0.province.hasPrefix(province) }
        guard !chosen.isEmpty else {
            let known = Array(Set(all.map(\.province))).sorted().joined(separator: ", ")
            throw ChainMatchError.usage("no campaign in province '\(province)'; campaigns are in: \(known)")
        }
        return chosen
    }

    /// Ranks the campaigns together: each enterprise on at most `maxCampaigns` lists, every campaign keeping
    /// its list size, quotas and group cap, the province's total score maximal (`ProvinceAllocator`, exact).
    /// Every eligible enterprise of every campaign is a candidate, scored with the lists' exact score.
    public func coordinate(_ campaigns: [Campaign], maxCampaigns: Int = 1, top: Int? = nil,
                           language: Reasons.Language = .zh) throws -> ProvinceCoordination {
        guard maxCampaigns >= 1 else { throw ChainMatchError.usage("--max-campaigns must be at least 1") }
        let encoded = try encode(campaigns)
        let independent = try rank(campaigns, encoded: encoded, top: top, language: language)
        let plan = RankingPlan(campaigns: campaigns, encoded: encoded, top: top, layout: layout, taxonomy: models.taxonomy)
        let masks = ConstraintMasks(needs: encoding.needs, limits: encoded.limits)
        let pools = campaigns.indices.map { c -> [ScoredItem] in
            var items: [ScoredItem] = []
            CampaignScorePass.run(features: encoding.features, weights: encoded.weights, column: c, projectCredit: layout.projectCredit, masks: masks) { row, score, allowed in
                if allowed { items.append(ScoredItem(index: row, score: score)) }
            }
            return items.sorted(by: ScoredItem.ranksBefore)
        }
        let rows = RankingRows(enterprises: datasets.enterprises, encoding: encoding)
        let members = Array(campaigns.indices)
        let problem = rankingContext.coordinationProblem(plan: plan, members: members, pools: pools, rows: rows)
        let (lists, solves) = rankingContext.coordinatedLists(plan: plan, members: members, pools: pools, problem: problem,
                                                              rows: rows, maxCampaigns: maxCampaigns)
        let explained = rankingContext.explained(lists, plan: plan, rows: rows, language: language)
        return rankingContext.coordinationReport(independent: independent, coordinated: explained, maxCampaigns: maxCampaigns, solves: solves)
    }
}
