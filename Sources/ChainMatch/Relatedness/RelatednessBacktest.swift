import Foundation

/// Backtest of relatedness on the zone × industry matrix: hide some of what each test zone has, learn
/// proximity from what remains, and see whether relatedness ranks the hidden industries first.
///
/// ```swift
/// let units = RelatednessBacktest.termUnits(parks, vocabulary: vocabulary)   // or industryUnits(presence:)
/// let report = try RelatednessBacktest.run(units: units, industries: vocabulary.ids.count, unit: .terms,
///                                          options: .init(folds: 5, seed: 1))
/// report.metrics(.pairModel)?.prAUC, report.metrics(.popularity)?.prAUC
/// ```
///
/// Protocol. A zone is a list of *units*, each a set of industry columns: its catalogue terms (a term
/// such as 冶金 maps to two industries, and both go together — hiding one alone would leave its sibling
/// from the same word in the training row) or, with `industryUnits`, its present
/// industries one by one. Zones with at least two units are shuffled (seeded) into `folds` folds. For
/// each fold, every test zone hides ⌊n/2⌋ (at least one) of its n units, chosen by the seed; its
/// training row is the union of the units it keeps, and the positives are the industries it has but
/// its training row lacks (an industry also given by a kept term is not hidden). Proximity is learned
/// from the training matrix only — every test zone's row replaced by its training row — so no hidden
/// unit reaches the model. Candidates are the industries absent from the training row.
///
/// Scores: the uptake model and its plain peer (`ZonePairModel`, fitted on the other folds' zones,
/// given the zones' `ZoneContext`); RP3beta and EASE (`ItemNeighbourScorers`); density (the design's ω
/// over the learned proximity); co-occurrence Σ_j M_rj·P(i | j), the
/// sum over the zone's industries of the share of zones with j that also have i (item-to-item
/// co-occurrence, which keeps the popularity that density divides away); popularity = ubiquity in the
/// training matrix; random = seeded uniform numbers. ROC-AUC (ties as half) and PR-AUC (average
/// precision, tied scores as one threshold) are pooled over all candidates of all folds; "zone AUC"
/// is the mean of per-zone ROC-AUCs; precision@k and recall@k are per test zone (ties broken by
/// industry column) and averaged over zones.
public enum RelatednessBacktest {
    public struct Options: Equatable, Sendable {
        public var folds: Int
        public var seed: UInt64
        /// Share of a test zone's units to hide (rounded down, at least one).
        public var hideFraction: Double
        /// The scorers to run (the pair models take most of the time).
        public var scorers: Set<Scorer>

        public init(folds: Int = 5, seed: UInt64 = 1, hideFraction: Double = 0.5, scorers: Set<Scorer> = Set(Scorer.allCases)) {
            self.folds = folds; self.seed = seed; self.hideFraction = hideFraction; self.scorers = scorers
        }
    }

    /// What a test zone hides: whole catalogue terms, or single industries.
    public enum Unit: String, CaseIterable, Sendable { case terms, industries }

    /// One fold: its test zones, what each keeps and what it hides.
    public struct Fold: Equatable, Sendable {
        public var testZones: [Int]
        /// Per test zone (same order), the industry columns of its training row, ascending.
        public var kept: [[Int]]
        /// Per test zone (same order), the hidden industry columns (present but not kept), ascending.
        public var hidden: [[Int]]
    }

    public struct Metrics: Equatable, Sendable {
        public var rocAUC: Double
        /// ROC-AUC within each test zone, averaged over zones (scores are compared only inside a zone).
        public var rocAUCZoneMean: Double
        public var prAUC: Double
        public var precisionAt5: Double
        public var precisionAt10: Double
        public var recallAt10: Double

        public var dictionary: [String: Double] {
            ["roc_auc": rocAUC, "roc_auc_zone_mean": rocAUCZoneMean, "pr_auc": prAUC, "precision_at_5": precisionAt5, "precision_at_10": precisionAt10, "recall_at_10": recallAt10]
        }
    }

