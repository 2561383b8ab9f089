import Foundation
import Testing
@testable import ChainMatch

/// Learning block weights from outcomes: exact AUC with ties, deterministic stratified folds, recovery of
/// a hidden weight vector, non-negative weights, and refusal of data that cannot be cross-validated.
@Suite struct ProfileLearnerTests {
    /// Raw block scores shaped like the real ones: chain often small with a strong minority, endowment mostly
    /// zero, relatedness skewed, profile in a narrow band.
    static func realisticRaw(_ rng: inout SplitMix64) -> [Double] {
        let chain = rng.nextDouble() < 0.3 ? 0.5 + 0.5 * rng.nextDouble() : 0.2 * rng.nextDouble()
        let endowment = rng.nextDouble() < 0.8 ? 0 : rng.nextDouble()
        let u = rng.nextDouble()
        return [chain, endowment, u * u, 0.1 + 0.5 * rng.nextDouble()]
    }

    static let hidden = OutcomeFixtures.Hidden(weights: [0.45, 0.08, 0.30, 0.17], intercept: -3, slope: 0.08)

    @Test func aucByHandWithTies() {
        // Positives 0.4, 0.8, 0.8 against negatives 0.1, 0.4, 0.2: of 9 pairs the 0.8s win 6, the 0.4 beats 0.1
        // and 0.2 and ties 0.4 (one half): 8.5 / 9.
        let items: [(score: Double, positive: Bool)] = [(0.1, false), (0.4, true), (0.4, false), (0.8, true), (0.8, true), (0.2, false)]
        #expect(abs(RelatednessBacktest.rocAUC(items) - 8.5 / 9) < 1e-15)
        #expect(RelatednessBacktest.rocAUC(items.map { (score: 1, positive: $0.positive) }) == 0.5)
        #expect(RelatednessBacktest.rocAUC(items.map { (score: -$0.score, positive: $0.positive) }) == 0.5 / 9)
    }

    @Test func heldOutAUCCountsTiesHalfInEveryFold() throws {
        // Every target has the same score on record, so ranking by it ties every pair: AUC exactly 0.5 per
        // fold. The chain block alone separates the classes: 1 per fold.
        var outcomes: [TargetOutcome] = []
        for i in 0..<40 {
            let converted = i % 4 == 0
            let chain = converted ? 2.0 + Double(i % 3) : Double(i % 2)
            outcomes.append(TargetOutcome(campaign: "c", enterprise: "e\(i)", stage: converted ? .funded : .visited,
                                          scores: [chain, 5 - chain, 1, 0]))
        }
        let fit = try ProfileLearner(folds: 4, seed: 3).fit(outcomes, recordWeights: ["c": [25, 25, 25, 25]])
        #expect(fit.current.folds == [0.5, 0.5, 0.5, 0.5])
        #expect(fit.blocks[0].folds == [1, 1, 1, 1])
        #expect(fit.blocks[2].folds == [0.5, 0.5, 0.5, 0.5])   // a constant block
        #expect(fit.learned.mean == 1 && fit.beatsCurrent)
        #expect(fit.weights[2] == 0)
    }

    @Test func foldsAreStratifiedAndDeterministic() {
        var campaigns: [String] = [], converted: [Bool] = []
        for (campaign, positives, negatives) in [("a", 23, 61), ("b", 9, 40), ("c", 3, 7)] {
            campaigns += Array(repeating: campaign, count: positives + negatives)
            converted += Array(repeating: true, count: positives) + Array(repeating: false, count: negatives)
        }
        let k = 5
        let folds = ProfileLearner.folds(campaigns: campaigns, converted: converted, count: k, seed: 11)
        #expect(folds == ProfileLearner.folds(campaigns: campaigns, converted: converted, count: k, seed: 11))
        #expect(folds != ProfileLearner.folds(campaigns: campaigns, converted: converted, count: k, seed: 12))
        #expect(folds.allSatisfy { (0..<k).contains($0) })
        // Each class is dealt evenly: 35 positives give 7 per fold, 108 negatives 21 or 22.
        for outcome in [true, false] {
            let sizes = (0..<k).map { f in folds.indices.filter { folds[$0] == f && converted[$0] == outcome }.count }
            #expect(sizes.max()! - sizes.min()! <= 1, "\(outcome): \(sizes)")
        }
        // And each campaign's converted and unconverted targets are spread over the folds within one.
        for campaign in ["a", "b", "c"] {
            for outcome in [true, false] {
                let sizes = (0..<k).map { f in folds.indices.filter { folds[$0] == f && campaigns[$0] == campaign && converted[$0] == outcome }.count }
                #expect(sizes.max()! - sizes.min()! <= 1, "\(campaign) \(outcome): \(sizes)")
            }
        }
    }

