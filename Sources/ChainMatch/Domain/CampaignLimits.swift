/// What one campaign allows: the park's remaining capacities and the campaign's hard filters.
///
/// ```swift
/// var limits = CampaignLimits()
/// limits.landMu = 500                 // at most 500 mu of land left
/// limits.allowsTwoHigh = false        // 两高 projects screened out
/// limits.requiredLists = [.global500, .china500, .private500]   // any of 三个500强
/// ```
public struct CampaignLimits: Sendable, Equatable {
    /// Largest needs one project may have (exact values from the campaign file).
    public var landMu: Double = .infinity
    public var energyTce: Double = .infinity
    public var waterTonnes: Double = .infinity
    public var emissionTonnes: Double = .infinity
    public var allowsTwoHigh = true
    /// The nodes the campaign targets — its target nodes, and an extend target's suppliers and
    /// customers — as bits like `EnterpriseNeeds.nodeWords`: an enterprise's project is in the
    /// target node it is strongest in, …
    public var targetNodes: [UInt64] = []
    /// … else in the wanted node (any positive chain weight) it is strongest in.
    public var wantedNodes: [UInt64] = []
    /// The campaign's chain weight per node (the chain block of its weight column), empty when unknown: the
    /// project is in the node where weight × the enterprise's strength is largest, the node the score credits.
    public var nodeWeights: [Float] = []
    /// The campaign's endowment weight per node (the endowment block of its weight column), empty when unknown:
    /// the project's node earns it too.
    public var nodeEndowment: [Float] = []
    /// The node of the project when the enterprise is in no wanted node: the campaign's first
    /// highest-priority target (a headquarters campaign's project is a headquarters).
    public var fallbackNode: Int?
    /// An enterprise must be on at least one of these lists; empty means no list filter.
    public var requiredLists: ListMembership = []
    /// Enterprise indices never to return (already landed, in negotiation).
    public var excluded: Set<Int> = []
    /// When set, an enterprise must be active in at least one of these chain nodes (same bit layout
    /// as `EnterpriseNeeds.nodeWords`): the campaign's targets and their neighbours.
    public var requiredNodes: [UInt64]?
    /// When set, the project's node must be one of these (same bit layout): a quota column holds the
    /// enterprises whose project — in the node `EnterpriseNeeds.projectChoice` picks — the quota counts.
    public var projectNodes: [UInt64]?

    public init() {}
}
