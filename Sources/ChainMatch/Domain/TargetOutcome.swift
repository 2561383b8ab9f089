/// What became of one target of a campaign: how far it got in the bureau's pipeline, and its block scores on record.
///
/// ```swift
/// let o = TargetOutcome(campaign: "qh-golmud-salt-lake-lithium", enterprise: "SZ002466", stage: .signed,
///                       scores: [12.5, 20.1, 3.2, 4.0])
/// o.converted   // true: signed or later
/// o.score       // 39.8, the score as ranked
/// ```
///
/// `scores` are the four block scores on record, in block order chain, endowment, relatedness, profile,
/// as `rank` reports them (`contribution_*`, `RankedEnterprise.breakdown`): each already carries the
/// campaign's block weight in points (its profile's weights with the campaign's overrides, scaled to sum
/// to 100), so they add up to the score the target was ranked by.
public struct TargetOutcome: Equatable, Sendable {
    /// A target's stage in the pipeline, in order; `dropped` ends it without a deal.
    public enum Stage: String, CaseIterable, Sendable {
        case contacted, visited, negotiating, signed, started, funded, dropped

        /// Signed or later (started, funded); a dropped target did not convert.
        public var converted: Bool {
            switch self {
            case .signed, .started, .funded: return true
            case .contacted, .visited, .negotiating, .dropped: return false
            }
        }
    }

    public var campaign: String
    public var enterprise: String
    public var stage: Stage
    /// Chain, endowment, relatedness and profile block scores on record (points).
    public var scores: [Double]

    public init(campaign: String, enterprise: String, stage: Stage, scores: [Double]) {
        precondition(scores.count == 4, "four block scores, got \(scores.count)")
        self.campaign = campaign
        self.enterprise = enterprise
        self.stage = stage
        self.scores = scores
    }

    public var converted: Bool { stage.converted }

    /// The score as ranked: the sum of the block scores on record.
    public var score: Double { scores.reduce(0, +) }
}