    /// The scorers compared. `rp3beta` and `ease` are item-to-item peers from recommender systems;
    /// `pairShares` and `pairModel` are logistic regressions on (zone, industry) pair features
    /// (`ZonePairModel`), fitted on the other folds' zones only, and need the zones' side information.
    public enum Scorer: String, CaseIterable, Sendable {
        case pairModel = "pair-model", pairShares = "pair-shares", rp3beta, ease, cooccurrence, density, popularity, random

        /// Whether the scorer reads zone side information (province, city, type, map neighbours).
        public var needsContext: Bool { self == .pairModel || self == .pairShares }
    }

    /// RP3beta's popularity damping and EASE's L2 penalty, chosen on this backtest (see `evaluate relatedness`).
    public static let rp3Beta = 0.0
    public static let easeLambda = 100.0

    public struct Report: Equatable, Sendable {
        public var options: Options
        public var unit: Unit
        /// Zones tested (each in exactly one fold) that hid at least one industry.
        public var zones: Int
        /// Test zones whose hidden terms map only to industries their kept terms also give (not scored).
        public var unchangedZones: Int
        public var industries: Int
        public var hiddenPairs: Int
        public var candidatePairs: Int
        /// Share of candidates that are positives (the PR-AUC of a random ranking).
        public var baseRate: Double
        /// Metrics per scorer that ran (the context scorers only when side information was given).
        public var byScorer: [Scorer: Metrics]
        /// Pooled ROC-AUC by the number of industries left in a test zone's training row (1, 2, 3 or more).
        public var byTrainingSize: [Stratum]

        public var scorers: [Scorer] { Scorer.allCases.filter { byScorer[$0] != nil } }
        public func metrics(_ scorer: Scorer) -> Metrics? { byScorer[scorer] }
        // Shorthands for tests, which run every scorer; callers outside use `metrics(_:)`.
        var density: Metrics { byScorer[.density]! }
        var cooccurrence: Metrics { byScorer[.cooccurrence]! }
        var popularity: Metrics { byScorer[.popularity]! }
        var random: Metrics { byScorer[.random]! }
    }

    /// Test zones grouped by how many industries their training row keeps.
    public struct Stratum: Equatable, Sendable {
        /// Industries kept (the last stratum holds this many or more).
        public var kept: Int
        public var zones: Int
        public var densityROCAUC: Double
        public var popularityROCAUC: Double
    }

    /// Each zone's present industries as single-industry units.
    public static func industryUnits(presence m: DoubleMatrix) -> [[[Int]]] {
        (0..<m.rows).map { r in (0..<m.columns).filter { m[r, $0] > 0 }.map { [$0] } }
    }

    /// Each zone's mapped catalogue terms as units (the industries one term maps to), in catalogue order.
    public static func termUnits(_ parks: [Park], vocabulary: IndustryVocabulary) -> [[[Int]]] {
        parks.map { park in park.leadingIndustries.map { vocabulary.industries(for: $0) }.filter { !$0.isEmpty } }
    }

    /// The presence matrix the units describe.
    public static func presence(units: [[[Int]]], industries: Int) -> DoubleMatrix {
        var m = DoubleMatrix(rows: units.count, columns: industries)
        for (r, zone) in units.enumerated() { for unit in zone { for i in unit { m[r, i] = 1 } } }
        return m
    }

    /// The folds (deterministic for a seed).
    public static func folds(units: [[[Int]]], options: Options) throws -> [Fold] {
        guard options.folds >= 2 else { throw ChainMatchError.usage("the backtest needs at least 2 folds, got \(options.folds)") }
        guard options.hideFraction > 0, options.hideFraction < 1 else {
            throw ChainMatchError.usage("hide fraction must lie strictly between 0 and 1, got \(options.hideFraction)")
        }
        var rng = SplitMix64(seed: options.seed)
        var eligible = units.indices.filter { units[$0].count >= 2 }
        shuffle(&eligible, &rng)
        var folds = [Fold](repeating: Fold(testZones: [], kept: [], hidden: []), count: options.folds)
        for (position, zone) in eligible.enumerated() { folds[position % options.folds].testZones.append(zone) }
        for f in folds.indices {
            folds[f].testZones.sort()
            for zone in folds[f].testZones {
                var order = Array(units[zone].indices)
                shuffle(&order, &rng)
                let h = max(1, Int((Double(order.count) * options.hideFraction).rounded(.down)))
                let kept = Set(order.dropFirst(h).flatMap { units[zone][$0] })
                let all = Set(units[zone].flatMap { $0 })
                folds[f].kept.append(kept.sorted())
                folds[f].hidden.append(all.subtracting(kept).sorted())
            }
        }
        return folds
    }

