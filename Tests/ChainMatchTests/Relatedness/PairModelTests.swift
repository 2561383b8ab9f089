import Foundation
import Testing
@testable import ChainMatch

/// The uptake model behind relatedness: logistic regression, its item-to-item peers, the zone-pair
/// features (no leakage of a zone's own row or of hidden units), the shipped model file, and the
/// backtest bar on the real catalogue.
@Suite struct PairModelTests {
    static let location = DataLocation(root: repositoryRoot)

    // MARK: Logistic regression

    @Test func logisticRegressionRecoversGroupRatesByHand() throws {
        // One binary feature: x = 0 has 1 positive in 4, x = 1 has 3 in 4. With almost no penalty the
        // maximum-likelihood fit predicts each group's rate.
        let x = DoubleMatrix([[0], [0], [0], [0], [1], [1], [1], [1]])
        let y = [true, false, false, false, true, true, true, false]
        let model = try LogisticRegression.fit(x, labels: y, lambda: 1e-9)
        #expect(abs(model.probability([0]) - 0.25) < 1e-6)
        #expect(abs(model.probability([1]) - 0.75) < 1e-6)
        // A strong penalty pulls both towards the overall rate 0.5.
        let shrunk = try LogisticRegression.fit(x, labels: y, lambda: 1e6)
        #expect(abs(shrunk.probability([0]) - 0.5) < 1e-3 && abs(shrunk.probability([1]) - 0.5) < 1e-3)
        #expect(throws: ChainMatchError.self) { _ = try LogisticRegression.fit(x, labels: [true], lambda: 1) }
        #expect(throws: ChainMatchError.self) { _ = try LogisticRegression.fit(x, labels: y, lambda: 0) }
    }

    @Test func logisticRegressionConvergesOnSeparableData() throws {
        // Perfectly separable data has no finite maximum; the penalty keeps the fit finite and ordered.
        let x = DoubleMatrix([[-2], [-1], [1], [2]])
        let model = try LogisticRegression.fit(x, labels: [false, false, true, true], lambda: 0.1)
        #expect(model.weights.allSatisfy(\.isFinite) && model.intercept.isFinite)
        #expect(model.probability([-2]) < model.probability([-1]) && model.probability([1]) < model.probability([2]))
        #expect(model.probability([2]) > 0.9 && model.probability([-2]) < 0.1)
    }

    @Test func choleskySolveByHand() throws {
        let a = DoubleMatrix([[4, 2], [2, 3]])
        let x = try LogisticRegression.choleskySolve(a, [2, 1])   // 4x + 2y = 2, 2x + 3y = 1 → x = 0.5, y = 0
        #expect(abs(x[0] - 0.5) < 1e-12 && abs(x[1]) < 1e-12)
        #expect(throws: ChainMatchError.self) { _ = try LogisticRegression.choleskySolve(DoubleMatrix([[1, 2], [2, 1]]), [1, 1]) }
    }

    // MARK: Item-to-item peers

    @Test func easeByHand() throws {
        // Two industries: a = 3 zones with 0, b = 2 with 1, c = 1 with both. B₀₁ = c / (a + λ), B₁₀ = c / (b + λ).
        let x = DoubleMatrix([[1, 1], [1, 0], [1, 0], [0, 1]])
        let b = try ItemNeighbourScorers.ease(presence: x, lambda: 2)
        #expect(b[0, 0] == 0 && b[1, 1] == 0)
        #expect(abs(b[0, 1] - 1.0 / 5) < 1e-12 && abs(b[1, 0] - 1.0 / 4) < 1e-12)
    }

    @Test func rp3betaByHand() throws {
        // W_ji = Σ_u (X_uj / u_j)(X_ui / deg_u) / u_i^β. Zone 0 has {0, 1} (deg 2), zone 1 has {0} , zone 2 has {1, 2}.
        let x = DoubleMatrix([[1, 1, 0], [1, 0, 0], [0, 1, 1]])
        let w = try ItemNeighbourScorers.rp3beta(presence: x, beta: 0.5)
        // W₀₁: only zone 0 has both: (1/2)(1/2) / 2^0.5.
        #expect(abs(w[0, 1] - 0.25 / 2.0.squareRoot()) < 1e-12)
        // W₁₂: zone 2: (1/2)(1/2) / 1^0.5.
        #expect(abs(w[1, 2] - 0.25) < 1e-12)
        #expect(w[0, 2] == 0 && w[0, 0] == 0)
    }

    // MARK: Pair features

    /// Ten zones in two provinces, a ring of map neighbours, six industries.
    static func toy() -> (m: DoubleMatrix, context: ZoneContext, units: [[[Int]]]) {
        let rows: [[Int]] = [[0, 1, 2], [0, 1], [1, 2, 3], [0, 2], [3, 4, 5], [4, 5], [3, 5], [0, 1, 4], [2, 3], [1, 5]]
        var m = DoubleMatrix(rows: rows.count, columns: 6)
        for (r, row) in rows.enumerated() { for i in row { m[r, i] = 1 } }
        let context = ZoneContext(zones: rows.count, groups: [
            .province: rows.indices.map { $0 < 5 ? 0 : 1 },
            .city: rows.indices.map { $0 / 2 },
            .typeLevel: rows.indices.map { $0 % 3 },
        ], nearest: rows.indices.map { z in [(z + 1) % rows.count, (z + rows.count - 1) % rows.count] })
        return (m, context, rows.map { $0.map { [$0] } })
    }

