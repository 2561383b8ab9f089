/// One enterprise in a campaign's ranked list, with the exact reasons for its score.
public struct RankedEnterprise: Sendable {
    public var rank: Int
    /// Row of the enterprise in the loaded data.
    public var row: Int
    public var enterprise: Enterprise
    public var score: Float
    /// Lists the enterprise is on, chain leadership (链主) included.
    public var lists: ListMembership
    public var breakdown: ScoreBreakdown
    /// The chain nodes it is active in, with the evidence (strongest first).
    public var chainNodes: [NodeEvidence]
    /// The project it would bring to this campaign: in the node where it earns the most credit among those the park can host.
    public var project: ProjectNeeds
    /// Sentences for a briefing (推荐理由), in the language asked for.
    public var reasons: [String] = []
}

/// A campaign's ranked target list (目标企业清单).
public struct RankedList: Sendable {
    public var campaign: Campaign
    public var results: [RankedEnterprise]
    /// Per quota chain, how many of its minimum places the candidates could not fill.
    public var shortfall: [String: Int] = [:]
    /// How many candidates the quota and group rules chose from (equals the list size without rules).
    public var poolSize = 0
}
