import Foundation

/// One pass over every enterprise for one campaign: each one's exact score (the lists' fixed-order score)
/// and whether the hard rules allow it, handed to the caller's handler — explain counts the eligible
/// enterprises ahead of one, the chain map keeps the best per target node.
///
/// ```swift
/// var eligible = 0
/// CampaignScorePass.run(features: x, weights: w, column: 0, projectCredit: layout.projectCredit, masks: masks) { row, score, allowed in
///     if allowed { eligible += 1 }
/// }
/// ```
public enum CampaignScorePass {
    public static func run(features: Matrix, weights: Matrix, column: Int, projectCredit: ProjectCredit? = nil, masks: ConstraintMasks,
                           _ handle: (_ row: Int, _ score: Float, _ allowed: Bool) -> Void) {
        let w = ScoringColumn(weights: weights, column: column, projectCredit: projectCredit)
        features.storage.withUnsafeBufferPointer { x in
            for row in 0..<features.rows {
                let credit = projectCredit == nil ? 0 : masks.projectCredit(enterprise: row, campaign: column)
                handle(row, w.score(x.baseAddress! + row * features.columns, credit: credit), masks.allows(enterprise: row, campaign: column))
            }
        }
    }
}