    @Test func featuresNeverReadTheZonesOwnRow() throws {
        let (m, context, _) = Self.toy()
        let stats = try ZonePairModel.Statistics(training: m, context: context)
        // Zone 0 with its own row blanked out of the matrix gives the same features for any kept set.
        var blank = m
        for i in 0..<m.columns { blank[0, i] = 0 }
        let blind = try ZonePairModel.Statistics(training: blank, context: context)
        for set in ZonePairModel.FeatureSet.allCases {
            for industry in 0..<m.columns {
                let a = stats.features(zone: 0, kept: [0], industry: industry, set: set)
                let b = blind.features(zone: 0, kept: [0], industry: industry, set: set)
                #expect(a.count == b.count)
                for (p, q) in zip(a, b) { #expect(abs(p - q) < 1e-12, "industry \(industry) set \(set)") }
            }
        }
        // Hand check: industry 3 among zone 0's province mates (zones 1–4): zones 2 and 4 have it → 2/4.
        let raw = stats.features(zone: 0, kept: [0], industry: 3, set: .shares)
        #expect(abs(raw[3] - 0.5) < 1e-12)
        // Its two map neighbours (zones 1 and 9) lack industry 3.
        #expect(raw[5] == 0)
        #expect(ZonePairModel.featureNames(industries: ["a", "b", "c", "d", "e", "f"]).count
                == stats.features(zone: 0, kept: [0], industry: 0, set: .full).count)
    }

    @Test func backtestPairModelsDoNotLeakHiddenUnits() throws {
        let (m, context, units) = Self.toy()
        let folds = try RelatednessBacktest.folds(units: units, options: .init(folds: 2, seed: 3))
        for fold in folds {
            // The test zones' hidden units removed from the data altogether give the same scores.
            var blindUnits = units
            for (zone, hidden) in zip(fold.testZones, fold.hidden) { blindUnits[zone] = units[zone].filter { !hidden.contains($0[0]) } }
            let blind = RelatednessBacktest.presence(units: blindUnits, industries: m.columns)
            let a = try RelatednessBacktest.scores(presence: m, fold: fold, seed: 1, context: context, units: units)
            let b = try RelatednessBacktest.scores(presence: blind, fold: fold, seed: 1, context: context, units: blindUnits)
            for scorer in [RelatednessBacktest.Scorer.pairModel, .pairShares] {
                let x = try #require(a[scorer]), y = try #require(b[scorer])
                for (p, q) in zip(x, y) {
                    #expect(p.map(\.industry) == q.map(\.industry))
                    for (s, t) in zip(p, q) { #expect(abs(s.score - t.score) < 1e-9) }
                }
            }
        }
    }

    // MARK: The shipped model

    @Test func shippedModelRoundTripsAndMatchesARebuild() throws {
        let vocabulary = try IndustryVocabulary.load(from: Self.location)
        let path = Self.location.models + "/relatedness/" + RelatednessModel.pairModelFile
        let shipped = try ZonePairModel.read(path: path, industries: vocabulary.ids)
        let again = try ZonePairModel.read(path: path, industries: vocabulary.ids)
        #expect(shipped == again)
        #expect(shipped.csv(industries: vocabulary.ids) == FileContents.contents(path))
        // A file for other industries is refused with its line.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pair-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = String(decoding: FileContents.contents(path)!, as: UTF8.self)
        text = text.replacingOccurrences(of: "log_popularity", with: "log_pop")
        try text.write(to: dir.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
        do {
            _ = try ZonePairModel.read(path: dir.appendingPathComponent("m.csv").path, industries: vocabulary.ids)
            Issue.record("a renamed feature was accepted")
        } catch let error as ChainMatchError {
            #expect(error.description.contains("m.csv:3") && error.description.contains("log_popularity"), "\(error.description)")
        }
    }

    // MARK: The bar on the real catalogue

    @Test func pairModelBeatsThePeersOnTheCatalogue() throws {
        let evaluation = try RelatednessEvaluation.run(location: Self.location, options: .init(folds: 5, seed: 1), unit: .terms)
        let r = evaluation.report
        #expect(r.zones == 2325 && r.hiddenPairs == 2744)
        let model = try #require(r.metrics(.pairModel)), shares = try #require(r.metrics(.pairShares))
        #expect(model.prAUC >= 0.165 && model.rocAUC >= 0.866, "pair model PR-AUC \(model.prAUC), ROC \(model.rocAUC)")
        #expect(model.prAUC > shares.prAUC && model.rocAUC > shares.rocAUC)
        for peer in [RelatednessBacktest.Scorer.rp3beta, .ease, .cooccurrence, .density, .popularity, .random] {
            let m = try #require(r.metrics(peer))
            #expect(model.prAUC > m.prAUC && model.rocAUC > m.rocAUC && model.precisionAt10 > m.precisionAt10, "\(peer.rawValue)")
        }
    }
}
