/// The exact split of one score into its blocks: chain, endowment, relatedness and profile.
///
/// ```swift
/// let parts = ScoreBreakdown(features: x, row: e, weights: w, column: c, layout: layout)
/// parts.total            // equals the ranked score up to float rounding (|Δ| ≤ 1e-4)
/// parts[.chain]          // how much the chain match contributed
/// ```
///
/// Because a score is one dot product over named feature columns, the block parts are dot products
/// over each block's columns and add up to the score; `columns` lists the largest single terms for
/// reasons ("chain:li.carbonate" 0.31 …).
public struct ScoreBreakdown: Equatable, Sendable {
    public var blocks: [FeatureLayout.Block: Double]
    /// Non-zero terms x·w by column, largest first.
    public var columns: [(column: Int, value: Double)]

    public init(features: Matrix, row: Int, weights: Matrix, column c: Int, layout: FeatureLayout) {
        var blocks: [FeatureLayout.Block: Double] = [:]
        var columns: [(Int, Double)] = []
        for block in FeatureLayout.Block.allCases {
            var sum = 0.0
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
