/// The weight columns, limits and list sizes that one scoring pass over a set of campaigns needs.
///
/// ```swift
/// let plan = RankingPlan(campaigns: cs, encoded: enc, top: nil, layout: layout, taxonomy: models.taxonomy)
/// let heaps = try BlockedScorer(k: plan.k).rank(features: x, weights: plan.weights,
///                                               masks: ConstraintMasks(needs: needs, limits: plan.limits))
/// let lists = context.lists(plan: plan, candidates: heaps.map { $0.sorted() }, rows: rows)
/// ```
///
/// Columns are each campaign in order, each followed by one column per quota (the campaign's
/// weights, limited to enterprises whose project is in the quota's chain or node). Every column keeps the same
/// `k`: the largest list size, or pool size for campaigns with quotas or a group cap.
public struct RankingPlan: Sendable {
    public struct Column: Equatable, Sendable {
        public var campaign: Int
        /// The quota (index into `campaign.quotas`) this column serves; nil for the campaign's own column.
        public var quota: Int?
    }

    public let campaigns: [Campaign]
    public let encoded: CampaignEncoding
    public let columns: [Column]
    /// `layout.width × columns.count`.
    public let weights: Matrix
    public let limits: [CampaignLimits]
    /// Each campaign's list size (its own N, or the `top` override).
    public let sizes: [Int]
    public let needsAllocation: [Bool]
    /// Results kept per column.
    public private(set) var k: Int

    /// Refuses a list-size override that cannot hold a campaign's quota minimums, as the campaign
    /// reader refuses the same `top` in the file.
    public static func check(top: Int?, campaigns: [Campaign]) throws {
        guard let top else { return }
        for c in campaigns {
            let required = c.quotas.reduce(0) { $0 + $1.minimum }
            if required > top {
                throw ChainMatchError.usage("a list of \(top) cannot hold campaign \(c.id)'s quota minimums (\(required) in all); ask for at least \(required)")
            }
        }
    }

    /// The same plan keeping at least `k` results per column (a deeper pool for province coordination).
    public func deepened(to k: Int) -> RankingPlan {
        var plan = self
        plan.k = max(self.k, k)
        return plan
    }

    /// How many candidates the allocation step chooses from when a campaign has quotas or a group cap.
    public static func poolSize(for n: Int) -> Int { max(5 * n, 100) }

    public init(campaigns: [Campaign], encoded: CampaignEncoding, top: Int?, layout: FeatureLayout, taxonomy: ChainTaxonomy) {
        var columns: [Column] = []
        var limits: [CampaignLimits] = []
        for (c, campaign) in campaigns.enumerated() {
            columns.append(Column(campaign: c, quota: nil))
            limits.append(encoded.limits[c])
            for (q, quota) in campaign.quotas.enumerated() {
                var l = encoded.limits[c]
                var words = [UInt64](repeating: 0, count: (layout.nodeIDs.count + 63) / 64)
                for (i, id) in layout.nodeIDs.enumerated() where taxonomy.node(id).map(quota.covers) ?? false {
                    words[i / 64] |= 1 << UInt64(i % 64)
                }
                l.projectNodes = words
                columns.append(Column(campaign: c, quota: q))
                limits.append(l)
            }
        }
        var weights = Matrix(rows: layout.width, columns: columns.count)
        for (j, column) in columns.enumerated() {
            for f in 0..<layout.width { weights[f, j] = encoded.weights[f, column.campaign] }
        }
        let sizes = campaigns.map { top ?? $0.top }
        let needsAllocation = campaigns.map { !$0.quotas.isEmpty || $0.maxPerGroup != nil }
        self.campaigns = campaigns
        self.encoded = encoded
        self.columns = columns
        self.weights = weights
        self.limits = limits
        self.sizes = sizes
        self.needsAllocation = needsAllocation
        k = campaigns.indices.map { needsAllocation[$0] ? Self.poolSize(for: sizes[$0]) : sizes[$0] }.max() ?? 0
    }
}

/// The enterprises behind scored rows and their encoding (features, needs, evidence for reasons),
/// row for row, holding at least every row that can appear in a list.
///
/// They may hold only some rows (a batch reads the rest from its feature store and re-reads the
/// candidates' records): `local` maps a scored (global) row to its row here; nil means the same row.
public struct RankingRows: Sendable {
    public var enterprises: [Enterprise]
    public var encoding: EnterpriseEncoding
    public var local: [Int: Int]?

    public init(enterprises: [Enterprise], encoding: EnterpriseEncoding, local: [Int: Int]? = nil) {
        self.enterprises = enterprises
        self.encoding = encoding
        self.local = local
    }

    @inline(__always) func row(_ global: Int) -> Int { local.map { $0[global]! } ?? global }
}

/// What turning scored candidates into ranked lists needs besides the rows.
public struct RankingContext: Sendable {
    public let models: ModelSet
    public let layout: FeatureLayout
    public let endowment: RegionEndowment
    public let parksByID: [String: Park]
    public let relatedness: RelatednessIndex?

