/// The chain and endowment blocks, which the score does not sum: a campaign credits the one node of the
/// project an enterprise would bring (`EnterpriseNeeds.projectChoice`) — its chain weight and the region's
/// endowment fit for it, each times the enterprise's strength there — not every node it is active in.
///
/// ```swift
/// let credit = ProjectCredit(chain: layout.range(of: .chain), endowment: layout.range(of: .endowment))
/// let (linear, peak) = credit.split(weights)      // weights with both blocks zeroed; each column's largest node weight
/// // score(e, c) = x_e · linear[:, c] (the GEMM) + masks.projectCredit(enterprise: e, campaign: c)
/// ```
///
/// The GEMM multiplies the weights with both blocks zeroed; the credit (two Float products added) comes from
/// the masks' needs and limits and is added to the sgemm score when a row is screened and to the exact score
/// when it is rescored, the same bits both times. Before the credit is looked up, a row is screened against
/// its campaign's threshold lowered by an upper bound of any credit it could earn (its largest chain feature
/// × the column's largest chain-plus-endowment weight), so only rows that can reach the threshold pay for it.
public struct ProjectCredit: Sendable, Equatable {
    /// The chain block's columns: the enterprise's strength per node (and the campaign's chain weights).
    public let chain: Range<Int>
    /// The endowment block's columns, node for node (the campaign's endowment weights; the features unused).
    public let endowment: Range<Int>

    public init(chain: Range<Int>, endowment: Range<Int>) {
        precondition(endowment.count == chain.count || endowment.isEmpty, "one endowment column per node, or none")
        self.chain = chain
        self.endowment = endowment
    }

    /// `weights` with both blocks' rows zeroed (the GEMM's part), each column's largest chain-plus-endowment
    /// weight over the nodes, and each column's norm over both blocks (for the screening bound).
    public func split(_ weights: Matrix) -> (linear: Matrix, peak: [Float], norm: [Float]) {
        var linear = weights
        var peak = [Float](repeating: 0, count: weights.columns)
        var squares = [Double](repeating: 0, count: weights.columns)
        for (i, f) in chain.enumerated() {
            let g = endowment.isEmpty ? nil : endowment.lowerBound + i
            for c in 0..<weights.columns {
                let e = g.map { weights[$0, c] } ?? 0
                peak[c] = max(peak[c], weights[f, c] + e)
                squares[c] += Double(weights[f, c]) * Double(weights[f, c]) + Double(e) * Double(e)
                linear[f, c] = 0
                if let g { linear[g, c] = 0 }
            }
        }
        return (linear, peak, squares.map { Float($0.squareRoot()) })
    }

    /// The largest chain feature of the row at `x` (full width): with a column's peak, a bound on any credit.
    @inline(__always)
    public func rowPeak(_ x: UnsafePointer<Float>) -> Float {
        var m: Float = 0
        for f in chain where x[f] > m { m = x[f] }
        return m
    }
}

extension FeatureLayout {
    /// The chain and endowment blocks, credited per project: a campaign credits the node of the project an
    /// enterprise would bring, not every node it is active in.
    public var projectCredit: ProjectCredit { ProjectCredit(chain: range(of: .chain), endowment: range(of: .endowment)) }
}

/// What the scorer's screen needs for a project credit: the blocks, each campaign's peak node weight and the
/// masks whose needs and limits give each project's credit.
struct CreditScreen {
    let block: ProjectCredit
    let peak: [Float]
    let masks: MaskTable

    /// `thresholds` (campaigns `range`) lowered by `bound` × each campaign's peak weight, with a relative margin
    /// for rounding, into `out`: a row below these cannot reach the thresholds with any credit.
    @inline(__always)
    func lower(_ thresholds: UnsafePointer<Float>, by bound: Float, range: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        peak.withUnsafeBufferPointer { p in
            for j in 0..<range.count {
                let t = thresholds[j], b = bound * p[range.lowerBound + j]
                out[j] = t - b - (abs(t) + b) * 0x1p-20
            }
        }
    }
}