    static func shuffle(_ a: inout [Int], _ rng: inout SplitMix64) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = Int(rng.next() % UInt64(i + 1))
            a.swapAt(i, j)
        }
    }

    /// The training matrix of a fold: `m` with every test zone's row replaced by its training row.
    public static func training(_ m: DoubleMatrix, fold: Fold) -> DoubleMatrix {
        var t = m
        for (zone, kept) in zip(fold.testZones, fold.kept) {
            for i in 0..<t.columns { t[zone, i] = 0 }
            for i in kept { t[zone, i] = 1 }
        }
        return t
    }

    /// Co-occurrence relatedness Σ_j M_rj·P(i | j), P(i | j) = (MᵀM)_ij / u_j for i ≠ j (0 where u_j = 0).
    public static func cooccurrence(presence m: DoubleMatrix) throws -> DoubleMatrix {
        var conditional = try BLAS.multiply(m, m, transposeA: .transpose)
        let u = EconomicComplexity.ubiquity(m)
        for i in 0..<conditional.rows {
            for j in 0..<conditional.columns { conditional[i, j] = (i == j || u[j] == 0) ? 0 : conditional[i, j] / u[j] }
        }
        return try BLAS.multiply(m, conditional, transposeB: .transpose)
    }

    /// Scores of every candidate of every test zone of a fold, per scorer. Reads `m` only through
    /// `training(m, fold:)`, so the hidden pairs cannot leak.
    /// With `context` and `units`, the pair models are fitted on the zones outside the fold.
    public static func scores(presence m: DoubleMatrix, fold: Fold, seed: UInt64, context: ZoneContext? = nil,
                              units: [[[Int]]]? = nil, scorers: Set<Scorer> = Set(Scorer.allCases)) throws -> [Scorer: [[(industry: Int, score: Double)]]] {
        let train = training(m, fold: fold)
        let phi = try EconomicComplexity.proximity(presence: train)
        let omega = try EconomicComplexity.density(presence: train, proximity: phi)
        let cooc = try cooccurrence(presence: train)
        let rp3 = try BLAS.multiply(train, ItemNeighbourScorers.rp3beta(presence: train, beta: rp3Beta))
        let ease = try BLAS.multiply(train, ItemNeighbourScorers.ease(presence: train, lambda: easeLambda))
        let ubiquity = EconomicComplexity.ubiquity(train)
        var pairModels: [Scorer: ZonePairModel] = [:]
        var stats: ZonePairModel.Statistics?
        if let context, let units, scorers.contains(where: \.needsContext) {
            let s = try ZonePairModel.Statistics(training: train, context: context)
            let testing = Set(fold.testZones)
            let trainingZones = units.indices.filter { !testing.contains($0) }
            for (scorer, set) in [(Scorer.pairModel, ZonePairModel.FeatureSet.full), (.pairShares, .shares)] where scorers.contains(scorer) {
                pairModels[scorer] = try ZonePairModel.fit(s, units: units, zones: trainingZones, seed: seed ^ 0x7A1B_39C4_E2D0_5F11, set: set)
            }
            stats = s
        }
        var rng = SplitMix64(seed: seed ^ 0x5DEE_CE66_D1CE_4E5B)
        var out: [Scorer: [[(industry: Int, score: Double)]]] = [:]
        for scorer in Scorer.allCases where scorers.contains(scorer) && (!scorer.needsContext || stats != nil) { out[scorer] = [] }
        for (z, zone) in fold.testZones.enumerated() {
            let candidates = (0..<train.columns).filter { train[zone, $0] == 0 }
            // Random numbers are drawn for every zone, so the random baseline does not depend on the others.
            let draws = candidates.map { _ in rng.nextDouble() }
            out[.density]?.append(candidates.map { ($0, omega[zone, $0]) })
            out[.cooccurrence]?.append(candidates.map { ($0, cooc[zone, $0]) })
            out[.rp3beta]?.append(candidates.map { ($0, rp3[zone, $0]) })
            out[.ease]?.append(candidates.map { ($0, ease[zone, $0]) })
            out[.popularity]?.append(candidates.map { ($0, ubiquity[$0]) })
            out[.random]?.append(zip(candidates, draws).map { ($0, $1) })
            if let stats {
                for (scorer, model) in pairModels {
                    out[scorer]?.append(candidates.map { ($0, model.probability(stats, zone: zone, kept: fold.kept[z], industry: $0)) })
                }
            }
        }
        return out
    }

    /// Runs every fold and scores every scorer of `options.scorers` (the pair models only with `context`).
    public static func run(units: [[[Int]]], industries: Int, unit: Unit, options: Options = Options(),
                           context: ZoneContext? = nil) throws -> Report {
        let m = presence(units: units, industries: industries)
        let folds = try folds(units: units, options: options)
        var pooled: [Scorer: [(score: Double, positive: Bool)]] = [:]
        var atK: [Scorer: (p5: Double, p10: Double, r10: Double, auc: Double)] = [:]
        let strata = [1, 2, 3]
        var byKept: [Int: [Scorer: [(score: Double, positive: Bool)]]] = [:]
        var zonesByKept: [Int: Int] = [:]
        var zones = 0, unchanged = 0, hiddenPairs = 0, candidatePairs = 0
        for (f, fold) in folds.enumerated() {
            let s = try scores(presence: m, fold: fold, seed: options.seed &+ UInt64(f), context: context, units: units, scorers: options.scorers)
            for (z, hidden) in fold.hidden.enumerated() {
                // A zone whose hidden terms name only industries its kept terms also give has nothing to find.
                guard !hidden.isEmpty else { unchanged += 1; continue }
                zones += 1
                hiddenPairs += hidden.count
                let kept = min(strata.last!, fold.kept[z].count)
                zonesByKept[kept, default: 0] += 1
                candidatePairs += s.values.first?[z].count ?? 0
                let positives = Set(hidden)
                for scorer in Scorer.allCases {
                    guard let list = s[scorer]?[z] else { continue }
                    let labelled = list.map { (score: $0.score, positive: positives.contains($0.industry)) }
                    pooled[scorer, default: []].append(contentsOf: labelled)
                    byKept[kept, default: [:]][scorer, default: []].append(contentsOf: labelled)
                    let ranked = list.sorted { $0.score != $1.score ? $0.score > $1.score : $0.industry < $1.industry }
                    func hits(_ k: Int) -> Double { Double(ranked.prefix(k).filter { positives.contains($0.industry) }.count) }
                    var acc = atK[scorer] ?? (0, 0, 0, 0)
                    acc.auc += rocAUC(labelled)
                    acc.p5 += hits(5) / 5
                    acc.p10 += hits(10) / 10
                    acc.r10 += hits(10) / Double(positives.count)
                    atK[scorer] = acc
                }
            }
        }
        let n = Double(max(1, zones))
        func metrics(_ scorer: Scorer) -> Metrics {
            let p = pooled[scorer] ?? []
            let k = atK[scorer] ?? (0, 0, 0, 0)
            return Metrics(rocAUC: rocAUC(p), rocAUCZoneMean: k.auc / n, prAUC: averagePrecision(p), precisionAt5: k.p5 / n, precisionAt10: k.p10 / n, recallAt10: k.r10 / n)
        }
        return Report(options: options, unit: unit, zones: zones, unchangedZones: unchanged, industries: m.columns, hiddenPairs: hiddenPairs, candidatePairs: candidatePairs,
                      baseRate: candidatePairs == 0 ? 0 : Double(hiddenPairs) / Double(candidatePairs),
                      byScorer: Dictionary(uniqueKeysWithValues: Scorer.allCases.filter { pooled[$0] != nil }.map { ($0, metrics($0)) }),
                      byTrainingSize: strata.map { k in
                          Stratum(kept: k, zones: zonesByKept[k] ?? 0, densityROCAUC: rocAUC(byKept[k]?[.density] ?? []),
                                  popularityROCAUC: rocAUC(byKept[k]?[.popularity] ?? []))
                      })
    }
}