    public init(models: ModelSet, layout: FeatureLayout, endowment: RegionEndowment, parksByID: [String: Park],
                relatedness: RelatednessIndex? = nil) {
        self.relatedness = relatedness
        self.models = models
        self.layout = layout
        self.endowment = endowment
        self.parksByID = parksByID
    }

    /// Each campaign's ranked list from every column's candidates (best first, global row indices):
    /// the top N, or the quota and group-cap allocation over the candidate pool; reasons are left empty
    /// (`explainedLists` in Explain fills them).
    /// Campaigns are independent here, so a batch's thousands are allocated on all cores (in order).
    public func lists(plan: RankingPlan, candidates: [[ScoredItem]], rows: RankingRows) -> [RankedList] {
        Parallel.map(Array(plan.campaigns.indices), grain: 16) { allocated(campaign: $0, plan: plan, candidates: candidates, rows: rows) }
    }

    /// Campaign `c`'s list: its top N, or the quota and group-cap allocation over its candidate pool.
    func allocated(campaign c: Int, plan: RankingPlan, candidates: [[ScoredItem]], rows: RankingRows) -> RankedList {
        let encoding = rows.encoding
        let campaign = plan.campaigns[c]
        let n = plan.sizes[c]
        var chosen: [ScoredItem]
        var shortfall: [String: Int] = [:]
        var poolSize = 0
        if plan.needsAllocation[c] {
            let pool = RankingPlan.poolSize(for: n)
            var seen = Set<Int>()
            var items: [ScoredItem] = []
            for (j, column) in plan.columns.enumerated() where column.campaign == c {
                for item in candidates[j].prefix(pool) where seen.insert(item.index).inserted { items.append(item) }
            }
            items.sort(by: ScoredItem.ranksBefore)
            poolSize = items.count
            let quotaScopes = campaign.quotas.map(\.scope)
            let projects = ConstraintMasks(needs: encoding.needs, limits: [plan.encoded.limits[c]])
            var groupIDs: [String: Int] = [:]
            let allocationCandidates = items.map { item -> QuotaAllocator.Candidate in
                let e = rows.enterprises[rows.row(item.index)]
                let key = e.parentGroupID ?? e.id
                let group = groupIDs[key] ?? { groupIDs[key] = groupIDs.count; return groupIDs.count - 1 }()
                let category = quotaCategory(of: rows.row(item.index), campaign: campaign, projects: projects)
                return QuotaAllocator.Candidate(score: Double(item.score), category: category, group: group)
            }
            let selection = QuotaAllocator.select(
                candidates: allocationCandidates, count: n,
                minimum: campaign.quotas.map(\.minimum), maximum: campaign.quotas.map(\.maximum),
                perGroup: campaign.maxPerGroup)
            chosen = selection.chosen.map { items[$0] }
            for (q, missing) in selection.shortfall.enumerated() where missing > 0 { shortfall[quotaScopes[q]] = missing }
        } else {
            chosen = Array(candidates[plan.columns.firstIndex { $0.campaign == c }!].prefix(n))
            poolSize = chosen.count
        }
        return list(campaign: c, plan: plan, chosen: chosen, shortfall: shortfall, poolSize: poolSize, rows: rows)
    }

    /// The quota (chain or node) an enterprise's project is in — the node `EnterpriseNeeds.projectChoice` picks — if any.
    /// `projects` holds the one campaign's limits.
    public func quotaCategory(of row: Int, campaign: Campaign, projects: ConstraintMasks) -> Int? {
        let node = projects.project(enterprise: row, campaign: 0).node.map { models.taxonomy.nodes[$0] }
        return node.flatMap { n in campaign.quotas.firstIndex { $0.covers(n) } }
    }

    /// Campaign `c`'s ranked list from the items chosen for it (global rows, in list order); reasons empty.
    public func list(campaign c: Int, plan: RankingPlan, chosen: [ScoredItem], shortfall: [String: Int], poolSize: Int,
                     rows: RankingRows) -> RankedList {
        let encoding = rows.encoding
        let projects = ConstraintMasks(needs: encoding.needs, limits: [plan.encoded.limits[c]])
        let results = chosen.enumerated().map { i, item -> RankedEnterprise in
            let local = rows.row(item.index)
            return RankedEnterprise(
                rank: i + 1, row: local, enterprise: rows.enterprises[local], score: item.score,
                lists: encoding.needs.lists[local],
                breakdown: ScoreBreakdown(features: encoding.features, row: local, weights: plan.encoded.weights, column: c, layout: layout,
                                          project: projects.projectTerm(enterprise: local, campaign: 0)),
                chainNodes: encoding.evidence[local],
                project: projects.project(enterprise: local, campaign: 0))
        }
        return RankedList(campaign: plan.campaigns[c], results: results, shortfall: shortfall, poolSize: poolSize)
    }
}
