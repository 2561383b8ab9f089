/// Ranking campaigns: one streamed scoring pass, then quotas and group caps, then reasons.
extension Recommender {
    /// How many candidates the allocation step chooses from when a campaign has quotas or a group cap.
    static func poolSize(for n: Int) -> Int { max(5 * n, 100) }

    /// Encodes campaigns against the loaded enterprises (exclusions and anchors resolved to rows).
    public func encode(_ campaigns: [Campaign], with encoder: CampaignEncoder? = nil) throws -> CampaignEncoding {
        let features = encoding.features
        let density = relatedness.map { r in { (c: Campaign) in r.density(park: c.parkID, province: c.province) } }
        return try (encoder ?? campaignEncoder).encode(campaigns, enterpriseIndex: enterpriseIndex, relatedness: density,
                                                      anchorActivity: { features[$0, $1] })
    }

    /// Ranks every campaign in one streamed pass; `top` overrides each campaign's own N.
    ///
    /// A campaign with quotas or a group cap is scored for a pool of `max(5N, 100)` candidates,
    /// plus the same number from each quota chain (an extra weight column masked to that chain's
    /// wanted nodes), and `QuotaAllocator` picks the best N that keep every rule. Without rules
    /// the list is simply the top N.
    public func rank(_ campaigns: [Campaign], top: Int? = nil, language: Reasons.Language = .zh) throws -> [RankedList] {
        return try rank(campaigns, encoded: encode(campaigns), top: top, language: language)
    }

    /// Ranks campaigns already encoded (what-if scenarios encode their own).
    public func rank(_ campaigns: [Campaign], encoded: CampaignEncoding, top: Int? = nil, language: Reasons.Language = .zh) throws -> [RankedList] {
        let chainRange = layout.range(of: .chain)
        // Columns to score: each campaign, then one per quota chain.
        var columns: [(campaign: Int, quota: Int?)] = []
        var limits: [CampaignLimits] = []
        for (c, campaign) in campaigns.enumerated() {
            columns.append((c, nil))
            limits.append(encoded.limits[c])
            for (q, quota) in campaign.quotas.enumerated() {
                var l = encoded.limits[c]
                var words = [UInt64](repeating: 0, count: (layout.nodeIDs.count + 63) / 64)
                for (i, id) in layout.nodeIDs.enumerated() where models.taxonomy.node(id)?.chain == quota.chain {
                    let wanted = encoded.chainParts[c][i]
                    if !campaign.requireChainMatch || wanted.gap + wanted.supplier + wanted.customer > 0 {
                        words[i / 64] |= 1 << UInt64(i % 64)
                    }
                }
                l.requiredNodes = words
                columns.append((c, q))
                limits.append(l)
            }
        }
        var weights = Matrix(rows: layout.width, columns: columns.count)
        for (j, column) in columns.enumerated() {
            for f in 0..<layout.width { weights[f, j] = encoded.weights[f, column.campaign] }
        }
        let sizes = campaigns.map { top ?? $0.top }
        let needsAllocation = campaigns.map { !$0.quotas.isEmpty || $0.maxPerGroup != nil }
        let k = campaigns.indices.map { needsAllocation[$0] ? Self.poolSize(for: sizes[$0]) : sizes[$0] }.max() ?? 0
        let masks = ConstraintMasks(needs: encoding.needs, limits: limits)
        let heaps = try BlockedScorer(k: k, threads: threads).rank(features: encoding.features, weights: weights, masks: masks)

        var lists: [RankedList] = []
        for (c, campaign) in campaigns.enumerated() {
            let n = sizes[c]
            var chosen: [ScoredItem]
            var shortfall: [String: Int] = [:]
            var poolSize = 0
            if needsAllocation[c] {
                let pool = Self.poolSize(for: n)
                var seen = Set<Int>()
                var items: [ScoredItem] = []
                for (j, column) in columns.enumerated() where column.campaign == c {
                    for item in heaps[j].sorted().prefix(pool) where seen.insert(item.index).inserted { items.append(item) }
                }
                items.sort(by: ScoredItem.ranksBefore)
                poolSize = items.count
                let quotaChains = campaign.quotas.map(\.chain)
                var groupIDs: [String: Int] = [:]
                let candidates = items.map { item -> QuotaAllocator.Candidate in
                    let e = datasets.enterprises[item.index]
                    let key = e.parentGroupID ?? e.id
                    let group = groupIDs[key] ?? { groupIDs[key] = groupIDs.count; return groupIDs.count - 1 }()
                    // The quota chain in which the enterprise is most active, if any.
                    var best: (Int, Float)?
                    for (q, chain) in quotaChains.enumerated() {
                        var activity: Float = 0
                        for (i, id) in layout.nodeIDs.enumerated() where models.taxonomy.node(id)?.chain == chain {
                            activity += encoding.features[item.index, chainRange.lowerBound + i]
                        }
                        if activity > 0, best == nil || activity > best!.1 { best = (q, activity) }
                    }
                    return QuotaAllocator.Candidate(score: Double(item.score), category: best?.0, group: group)
                }
                let selection = QuotaAllocator.select(
                    candidates: candidates, count: n,
                    minimum: campaign.quotas.map(\.minimum), maximum: campaign.quotas.map(\.maximum),
                    perGroup: campaign.maxPerGroup)
                chosen = selection.chosen.map { items[$0] }
                for (q, missing) in selection.shortfall.enumerated() where missing > 0 { shortfall[quotaChains[q]] = missing }
            } else {
                chosen = Array(heaps[columns.firstIndex { $0.campaign == c }!].sorted().prefix(n))
                poolSize = chosen.count
            }
            let reasons = Reasons(models: models, campaign: campaign, layout: layout, endowment: endowment,
                                  chainParts: encoded.chainParts[c], encoding: encoding,
                                  parkName: campaign.parkID.flatMap { parksByID[$0]?.name }, relatedness: relatedness)
            let results = chosen.enumerated().map { i, item -> RankedEnterprise in
                var r = RankedEnterprise(
                    rank: i + 1, row: item.index, enterprise: datasets.enterprises[item.index], score: item.score,
                    lists: encoding.needs.lists[item.index],
                    breakdown: ScoreBreakdown(features: encoding.features, row: item.index, weights: encoded.weights, column: c, layout: layout),
                    chainNodes: encoding.evidence[item.index])
                r.reasons = reasons.sentences(for: r, language: language)
                return r
            }
            lists.append(RankedList(campaign: campaign, results: results, shortfall: shortfall, poolSize: poolSize))
        }
        return lists
    }
}
