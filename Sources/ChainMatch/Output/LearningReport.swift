import Foundation

/// The side-by-side table of `chainmatch learn`: learned weights, the current profile's and each block alone, with held-out AUC.
///
/// ```swift
/// print(LearningReport.table(fit, current: profile, campaigns: ["qh-golmud-salt-lake-lithium": 20_000]))
/// ```
///
/// One row per way of ranking: its block weights (as shares of 1; a single block is 1 on itself) and its
/// ROC-AUC on held-out targets — the mean over the folds, and the lowest and highest fold.
public enum LearningReport {
    public static func table(_ fit: ProfileFit, current: WeightProfile, campaigns: [String: Int]) -> String {
        let names = ["chain 链", "endowment 禀赋", "relatedness 关联", "profile 画像"]
        var out = "learned from \(fit.rows) targets (\(fit.positives) signed or later) of \(campaigns.count) campaign"
            + "\(campaigns.count == 1 ? "" : "s") on profile \(current.name)\n"
        for (id, count) in campaigns.sorted(by: { $0.key < $1.key }) { out += "  \(id): \(count)\n" }
        out += "\(fit.folds)-fold cross-validation (stratified by outcome and campaign, seed \(fit.seed)); "
            + "λ per row \(number(fit.lambda)) (outer folds chose \(fit.foldLambdas.map(number).joined(separator: ", ")))\n\n"
        var t = TextTable(header: ["ranking by", "chain", "endow.", "related.", "profile", "held-out AUC", "folds min–max"],
                          rightAligned: [1, 2, 3, 4, 5, 6])
        func row(_ label: String, _ weights: [Double], _ h: ProfileFit.HeldOut) {
            t.append([label] + weights.map { String(format: "%.3f", $0) }
                     + [String(format: "%.4f", h.mean), String(format: "%.4f–%.4f", h.lowest, h.highest)])
        }
        row("learned", fit.weights, fit.learned)
        let stated = current.blocks.values, sum = stated.reduce(0, +)
        row("current (\(current.name))", stated.map { sum > 0 ? $0 / sum : 0 }, fit.current)
        for (b, name) in names.enumerated() {
            row(name + " alone", (0..<4).map { $0 == b ? 1 : 0 }, fit.blocks[b])
        }
        out += t.render()
        out += "\nlearned beats current on \(fit.foldsWon) of \(fit.folds) folds; "
            + "coefficients on standardised block scores: \(fit.coefficients.map { String(format: "%.4f", $0) }.joined(separator: ", "))\n"
        return out
    }

    static func number(_ v: Double) -> String { String(format: "%g", v) }
}
