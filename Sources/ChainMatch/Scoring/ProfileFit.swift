import Foundation

/// What `ProfileLearner` found: the learned block weights, the penalty, and held-out AUCs side by side.
///
/// ```swift
/// let fit = try ProfileLearner().fit(outcomes, recordWeights: points)
/// if fit.beatsCurrent {
///     let profile = fit.profile(basedOn: current, name: "learned-" + current.name, date: "2026-12-05", inputs: inputs)
/// }
/// ```
public struct ProfileFit: Equatable, Sendable {
    /// One way of ranking the targets, measured on each fold's held-out targets.
    public struct HeldOut: Equatable, Sendable {
        /// ROC-AUC per fold.
        public var folds: [Double]

        public init(folds: [Double]) { self.folds = folds }

        /// Mean over the folds.
        public var mean: Double { folds.isEmpty ? 0.5 : folds.reduce(0, +) / Double(folds.count) }
        public var lowest: Double { folds.min() ?? 0.5 }
        public var highest: Double { folds.max() ?? 0.5 }
    }

    public var rows: Int
    /// Targets that converted (signed or later).
    public var positives: Int
    public var folds: Int
    public var seed: UInt64
    /// λ per row chosen on all rows (the written weights' penalty), and the one each outer fold chose.
    public var lambda: Double
    public var foldLambdas: [Double]
    /// Learned block weights, chain, endowment, relatedness, profile: ≥ 0, summing to 1 (to rounding at
    /// four decimals); all 0 when no block had a positive coefficient.
    public var weights: [Double]
    /// Coefficients on the standardised raw block scores (0 for a block left out).
    public var coefficients: [Double]
    /// Held-out AUC of the learned weights, of the score as ranked, and of each raw block score alone.
    public var learned: HeldOut
    public var current: HeldOut
    public var blocks: [HeldOut]

    public init(rows: Int, positives: Int, folds: Int, seed: UInt64, lambda: Double, foldLambdas: [Double],
                weights: [Double], coefficients: [Double], learned: HeldOut, current: HeldOut, blocks: [HeldOut]) {
        self.rows = rows
        self.positives = positives
        self.folds = folds
        self.seed = seed
        self.lambda = lambda
        self.foldLambdas = foldLambdas
        self.weights = weights
        self.coefficients = coefficients
        self.learned = learned
        self.current = current
        self.blocks = blocks
    }

    /// Folds on which the learned weights ranked better than the score as ranked.
    public var foldsWon: Int { zip(learned.folds, current.folds).filter { $0 > $1 }.count }

    /// Whether the learned weights rank held-out targets better than the current ones: a higher mean AUC
    /// over the folds (and some block with weight).
    public var beatsCurrent: Bool { weights.contains { $0 > 0 } && learned.mean > current.mean }

    /// A profile with the learned block weights and `current`'s spill and preferences, with its provenance.
    public func profile(basedOn current: WeightProfile, name: String, date: String, inputs: [ProfileProvenance.Input]) -> WeightProfile {
        let percent = weights.map { String(format: "%.1f", $0 * 100) }
        let auc = String(format: "%.3f", learned.mean), was = String(format: "%.3f", self.current.mean)
        let zh = "由招商结果学习（基于 \(current.name)，\(rows) 个目标企业，\(positives) 个签约及以后）：产业链 \(percent[0])%，资源禀赋 \(percent[1])%，"
            + "产业关联 \(percent[2])%，企业画像 \(percent[3])%；外溢系数与企业画像偏好沿用 \(current.name)。\(folds) 折交叉验证留出 AUC \(auc)，原权重 \(was)。"
        let en = "Learned from campaign outcomes (base \(current.name); \(rows) targets, \(positives) signed or later): chain \(percent[0])%, "
            + "endowment \(percent[1])%, relatedness \(percent[2])%, profile \(percent[3])%; spill and preferences as in \(current.name). "
            + "Held-out AUC \(auc) against \(was) with the current weights (\(folds)-fold cross-validation)."
        let method = "L2-regularised logistic regression of conversion (signed or later) on the four raw block scores (score on record ÷ "
            + "the campaign's block points), standardised; lambda per row chosen by stratified \(folds)-fold cross-validation (smallest "
            + "held-out log-loss), held-out AUC nested; weight = coefficient ÷ block standard deviation, negative ones left out, scaled to sum 1"
        let provenance = ProfileProvenance(
            method: method, date: date, baseProfile: current.name, inputs: inputs, folds: folds, seed: Int(seed), lambda: lambda,
            rows: rows, positives: positives, heldOutAUC: .init(learned: learned.mean, current: self.current.mean))
        return WeightProfile(name: name, version: current.version + "+learned." + date, descriptionZh: zh, descriptionEn: en,
                             blocks: WeightProfile.Blocks(weights), spill: current.spill, preferences: current.preferences,
                             provenance: provenance)
    }
}