    @Test func recoversHiddenWeightsAndBeatsAWrongProfile() throws {
        // A deliberately wrong profile: nearly all weight on the block the hidden model cares least about
        // but one (profile), little on chain and relatedness.
        let wrong: [Double] = [5, 20, 5, 70]
        let drawn = OutcomeFixtures.draw(count: 6_000, campaign: "c", points: wrong, hidden: Self.hidden, seed: 42, raw: Self.realisticRaw)
        let learner = ProfileLearner(folds: 5, seed: 7)
        let fit = try learner.fit(drawn.outcomes, recordWeights: ["c": wrong])
        #expect(fit.rows == 6_000 && fit.positives == drawn.outcomes.filter(\.converted).count)
        #expect(OutcomeFixtures.order(fit.weights) == OutcomeFixtures.order(Self.hidden.weights), "\(fit.weights)")
        #expect(fit.weights.allSatisfy { $0 >= 0 } && abs(fit.weights.reduce(0, +) - 1) <= 0.0005)
        let hiddenAUC = OutcomeFixtures.heldOutAUC(drawn.logits, drawn.outcomes, folds: 5, seed: 7)
        #expect(abs(fit.learned.mean - hiddenAUC) <= 0.02, "learned \(fit.learned.mean), hidden \(hiddenAUC)")
        #expect(fit.learned.mean > fit.current.mean + 0.03, "learned \(fit.learned.mean), wrong \(fit.current.mean)")
        #expect(fit.beatsCurrent && fit.foldsWon == 5)
        // Same rows, same seed: the same fit, to the bit.
        #expect(try learner.fit(drawn.outcomes, recordWeights: ["c": wrong]) == fit)
    }

    @Test func theWeightsOnRecordCancelOut() throws {
        // The same targets recorded under two profiles' block points give the same learned weights: the
        // learner fits the raw block scores, not the weighted ones. Only "current" differs.
        let a: [Double] = [40, 25, 20, 15], b: [Double] = [10, 10, 10, 70]
        let drawnA = OutcomeFixtures.draw(count: 3_000, campaign: "c", points: a, hidden: Self.hidden, seed: 5, raw: Self.realisticRaw)
        let drawnB = OutcomeFixtures.draw(count: 3_000, campaign: "c", points: b, hidden: Self.hidden, seed: 5, raw: Self.realisticRaw)
        #expect(drawnA.outcomes.map(\.converted) == drawnB.outcomes.map(\.converted))
        let fitA = try ProfileLearner().fit(drawnA.outcomes, recordWeights: ["c": a])
        let fitB = try ProfileLearner().fit(drawnB.outcomes, recordWeights: ["c": b])
        #expect(fitA.lambda == fitB.lambda)
        for j in 0..<4 { #expect(abs(fitA.weights[j] - fitB.weights[j]) <= 0.0002, "\(fitA.weights) \(fitB.weights)") }
        #expect(fitA.current.mean != fitB.current.mean)
    }

    @Test func aBlockThatHurtsGetsNoWeight() throws {
        // Conversions fall with the profile block: its weight is 0, not negative, and the rest still sum to 1.
        let hidden = OutcomeFixtures.Hidden(weights: [0.5, 0.2, 0.3, -0.4], intercept: -1.5, slope: 0.05)
        let drawn = OutcomeFixtures.draw(count: 3_000, campaign: "c", points: [25, 25, 25, 25], hidden: hidden, seed: 9, raw: Self.realisticRaw)
        let fit = try ProfileLearner(folds: 3).fit(drawn.outcomes, recordWeights: ["c": [25, 25, 25, 25]])
        #expect(fit.weights[3] == 0 && fit.coefficients[3] == 0)
        #expect(fit.weights[0] > fit.weights[2] && fit.weights[2] > fit.weights[1] && fit.weights[1] > 0, "\(fit.weights)")
        #expect(abs(fit.weights.reduce(0, +) - 1) <= 0.0005)
    }

    @Test func refusesWhatCannotBeCrossValidated() {
        let outcomes = (0..<20).map { i in
            TargetOutcome(campaign: "c", enterprise: "e\(i)", stage: i < 3 ? .signed : .contacted, scores: [Double(i), 1, 1, 1])
        }
        let points = ["c": [25.0, 25, 25, 25]]
        #expect(throws: ChainMatchError.usage("5-fold cross-validation needs at least 5 converted and 5 unconverted targets; the rows hold 3 and 17")) {
            _ = try ProfileLearner(folds: 5).fit(outcomes, recordWeights: points)
        }
        #expect(throws: ChainMatchError.self) { _ = try ProfileLearner(folds: 1).fit(outcomes, recordWeights: points) }
        #expect(throws: ChainMatchError.self) { _ = try ProfileLearner(folds: 3, lambdas: [0]).fit(outcomes, recordWeights: points) }
        #expect(throws: ChainMatchError.unknownReference(nil, kind: "campaign with block weights on record", id: "c")) {
            _ = try ProfileLearner(folds: 3).fit(outcomes, recordWeights: [:])
        }
        #expect(throws: Never.self) { _ = try ProfileLearner(folds: 3).fit(outcomes, recordWeights: points) }
    }
}
