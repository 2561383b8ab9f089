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
