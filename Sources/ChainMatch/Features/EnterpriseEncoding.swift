import Foundation

/// Enterprises turned into feature rows, hard-constraint needs and the evidence behind both.
public struct EnterpriseEncoding: Sendable, Codable {
    public var layout: FeatureLayout
    /// Enterprises × `layout.width`, row `i` for `enterprises[i]`.
    public var features: Matrix
    public var needs: EnterpriseNeeds
    /// Per enterprise, the evidence for the nodes it is active in (strongest node first, then its
    /// strongest evidence first).
    public var evidence: [[NodeEvidence]]
    /// Per enterprise, the estimated size of one typical project, in 亿元 (100 million CNY).
    public var projectInvestment100m: [Double]
    /// Per enterprise, the chains it leads (链主), by chain id.
    public var chainLeaderOf: [[String]]
}
