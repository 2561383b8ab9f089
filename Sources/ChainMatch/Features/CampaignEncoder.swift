/// Campaigns turned into weight columns over the feature layout, and into hard-constraint limits.
public struct CampaignEncoding: Sendable {
    public var layout: FeatureLayout
    /// `layout.width × campaigns`: column `c` is campaign `c`'s weight vector.
    public var weights: Matrix
    public var limits: [CampaignLimits]
    /// Per campaign, the effective block weights (profile plus overrides), in `FeatureLayout.Block` order.
    public var blockWeights: [[Double]]
    /// Per campaign, each node's share of the chain weight: gap itself, supplier spill, customer spill.
    public var chainParts: [[ChainWeightPart]]
}

/// How one node's chain weight in a campaign arises.
public struct ChainWeightPart: Equatable, Sendable {
    /// α · g: the node is itself a target (补链 / 强链).
    public var gap: Float
    /// β · (A⊙g): the node supplies a target (延链 upstream); the best target it feeds.
    public var supplier: Float
    /// γ · (Aᵀ⊙g): the node buys from a target (延链 downstream); the best target it buys from.
    public var customer: Float
}

/// Encodes campaigns as weight vectors: gaps with their up- and downstream spill, the region's
/// endowment, and the campaign's preferences, each block scaled by the profile's block weight.
///
/// ```swift
/// let encoder = try CampaignEncoder(models: models, layout: layout, endowment: endowment)
/// let encoding = try encoder.encode(campaigns, enterpriseIndex: idToRow)
/// // score of enterprise e in campaign c = features.row(e) · encoding.weights.column(c)
/// ```
///
/// Chain block: with A the node adjacency (A[i][j] = 1 when node i feeds node j) and g the target
/// priorities, w = α·g_core + β·A⊙g + γ·Aᵀ⊙g with (A⊙g)_i = max_j A[i][j]·g_j (`strongestNeighbour`), where g_core holds fill and strengthen targets only and
/// g all targets (an extend target wants its neighbours, not more of itself). The result is scaled
/// so its largest entry is 1. Endowment block: per target node, the mean of the province's normalised
/// endowment over the resources the node draws on, times the node's chain weight, so an enterprise
/// whose project is in that node is rewarded for needing what the region has. Relatedness block: the
/// place's uptake of each industry (`RelatednessIndex.uptake`; zero until supplied). Profile block:
/// the profile's list, leader and size preferences and its partner-province weight on each partner,
/// divided by their sum.
public struct CampaignEncoder: Sendable {
    /// What the block weights of every campaign sum to: scores are points out of this.
    public static let points = 100.0
    public let models: ModelSet
    public let layout: FeatureLayout
    public let endowment: RegionEndowment
    private let adjacency: Matrix
    private let adjacencyTransposed: Matrix

    public init(models: ModelSet, layout: FeatureLayout, endowment: RegionEndowment) {
        self.models = models
        self.layout = layout
        self.endowment = endowment
        adjacency = models.taxonomy.adjacency()
        adjacencyTransposed = adjacency.transposed()
    }

    /// Per row i, the largest g_j over the nodes j that `a` links i to (a[i][j] ≠ 0), or 0: the one
    /// target a supplier (or customer) is credited for. A node feeding three targets is not three times
    /// as wanted — one project supplies one of them — and the reason names that one.
    ///
    /// ```swift
    /// CampaignEncoder.strongestNeighbour(adjacency, g)[taxonomy.nodeIndex["cc.gasification"]!]   // the best target it feeds
    /// ```
    static func strongestNeighbour(_ a: Matrix, _ g: [Float]) -> [Float] {
        (0..<a.rows).map { i in
            var best: Float = 0
            for j in 0..<a.columns where a[i, j] != 0 { best = max(best, a[i, j] * g[j]) }
            return best
        }
    }

