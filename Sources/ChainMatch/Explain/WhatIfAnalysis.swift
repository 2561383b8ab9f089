/// What changes in a campaign's list under a scenario: the new list and the diff against the baseline.
///
/// ```swift
/// let analysis = try engine.whatIf(campaign: campaign, scenario: scenario)
/// analysis.diff.entered      // enterprises that join the list
/// analysis.changes.first?.reason   // "产业链 +0.12" — the block that moved most
/// ```
public struct WhatIfAnalysis: Sendable {
    /// One enterprise whose place changed, with the score block that changed most.
    public struct Change: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case entered, left, moved

            /// 新进 / 退出 / 变动, or the English word.
            public func label(chinese: Bool) -> String {
                guard chinese else { return rawValue }
                switch self {
                case .entered: return "新进"
                case .left: return "退出"
                case .moved: return "变动"
                }
            }
        }
        public var kind: Kind
        public var enterpriseID: String
        public var name: String
        public var oldRank: Int?
        public var newRank: Int?
        public var oldScore: Float?
        public var newScore: Float?
        /// Per block, new contribution minus old (0 for a block that did not change).
        public var blockDeltas: [FeatureLayout.Block: Double]
        /// The block whose contribution changed most, or a hard rule that now applies.
        public var reason: String
    }

    public var scenario: Scenario
    public var baseline: RankedList
    public var result: RankedList
    public var diff: RunDiff
    public var changes: [Change]
}
