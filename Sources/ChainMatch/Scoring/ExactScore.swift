import Foundation

/// The exact score every list reports: one fixed order of multiply-adds, the same on every CPU and build.
extension BlockedScorer {
    /// The score of one enterprise row for one campaign column, summed in one fixed order: sixteen
    /// lanes of multiply-then-add over the features (the tail zero-padded; not fused, so debug and
    /// release builds and every CPU give the same bits), then the lanes added pairwise. Every ranking
    /// reports this value, whatever BLAS kernel screened it.
    @inline(__always)
    public static func exactScore(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD16<Float>(repeating: 0)
        var i = 0
        while i + 16 <= count {
            let a = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self)
            let b = UnsafeRawPointer(w + i).loadUnaligned(as: SIMD16<Float>.self)
            acc += a * b
            i += 16
        }
        if i < count {
            var a = SIMD16<Float>(repeating: 0), b = SIMD16<Float>(repeating: 0)
            for lane in 0..<(count - i) { a[lane] = x[i + lane]; b[lane] = w[i + lane] }
            acc += a * b
        }
        let h8 = acc.lowHalf + acc.highHalf
        let h4 = h8.lowHalf + h8.highHalf
        let h2 = h4.lowHalf + h4.highHalf
        return h2[0] + h2[1]
    }

    /// The score of row `e` of `features` for column `c` of `weights`, as the lists report it: `exactScore`
    /// over the columns outside the chain block, plus the project's chain credit from `masks` (column `c`
    /// of its limits); without `projectCredit`, the plain dot product.
    public static func exactScore(features: Matrix, row e: Int, weights: Matrix, column c: Int, projectCredit: ProjectCredit? = nil,
                                  masks: ConstraintMasks? = nil) -> Float {
        precondition(projectCredit == nil || masks != nil, "a project credit comes from the masks")
        let column = ScoringColumn(weights: weights, column: c, projectCredit: projectCredit)
        let credit = projectCredit == nil ? 0 : masks!.projectCredit(enterprise: e, campaign: c)
        return features.storage.withUnsafeBufferPointer { column.score($0.baseAddress! + e * features.columns, credit: credit) }
    }
}

/// One campaign's weight column ready for exact scores: the dot-product part, with the chain block zeroed
/// when it is credited per project.
///
/// ```swift
/// let column = ScoringColumn(weights: w, column: 0, projectCredit: layout.projectCredit)
/// let s = features.storage.withUnsafeBufferPointer {
///     column.score($0.baseAddress! + row * features.columns, credit: masks.projectCredit(enterprise: row, campaign: 0))
/// }
/// ```
public struct ScoringColumn: Sendable {
    let linear: [Float]

    public init(weights: Matrix, column c: Int, projectCredit: ProjectCredit?) {
        var linear = (0..<weights.rows).map { weights[$0, c] }
        for f in (projectCredit?.chain ?? 0..<0).map({ $0 }) + (projectCredit?.endowment ?? 0..<0).map({ $0 }) { linear[f] = 0 }
        self.linear = linear
    }

    /// The exact score of the row at `x` (as wide as the column) with its chain credit.
    public func score(_ x: UnsafePointer<Float>, credit: Float) -> Float {
        linear.withUnsafeBufferPointer { BlockedScorer.exactScore(x, $0.baseAddress!, count: linear.count) } + credit
    }
}
