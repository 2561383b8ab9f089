/// An industrial-chain investment map (产业链招商图谱) for one campaign.
///
/// ```swift
/// let map = try engine.chainMap(campaign: campaign)
/// for node in map.nodes where node.gap != nil { print(node.nameZh, node.bestTargets.map(\.name)) }
/// ```
///
/// Every node of the chains the campaign targets, in chain order: its stage, whether the park's
/// approved leading industries mention it, how many enterprises headquartered in the region are
/// active in it (activity ≥ 0.3), the campaign's gap type for it, and the best eligible targets for
/// each target node (any activity in the node, ranked by the campaign's score).
public struct ChainMap: Sendable {
    public struct Target: Sendable, Equatable {
        public var enterpriseID: String
        public var name: String
        public var score: Float
    }

    public struct Node: Sendable {
        public var id: String
        public var chain: String
        public var nameZh: String
        public var nameEn: String
        public var stage: ChainNode.Stage
        /// The park's leading-industry terms that mention this node.
        public var parkMentions: [String]
        /// Enterprises headquartered in the campaign's province that are active in this node.
        public var regionEnterprises: [String]
        /// The campaign's gap type for the node (nil when not a target).
        public var gap: Campaign.GapType?
        public var priority: Double
        /// Chain weight the campaign puts on the node (gap plus spill), 0…1.
        public var weight: Float
        public var upstream: [String]
        public var bestTargets: [Target]
    }

    public var campaign: Campaign
    public var parkName: String?
    public var parkIndustries: [String]
    public var chains: [Chain]
    public var nodes: [Node]
}

extension Recommender {
    /// The chain map of a campaign; `chains` limits it to some chains (default: those it targets).
    public func chainMap(campaign: Campaign, chains chainIDs: [String]? = nil, targetsPerNode: Int = 3) throws -> ChainMap {
        let encoded = try encode([campaign])
        let column = (0..<layout.width).map { encoded.weights[$0, 0] }
        let scores = try BLAS.multiply(encoding.features, vector: column)
        let masks = ConstraintMasks(needs: encoding.needs, limits: encoded.limits)
        let targetNodes = Set(campaign.targets.flatMap(\.nodes))
        let wanted = chainIDs ?? campaign.targets.flatMap(\.nodes).compactMap { models.taxonomy.node($0)?.chain }
        var seen = Set<String>()
        let chainList = wanted.filter { seen.insert($0).inserted }.compactMap { models.taxonomy.chain($0) }
        let park = campaign.parkID.flatMap { parksByID[$0] }
        let terms = park?.leadingIndustries ?? []
        let chainStart = layout.range(of: .chain).lowerBound
        var nodes: [ChainMap.Node] = []
        for chain in chainList {
            for id in chain.nodeIDs {
                guard let node = models.taxonomy.node(id), let i = models.taxonomy.nodeIndex[id] else { continue }
                let mentions = terms.filter { term in
                    node.keywords.contains { term.contains($0) } || node.nameZh.hasPrefix(term) || term.hasPrefix(node.nameZh)
                }
                var local: [(String, Double)] = []
                for (row, e) in datasets.enterprises.enumerated() where e.province == campaign.province && encoding.features[row, chainStart + i] >= 0.3 {
                    local.append((e.name, e.revenueCNY100m ?? 0))
                }
                local.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
                let target = campaign.targets.first { $0.nodes.contains(id) }
                let part = encoded.chainParts[0][i]
                var best: [ChainMap.Target] = []
                if targetNodes.contains(id) {
                    var top = TopK(k: targetsPerNode)
                    for row in 0..<scores.count where encoding.features[row, chainStart + i] > 0 && masks.allows(enterprise: row, campaign: 0) {
                        top.offer(ScoredItem(index: row, score: scores[row]))
                    }
                    best = top.sorted().map { ChainMap.Target(enterpriseID: datasets.enterprises[$0.index].id, name: datasets.enterprises[$0.index].name, score: $0.score) }
                }
                nodes.append(ChainMap.Node(
                    id: id, chain: chain.id, nameZh: node.nameZh, nameEn: node.nameEn, stage: node.stage,
                    parkMentions: mentions, regionEnterprises: local.map(\.0), gap: target?.gap, priority: target?.priority ?? 0,
                    weight: part.gap + part.supplier + part.customer, upstream: node.upstream, bestTargets: best))
            }
        }
        return ChainMap(campaign: campaign, parkName: park?.name, parkIndustries: terms, chains: chainList, nodes: nodes)
    }
}
