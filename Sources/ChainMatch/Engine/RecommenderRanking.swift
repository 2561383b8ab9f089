import Foundation

/// Ranking campaigns: one streamed scoring pass, then quotas and group caps, then reasons.
extension Recommender {
    /// How many candidates the allocation step chooses from when a campaign has quotas or a group cap.
    static func poolSize(for n: Int) -> Int { RankingPlan.poolSize(for: n) }

    /// What the post-scoring step reads: models, layout, endowment, parks and the enterprises.
    public var rankingContext: RankingContext {
        RankingContext(models: models, layout: layout, endowment: endowment, parksByID: parksByID, relatedness: relatedness)
    }

    /// Ranks every campaign in one streamed pass; `top` overrides each campaign's own N.
    ///
    /// A campaign with quotas or a group cap is scored for a pool of `max(5N, 100)` candidates,
    /// plus the same number from each quota (an extra weight column masked to the enterprises whose
    /// project — in the node `EnterpriseNeeds.projectChoice` picks — lies in the quota's chain or node), and
    /// `QuotaAllocator` picks the best N that keep every rule, counting each enterprise toward the
    /// quota its project is in. Without rules
    /// the list is simply the top N.
    public func rank(_ campaigns: [Campaign], top: Int? = nil, language: Reasons.Language = .zh) throws -> [RankedList] {
        return try rank(campaigns, encoded: encode(campaigns), top: top, language: language)
    }

    /// Encodes campaigns against the loaded enterprises (exclusions and anchors resolved to rows).
    public func encode(_ campaigns: [Campaign], with encoder: CampaignEncoder? = nil) throws -> CampaignEncoding {
        let features = encoding.features
        let taxonomy = models.taxonomy
        let uptake = relatedness.map { r in { (c: Campaign) in try r.campaignSide(c, taxonomy: taxonomy) } }
        return try (encoder ?? campaignEncoder).encode(campaigns, enterpriseIndex: enterpriseIndex, relatedness: uptake,
                                                      anchorActivity: { features[$0, $1] })
    }

    /// Ranks campaigns already encoded (what-if scenarios encode their own).
    public func rank(_ campaigns: [Campaign], encoded: CampaignEncoding, top: Int? = nil, language: Reasons.Language = .zh) throws -> [RankedList] {
        try RankingPlan.check(top: top, campaigns: campaigns)
        let plan = RankingPlan(campaigns: campaigns, encoded: encoded, top: top, layout: layout, taxonomy: models.taxonomy)
        let masks = ConstraintMasks(needs: encoding.needs, limits: plan.limits)
        let heaps = try BlockedScorer(k: plan.k, threads: threads, projectCredit: layout.projectCredit).rank(features: encoding.features, weights: plan.weights, masks: masks)
        let rows = RankingRows(enterprises: datasets.enterprises, encoding: encoding)
        return rankingContext.explainedLists(plan: plan, candidates: heaps.map { $0.sorted() }, rows: rows, language: language)
    }
}
