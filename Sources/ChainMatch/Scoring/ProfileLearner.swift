import Foundation

/// Learns a profile's four block weights from what became of its campaigns' targets.
///
/// ```swift
/// let learner = ProfileLearner(folds: 5, seed: 1)
/// let fit = try learner.fit(outcomes, recordWeights: ["qh-golmud-salt-lake-lithium": [25, 45, 15, 15]])
/// fit.weights                          // chain, endowment, relatedness, profile: ≥ 0, summing to 1
/// fit.learned.mean > fit.current.mean  // the learned weights rank held-out targets better
/// ```
///
/// **Features.** A block score on record is the campaign's block weight in points times the block's own
/// score (`TargetOutcome`), so dividing by `recordWeights[campaign]` (`CampaignEncoder.blockPoints`)
/// gives the raw block score r_b that a profile's block weight multiplies. (A block its campaign gave no
/// weight scores 0 on record; its r_b is taken as 0.)
///
/// **Model.** L2-regularised logistic regression (`LogisticRegression`) of "converted" on r_1 … r_4, each
/// standardised on the training rows, with an unpenalised intercept; the penalty is λ·n on the summed
/// log-likelihood of n training rows (λ per row, so one λ means the same for every training size).
/// Weights may not be negative: while a coefficient is, the block with the most negative one is left out
/// and the rest refitted. Ranking by the model is ranking by Σ_b (β_b / s_b)·r_b, s_b the block's standard
/// deviation, so block b's learned weight is β_b / s_b — scaled to sum to 1 like the shipped profiles (only
/// ratios matter: the encoder rescales block weights to 100 points) and rounded to four decimals.
///
/// **Folds.** Converted rows are dealt to folds first, then the others: within each class, campaign by
/// campaign (sorted by id), each campaign's rows shuffled with one `SplitMix64(seed)` and dealt to folds
/// 0, 1, …, K−1 in turn, the count running on across campaigns. So every fold holds about a K-th of each
/// campaign's converted and unconverted targets, and the same rows in the same order and seed give the
/// same folds. λ is the one of `lambdas` with the smallest held-out log-loss over the K folds.
///
/// **Held-out AUC.** Nested: in each outer fold, λ is chosen by K inner folds of the training rows alone,
/// the weights are fitted on the training rows, and the fold's targets are ranked by (a) the learned
/// weights, (b) the score as ranked — the sum of the block scores on record — and (c) each raw block score
/// alone. ROC-AUC is exact (Mann–Whitney, a tied pair counts one half), per fold, then averaged over the
/// folds. The weights reported are fitted on all rows, with λ chosen by the outer folds.
public struct ProfileLearner: Sendable {
    /// λ per training row, tried in cross-validation.
    public static let defaultLambdas: [Double] = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1]
    public static let blockCount = 4

    public var folds: Int
    public var seed: UInt64
    public var lambdas: [Double]

    public init(folds: Int = 5, seed: UInt64 = 1, lambdas: [Double] = ProfileLearner.defaultLambdas) {
        self.folds = folds
        self.seed = seed
        self.lambdas = lambdas
    }

    /// The learner's view of the rows: raw block scores, the score as ranked, the outcome, the campaign.
    struct Examples {
        /// Raw block scores, `blockCount` per row.
        var raw: [Double] = []
        var recorded: [Double] = []
        var converted: [Bool] = []
        var campaigns: [String] = []

        func raw(_ row: Int) -> ArraySlice<Double> { raw[row * ProfileLearner.blockCount ..< (row + 1) * ProfileLearner.blockCount] }
    }

    /// Fits the weights and measures them on held-out folds; `recordWeights` maps each campaign id to
    /// the four block weights (points) its scores on record carry.
    public func fit(_ outcomes: [TargetOutcome], recordWeights: [String: [Double]]) throws -> ProfileFit {
        guard seed <= 1 << 53 else { throw ChainMatchError.usage("the seed must be at most 2^53 (a JSON number keeps it exactly), got \(seed)") }
        guard folds >= 2 else { throw ChainMatchError.usage("cross-validation needs at least 2 folds, got \(folds)") }
        guard !lambdas.isEmpty, lambdas.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw ChainMatchError.usage("the L2 penalties to try must be positive, got \(lambdas)")
        }
        let data = try Self.examples(outcomes, recordWeights: recordWeights)
        let n = data.converted.count, positives = data.converted.filter { $0 }.count
        guard positives >= folds, n - positives >= folds else {
            throw ChainMatchError.usage("\(folds)-fold cross-validation needs at least \(folds) converted and \(folds) unconverted targets; "
                                        + "the rows hold \(positives) and \(n - positives)")
        }
        let all = Array(0..<n)
        let assignment = Self.folds(campaigns: data.campaigns, converted: data.converted, count: folds, seed: seed)
        var learned: [Double] = [], current: [Double] = [], blocks = [[Double]](repeating: [], count: Self.blockCount)
        var foldLambdas: [Double] = []
        for f in 0..<folds {
            let train = all.filter { assignment[$0] != f }, test = all.filter { assignment[$0] == f }
            let inner = Self.folds(campaigns: train.map { data.campaigns[$0] }, converted: train.map { data.converted[$0] },
                                   count: folds, seed: seed &+ UInt64(f + 1) &* 0x9E37_79B9_7F4A_7C15)
            let lambda = try chooseLambda(data, rows: train, assignment: inner)
            let model = try BlockModel.fit(data, rows: train, lambda: lambda)
            foldLambdas.append(lambda)
            func auc(_ score: (Int) -> Double) -> Double {
                RelatednessBacktest.rocAUC(test.map { (score: score($0), positive: data.converted[$0]) })
            }
            learned.append(auc { model.rankingScore(data.raw($0)) })
            current.append(auc { data.recorded[$0] })
            for b in 0..<Self.blockCount { blocks[b].append(auc { data.raw[$0 * Self.blockCount + b] }) }
        }
        let lambda = try chooseLambda(data, rows: all, assignment: assignment)
        let model = try BlockModel.fit(data, rows: all, lambda: lambda)
        let total = model.weights.reduce(0, +)
        let weights = model.weights.map { total > 0 ? ($0 / total * 10_000).rounded() / 10_000 : 0 }
        return ProfileFit(rows: n, positives: positives, folds: folds, seed: seed, lambda: lambda, foldLambdas: foldLambdas,
                          weights: weights, coefficients: model.coefficients,
                          learned: .init(folds: learned), current: .init(folds: current), blocks: blocks.map { .init(folds: $0) })
    }

    /// The fold of each row (stratified by outcome and campaign, seeded; see the type's notes).
    public static func folds(campaigns: [String], converted: [Bool], count k: Int, seed: UInt64) -> [Int] {
        precondition(campaigns.count == converted.count && k > 0)
        var rng = SplitMix64(seed: seed)
        var assignment = [Int](repeating: 0, count: campaigns.count)
        for outcome in [true, false] {
            var members: [String: [Int]] = [:]
            for i in campaigns.indices where converted[i] == outcome { members[campaigns[i], default: []].append(i) }
            var next = 0
            for campaign in members.keys.sorted() {
                var rows = members[campaign]!
                RelatednessBacktest.shuffle(&rows, &rng)
                for i in rows { assignment[i] = next % k; next += 1 }
            }
        }
        return assignment
    }

    static func examples(_ outcomes: [TargetOutcome], recordWeights: [String: [Double]]) throws -> Examples {
        var data = Examples()
        for o in outcomes {
            guard let points = recordWeights[o.campaign], points.count == blockCount else {
                throw ChainMatchError.unknownReference(nil, kind: "campaign with block weights on record", id: o.campaign)
            }
            data.raw += (0..<blockCount).map { points[$0] > 0 ? o.scores[$0] / points[$0] : 0 }
            data.recorded.append(o.score)
            data.converted.append(o.converted)
            data.campaigns.append(o.campaign)
        }
        return data
    }

    /// The λ of `lambdas` with the smallest summed held-out log-loss; `assignment[i]` is the fold of `rows[i]`.
    /// Larger λ are tried first, so a tie keeps the stronger penalty.
    func chooseLambda(_ data: Examples, rows: [Int], assignment: [Int]) throws -> Double {
        var best: (loss: Double, lambda: Double)?
        for lambda in lambdas.sorted(by: >) {
            var loss = 0.0
            for g in 0..<folds {
                let train = rows.indices.filter { assignment[$0] != g }.map { rows[$0] }
                let model = try BlockModel.fit(data, rows: train, lambda: lambda)
                for i in rows.indices where assignment[i] == g {
                    let p = min(max(model.probability(data.raw(rows[i])), 1e-15), 1 - 1e-15)
                    loss -= data.converted[rows[i]] ? log(p) : log(1 - p)
                }
            }
            if best == nil || loss < best!.loss { best = (loss, lambda) }
        }
        return best!.lambda
    }

    /// A logistic model on the blocks whose coefficients came out non-negative.
    struct BlockModel {
        /// The blocks in the model and its fit on them; no regression when every block was left out.
        var blocks: [Int]
        var regression: LogisticRegression?
        var baseRate: Double
        /// β_b / s_b per block (0 for a block left out): the weights on raw block scores that rank as the model does.
        var weights: [Double]

        init(blocks: [Int], regression: LogisticRegression?, baseRate: Double) {
            self.blocks = blocks
            self.regression = regression
            self.baseRate = baseRate
            var w = [Double](repeating: 0, count: ProfileLearner.blockCount)
            if let regression { for (j, b) in blocks.enumerated() { w[b] = regression.weights[j] / regression.scales[j] } }
            weights = w
        }

        static func fit(_ data: Examples, rows: [Int], lambda: Double) throws -> BlockModel {
            let labels = rows.map { data.converted[$0] }
            var blocks = Array(0..<ProfileLearner.blockCount)
            while !blocks.isEmpty {
                var storage: [Double] = []
                storage.reserveCapacity(rows.count * blocks.count)
                for r in rows { for b in blocks { storage.append(data.raw[r * ProfileLearner.blockCount + b]) } }
                let x = DoubleMatrix(rows: rows.count, columns: blocks.count, storage: storage)
                let regression = try LogisticRegression.fit(x, labels: labels, lambda: lambda * Double(rows.count))
                let worst = regression.weights.indices.min { regression.weights[$0] < regression.weights[$1] }!
                if regression.weights[worst] >= 0 { return BlockModel(blocks: blocks, regression: regression, baseRate: 0) }
                blocks.remove(at: worst)
            }
            let rate = Double(labels.filter { $0 }.count) / Double(max(labels.count, 1))
            return BlockModel(blocks: [], regression: nil, baseRate: rate)
        }

        /// Coefficient on each standardised block score; 0 for a block left out.
        var coefficients: [Double] {
            var c = [Double](repeating: 0, count: ProfileLearner.blockCount)
            if let regression { for (j, b) in blocks.enumerated() { c[b] = regression.weights[j] } }
            return c
        }

        func probability(_ raw: ArraySlice<Double>) -> Double {
            guard let regression else { return baseRate }
            return regression.probability(blocks.map { raw[raw.startIndex + $0] })
        }

        func rankingScore(_ raw: ArraySlice<Double>) -> Double {
            zip(weights, raw).reduce(0) { $0 + $1.0 * $1.1 }
        }
    }
}
