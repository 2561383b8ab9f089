/// The exact split of one score into its blocks: chain, endowment, relatedness and profile.
///
/// ```swift
/// let parts = ScoreBreakdown(features: x, row: e, weights: w, column: c, layout: layout,
///                            project: needs.projectChoice(enterprise: e, limits: limits))
/// parts.total            // equals the ranked score up to float rounding (|Δ| ≤ 1e-4)
/// parts[.chain]          // how much the chain match contributed
/// ```
///
/// A score is the project's credit — its node's chain and endowment terms (`ProjectCredit`) — plus dot
/// products over the other blocks' named columns, so the block parts add up to the score; `columns` lists
/// the single terms for reasons ("chain:li.carbonate" 0.31 …), for the chain and endowment blocks the
/// project node's alone.
public struct ScoreBreakdown: Equatable, Sendable {
    public var blocks: [FeatureLayout.Block: Double]
    /// Non-zero terms x·w by column, largest first.
    public var columns: [(column: Int, value: Double)]

    /// `project` is the project's node and credit (`EnterpriseNeeds.projectChoice`): the chain and endowment
    /// blocks' one term each; nil when the enterprise earns no credit there.
    public init(features: Matrix, row: Int, weights: Matrix, column c: Int, layout: FeatureLayout, project: ProjectChoice?) {
        var blocks: [FeatureLayout.Block: Double] = [:]
        var columns: [(Int, Double)] = []
        for block in FeatureLayout.Block.allCases {
            var sum = 0.0
            if block == .chain || block == .endowment {
                let value = block == .chain ? project?.chain : project?.endowment
                if let project, let value, value > 0 {
                    columns.append((layout.range(of: block).lowerBound + project.node, Double(value)))
                    sum = Double(value)
                }
                blocks[block] = sum
                continue
            }
            for j in layout.range(of: block) {
                let term = Double(features[row, j]) * Double(weights[j, c])
                if term != 0 { columns.append((j, term)) }
                sum += term
            }
            blocks[block] = sum
        }
        self.blocks = blocks
        self.columns = columns.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }

    public subscript(block: FeatureLayout.Block) -> Double { blocks[block] ?? 0 }

    public var total: Double { FeatureLayout.Block.allCases.reduce(0) { $0 + self[$1] } }

    public static func == (a: ScoreBreakdown, b: ScoreBreakdown) -> Bool {
        a.blocks == b.blocks && a.columns.map(\.column) == b.columns.map(\.column) && a.columns.map(\.value) == b.columns.map(\.value)
    }
}
