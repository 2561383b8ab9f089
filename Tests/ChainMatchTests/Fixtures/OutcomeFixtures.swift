import Foundation
@testable import ChainMatch

/// Synthetic pipeline outcomes drawn from a known, hidden weight vector, for the profile learner's tests.
enum OutcomeFixtures {
    /// The hidden model: converted with probability σ(intercept + slope · 100 · Σ_b weights_b · r_b).
    struct Hidden {
        var weights: [Double]
        var intercept: Double
        var slope: Double

        func logit(_ raw: [Double]) -> Double {
            intercept + slope * 100 * zip(weights, raw).reduce(0) { $0 + $1.0 * $1.1 }
        }
    }

    struct Drawn {
        var outcomes: [TargetOutcome]
        /// The hidden model's logit of each row (its own ranking of the targets).
        var logits: [Double]
    }

    /// `count` targets of `campaign`: raw block scores from `raw`, recorded as `points` × raw (as `rank`
    /// reports contributions), converted (signed) or not (dropped) by a seeded draw from `hidden`.
    static func draw(count: Int, campaign: String, points: [Double], hidden: Hidden, seed: UInt64,
                     raw: (inout SplitMix64) -> [Double]) -> Drawn {
        var rng = SplitMix64(seed: seed)
        var drawn = Drawn(outcomes: [], logits: [])
        for i in 0..<count {
            let r = raw(&rng)
            let z = hidden.logit(r)
            let converted = rng.nextDouble() < 1 / (1 + exp(-z))
            drawn.outcomes.append(TargetOutcome(campaign: campaign, enterprise: "T\(i)", stage: converted ? .signed : .dropped,
                                                scores: (0..<4).map { points[$0] * r[$0] }))
            drawn.logits.append(z)
        }
        return drawn
    }

    /// Mean over the learner's folds of the ROC-AUC of ranking by `scores`.
    static func heldOutAUC(_ scores: [Double], _ outcomes: [TargetOutcome], folds: Int, seed: UInt64) -> Double {
        let assignment = ProfileLearner.folds(campaigns: outcomes.map(\.campaign), converted: outcomes.map(\.converted), count: folds, seed: seed)
        let aucs = (0..<folds).map { f in
            RelatednessBacktest.rocAUC(outcomes.indices.filter { assignment[$0] == f }.map { (score: scores[$0], positive: outcomes[$0].converted) })
        }
        return aucs.reduce(0, +) / Double(folds)
    }

    /// Block indices from the largest weight to the smallest.
    static func order(_ weights: [Double]) -> [Int] {
        weights.indices.sorted { weights[$0] > weights[$1] }
    }

    /// A pipeline CSV of `outcomes`: contacted 2023-01-02, every later stage dated 2024-06-01 (so every
    /// target is old enough to learn from), a note in Chinese.
    static func csv(_ outcomes: [TargetOutcome]) -> String {
        var text = "campaign,enterprise,stage,contacted_on,\(pipelineDateColumns),notes,score_chain,score_endowment,score_relatedness,score_profile\n"
        for o in outcomes {
            text += "\(o.campaign),\(o.enterprise),\(o.stage.rawValue),2023-01-02,\(pipelineDates(o.stage.rawValue)),招商一科,"
                + o.scores.map { String(format: "%.6f", $0) }.joined(separator: ",") + "\n"
        }
        return text
    }
}

/// The stage date and amount columns after `contacted_on`, and a row's values for a stage reached on
/// 2024-06-01 (2 亿元 signed, 1 funded).
let pipelineDateColumns = "visited_on,negotiating_on,signed_on,started_on,funded_on,dropped_on,signed_cny_100m,funded_cny_100m"
func pipelineDates(_ stage: String) -> String {
    let order = ["visited", "negotiating", "signed", "started", "funded"]
    let reached = order.firstIndex(of: stage).map { order[...$0] } ?? []
    let dates = order.map { reached.contains($0) ? "2024-06-01" : "" } + [stage == "dropped" ? "2024-06-01" : "",
                                                                       reached.contains("signed") ? "2" : "", reached.contains("funded") ? "1" : ""]
    return dates.joined(separator: ",")
}