    /// A campaign's block weights in points: its profile's, with the campaign's overrides, scaled to sum
    /// to 100 — so every campaign's scores share one scale (an enterprise matching one target node fully
    /// on every block earns 100). In block order: chain, endowment, relatedness, profile.
    ///
    /// ```swift
    /// CampaignEncoder.blockPoints(campaign, profile: balanced)   // [40, 25, 20, 15]
    /// ```
    public static func blockPoints(_ campaign: Campaign, profile: WeightProfile) -> [Double] {
        let o = campaign.overrides
        let stated = [o.chain ?? profile.blocks.chain, o.endowment ?? profile.blocks.endowment,
                      o.relatedness ?? profile.blocks.relatedness, o.profile ?? profile.blocks.profile]
        let statedSum = stated.reduce(0, +)
        return stated.map { statedSum > 0 ? $0 * points / statedSum : 0 }
    }

    /// How well a province's endowment covers what each node draws on: the mean of the province's
    /// normalised endowment over the node's resources (0 for a node that draws on none).
    public func endowmentFit(province: String) -> [Double] {
        endowment.nodeFit(province: province, taxonomy: models.taxonomy)
    }

    /// Encodes campaigns; `enterpriseIndex` maps enterprise ids to feature rows (for exclusions).
    /// `relatedness`, when given, returns a campaign's density over `layout.relatednessIDs`.
    public func encode(
        _ campaigns: [Campaign], enterpriseIndex: [String: Int],
        relatedness: ((Campaign) throws -> [Float])? = nil,
        anchorActivity: (_ row: Int, _ column: Int) -> Float = { _, _ in 0 }
    ) throws -> CampaignEncoding {
        var weights = Matrix(rows: layout.width, columns: campaigns.count)
        var limits: [CampaignLimits] = []
        var blockWeights: [[Double]] = []
        var chainParts: [[ChainWeightPart]] = []
        let nodeIndex = models.taxonomy.nodeIndex
        for (c, campaign) in campaigns.enumerated() {
            guard let profile = models.profile(campaign.profile) else {
                throw ChainMatchError.unknownReference(SourceLocation(file: campaign.source, field: "profile"), kind: "weight profile", id: campaign.profile)
            }
            let blocks = Self.blockPoints(campaign, profile: profile)
            blockWeights.append(blocks)

            // Chain block.
            let n = layout.nodeIDs.count
            var gCore = [Float](repeating: 0, count: n), gAll = gCore
            for target in campaign.targets {
                for id in target.nodes {
                    guard let i = nodeIndex[id] else {
                        throw ChainMatchError.unknownReference(SourceLocation(file: campaign.source, field: "targets"), kind: "chain node", id: id)
                    }
                    gAll[i] += Float(target.priority)
                    if target.gap != .extend { gCore[i] += Float(target.priority) }
                }
            }
            // 以商招商: an anchor enterprise's nodes are extend targets, weighted by its activity there.
            let chainStart = layout.range(of: .chain).lowerBound
            for anchor in campaign.anchors {
                guard let row = enterpriseIndex[anchor.enterpriseID] else {
                    throw ChainMatchError.unknownReference(SourceLocation(file: campaign.source, field: "anchors"), kind: "enterprise", id: anchor.enterpriseID)
                }
                for i in 0..<n { gAll[i] += anchorActivity(row, chainStart + i) }
            }
            let suppliers = Self.strongestNeighbour(adjacency, gAll)
            let customers = Self.strongestNeighbour(adjacencyTransposed, gAll)
            var parts = (0..<n).map { i in
                ChainWeightPart(gap: Float(profile.spill.alpha) * gCore[i],
                                supplier: Float(profile.spill.beta) * suppliers[i],
                                customer: Float(profile.spill.gamma) * customers[i])
            }
            let peak = parts.map { $0.gap + $0.supplier + $0.customer }.max() ?? 0
            if peak > 0 {
                for i in 0..<n { parts[i].gap /= peak; parts[i].supplier /= peak; parts[i].customer /= peak }
            }
            chainParts.append(parts)
            for i in 0..<n {
                weights[chainStart + i, c] = Float(blocks[0]) * (parts[i].gap + parts[i].supplier + parts[i].customer)
            }

            // Relatedness block.
            let relatedRange = layout.range(of: .relatedness)
            if let relatedness, !relatedRange.isEmpty {
                let density = try relatedness(campaign)
                guard density.count == relatedRange.count else {
                    throw ChainMatchError.dimensionMismatch("relatedness density has \(density.count) entries, layout \(relatedRange.count)")
                }
                for (i, v) in density.enumerated() { weights[relatedRange.lowerBound + i, c] = Float(blocks[2]) * v }
            }

            // Profile block.
            let p = profile.preferences
            let prefs: [(String, Double)] = [
                ("global500", p.global500), ("china500", p.china500), ("private500", p.private500),
                ("central_soe", p.centralSOE), ("listed", p.listed), ("chain_leader", p.chainLeader), ("size", p.size),
            ]
            let partnerWeight = campaign.partners.isEmpty ? 0 : p.partnerProvince
            let total = prefs.reduce(0) { $0 + $1.1 } + partnerWeight
            if total > 0 {
                for (flag, v) in prefs { weights[layout.profileColumn(flag), c] = Float(blocks[3] * v / total) }
                for partner in campaign.partners {
                    if let column = layout.provinceColumn(partner) { weights[column, c] = Float(blocks[3] * partnerWeight / total) }
                }
            }

            // Hard constraints.
            var l = CampaignLimits()
            if let v = campaign.capacity.landMu { l.landMu = v }
            if let v = campaign.capacity.energyTce { l.energyTce = v }
            if let v = campaign.capacity.waterTonnes { l.waterTonnes = v }
            if let v = campaign.capacity.emissionTonnes { l.emissionTonnes = v }
            var wanted = [UInt64](repeating: 0, count: (n + 63) / 64), targeted = wanted
            func set(_ words: inout [UInt64], _ i: Int) { words[i / 64] |= 1 << UInt64(i % 64) }
            for i in 0..<n where parts[i].gap + parts[i].supplier + parts[i].customer > 0 { set(&wanted, i) }
            for target in campaign.targets {
                for id in target.nodes {
                    let i = nodeIndex[id]!
                    set(&targeted, i)
                    if target.gap == .extend {
                        for neighbour in models.taxonomy.upstream(of: id) + models.taxonomy.downstream(of: id) {
                            if let j = nodeIndex[neighbour] { set(&targeted, j) }
                        }
                    }
                }
            }
            l.targetNodes = targeted
            l.nodeWeights = (0..<n).map { weights[chainStart + $0, c] }

            // Endowment block: per target node, its endowment fit in the province times its chain weight.
            // Enterprises carry only their strongest node here, so credit lands on the project's node.
            let endowmentStart = layout.range(of: .endowment).lowerBound
            let fit = endowmentFit(province: campaign.province)
            for i in 0..<n where targeted[i / 64] & (1 << UInt64(i % 64)) != 0 {
                let relevance = Double(parts[i].gap + parts[i].supplier + parts[i].customer)
                weights[endowmentStart + i, c] = Float(blocks[1] * fit[i] * relevance)
            }
            l.wantedNodes = wanted
            l.nodeEndowment = (0..<n).map { weights[endowmentStart + $0, c] }
            if let top = campaign.targets.max(by: { $0.priority < $1.priority }), let first = top.nodes.first {
                // The first of the highest-priority targets (max returns the last of equals; take the first).
                let best = campaign.targets.first { $0.priority == top.priority }!.nodes.first ?? first
                l.fallbackNode = nodeIndex[best]
            }
            l.allowsTwoHigh = campaign.capacity.allowsTwoHigh
            for name in campaign.lists { if let m = ListMembership(name: name) { l.requiredLists.insert(m) } }
            // The chain-match rule: active in a wanted node; without it, active in some node of the
            // taxonomy (a firm of the real economy — banks, insurers and developers are in none).
            l.requiredNodes = campaign.requireChainMatch ? wanted : [UInt64](repeating: ~0, count: (n + 63) / 64)
            for exclusion in campaign.exclusions + campaign.anchors {
                guard let row = enterpriseIndex[exclusion.enterpriseID] else {
                    throw ChainMatchError.unknownReference(SourceLocation(file: campaign.source, field: "exclude"), kind: "enterprise", id: exclusion.enterpriseID)
                }
                l.excluded.insert(row)
            }
            limits.append(l)
        }
        return CampaignEncoding(layout: layout, weights: weights, limits: limits, blockWeights: blockWeights, chainParts: chainParts)
    }
}
