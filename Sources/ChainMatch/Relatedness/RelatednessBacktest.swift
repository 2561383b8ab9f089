import Foundation

/// Backtest of relatedness density on a place × industry presence matrix: hide some industries each
/// test zone has, learn proximity from what remains, and see whether density ranks the hidden ones first.
///
/// ```swift
/// let report = try RelatednessBacktest.run(presence: zones.presence, options: .init(folds: 5, seed: 1))
/// report.density.rocAUC, report.popularity.rocAUC, report.random.rocAUC
/// ```
///
/// Protocol. Zones with at least two present industries are shuffled (seeded) into `folds` folds.
/// For each fold, every test zone hides ⌊n/2⌋ of its n present industries (a seeded choice). Proximity
/// is recomputed from the training matrix — the full matrix with every hidden pair of the fold set to
/// 0 — so no hidden pair reaches the model. Candidates of a test zone are the industries absent from
/// its training row (the hidden ones and the truly absent ones); the positives are the hidden ones.
/// Scores: density over the zone's remaining industries; popularity = ubiquity in the training
/// matrix; random = seeded uniform numbers. ROC-AUC (ties as half) and PR-AUC (average precision,
/// tied scores as one threshold) are pooled over all candidates of all folds; precision@k and
/// recall@k are computed per test zone (ties broken by industry column) and averaged over zones.
public enum RelatednessBacktest {
    public struct Options: Equatable, Sendable {
        public var folds: Int
        public var seed: UInt64
        /// Share of a test zone's present industries to hide (rounded down, at least one).
        public var hideFraction: Double

        public init(folds: Int = 5, seed: UInt64 = 1, hideFraction: Double = 0.5) {
            self.folds = folds; self.seed = seed; self.hideFraction = hideFraction
        }
    }

    /// One fold: its test zones and the (zone, industry) pairs hidden from training.
    public struct Fold: Equatable, Sendable {
        public var testZones: [Int]
        /// Per test zone (same order), the hidden industry columns, ascending.
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

    public enum Scorer: String, CaseIterable, Sendable { case density, popularity, random }

    public struct Report: Equatable, Sendable {
        public var options: Options
        /// Zones tested (each in exactly one fold).
        public var zones: Int
        public var industries: Int
        public var hiddenPairs: Int
        public var candidatePairs: Int
        /// Share of candidates that are positives (the PR-AUC of a random ranking).
        public var baseRate: Double
        public var density: Metrics
        public var popularity: Metrics
        public var random: Metrics
        /// Pooled ROC-AUC by the number of industries left in a test zone's training row (1, 2, 3 or more).
        public var byTrainingSize: [Stratum]

        public func metrics(_ scorer: Scorer) -> Metrics {
            switch scorer { case .density: return density; case .popularity: return popularity; case .random: return random }
        }
    }

    /// Test zones grouped by how many industries their training row keeps.
    public struct Stratum: Equatable, Sendable {
        /// Industries kept (the last stratum holds this many or more).
        public var kept: Int
        public var zones: Int
        public var densityROCAUC: Double
        public var popularityROCAUC: Double
    }

    /// The folds for a presence matrix (deterministic for a seed).
    public static func folds(presence m: DoubleMatrix, options: Options) throws -> [Fold] {
        guard options.folds >= 2 else { throw ChainMatchError.usage("the backtest needs at least 2 folds, got \(options.folds)") }
        guard options.hideFraction > 0, options.hideFraction < 1 else {
            throw ChainMatchError.usage("hide fraction must lie strictly between 0 and 1, got \(options.hideFraction)")
        }
        var rng = SplitMix64(seed: options.seed)
        let present = (0..<m.rows).map { r in (0..<m.columns).filter { m[r, $0] > 0 } }
        var eligible = (0..<m.rows).filter { present[$0].count >= 2 }
        shuffle(&eligible, &rng)
        var folds = [Fold](repeating: Fold(testZones: [], hidden: []), count: options.folds)
        for (position, zone) in eligible.enumerated() { folds[position % options.folds].testZones.append(zone) }
        for f in folds.indices {
            folds[f].testZones.sort()
            folds[f].hidden = folds[f].testZones.map { zone in
                var industries = present[zone]
                shuffle(&industries, &rng)
                let h = max(1, Int((Double(industries.count) * options.hideFraction).rounded(.down)))
                return Array(industries.prefix(h)).sorted()
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

    /// The training matrix of a fold: `m` with every hidden pair set to 0.
    public static func training(_ m: DoubleMatrix, fold: Fold) -> DoubleMatrix {
        var t = m
        for (zone, hidden) in zip(fold.testZones, fold.hidden) { for i in hidden { t[zone, i] = 0 } }
        return t
    }

    /// Scores of every candidate of every test zone of a fold, per scorer. Reads `m` only through
    /// `training(m, fold:)`, so the hidden pairs cannot leak.
    public static func scores(presence m: DoubleMatrix, fold: Fold, seed: UInt64) throws -> [Scorer: [[(industry: Int, score: Double)]]] {
        let train = training(m, fold: fold)
        let phi = try EconomicComplexity.proximity(presence: train)
        let omega = try EconomicComplexity.density(presence: train, proximity: phi)
        let ubiquity = EconomicComplexity.ubiquity(train)
        var rng = SplitMix64(seed: seed ^ 0x5DEE_CE66_D1CE_4E5B)
        var out: [Scorer: [[(industry: Int, score: Double)]]] = [.density: [], .popularity: [], .random: []]
        for zone in fold.testZones {
            let candidates = (0..<train.columns).filter { train[zone, $0] == 0 }
            out[.density]!.append(candidates.map { ($0, omega[zone, $0]) })
            out[.popularity]!.append(candidates.map { ($0, ubiquity[$0]) })
            out[.random]!.append(candidates.map { ($0, rng.nextDouble()) })
        }
        return out
    }

    /// Runs every fold and scores density against the popularity and random baselines.
    public static func run(presence m: DoubleMatrix, options: Options = Options()) throws -> Report {
        let folds = try folds(presence: m, options: options)
        var pooled: [Scorer: [(score: Double, positive: Bool)]] = [:]
        var atK: [Scorer: (p5: Double, p10: Double, r10: Double, auc: Double)] = [:]
        let strata = [1, 2, 3]
        var byKept: [Int: [Scorer: [(score: Double, positive: Bool)]]] = [:]
        var zonesByKept: [Int: Int] = [:]
        var zones = 0, hiddenPairs = 0, candidatePairs = 0
        for (f, fold) in folds.enumerated() {
            let s = try scores(presence: m, fold: fold, seed: options.seed &+ UInt64(f))
            zones += fold.testZones.count
            for (z, hidden) in fold.hidden.enumerated() {
                hiddenPairs += hidden.count
                let zone = fold.testZones[z]
                let kept = min(strata.last!, (0..<m.columns).filter { m[zone, $0] > 0 }.count - hidden.count)
                zonesByKept[kept, default: 0] += 1
                candidatePairs += s[.density]![z].count
                let positives = Set(hidden)
                for scorer in Scorer.allCases {
                    let list = s[scorer]![z]
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
        return Report(options: options, zones: zones, industries: m.columns, hiddenPairs: hiddenPairs, candidatePairs: candidatePairs,
                      baseRate: candidatePairs == 0 ? 0 : Double(hiddenPairs) / Double(candidatePairs),
                      density: metrics(.density), popularity: metrics(.popularity), random: metrics(.random),
                      byTrainingSize: strata.map { k in
                          Stratum(kept: k, zones: zonesByKept[k] ?? 0, densityROCAUC: rocAUC(byKept[k]?[.density] ?? []),
                                  popularityROCAUC: rocAUC(byKept[k]?[.popularity] ?? []))
                      })
    }

    /// Area under the ROC curve (Mann–Whitney, tied scores count one half); 0.5 when a class is empty.
    public static func rocAUC(_ items: [(score: Double, positive: Bool)]) -> Double {
        let sorted = items.sorted { $0.score < $1.score }
        let positives = sorted.filter(\.positive).count
        let negatives = sorted.count - positives
        guard positives > 0, negatives > 0 else { return 0.5 }
        var rankSum = 0.0
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count && sorted[j + 1].score == sorted[i].score { j += 1 }
            let midrank = Double(i + j) / 2 + 1
            for t in i...j where sorted[t].positive { rankSum += midrank }
            i = j + 1
        }
        return (rankSum - Double(positives) * Double(positives + 1) / 2) / (Double(positives) * Double(negatives))
    }

    /// Average precision: Σ over distinct score thresholds (high to low) of Δrecall × precision.
    public static func averagePrecision(_ items: [(score: Double, positive: Bool)]) -> Double {
        let sorted = items.sorted { $0.score > $1.score }
        let positives = sorted.filter(\.positive).count
        guard positives > 0 else { return 0 }
        var tp = 0, seen = 0, ap = 0.0
        var i = 0
        while i < sorted.count {
            var j = i
            var groupTP = 0
            while j < sorted.count && sorted[j].score == sorted[i].score {
                if sorted[j].positive { groupTP += 1 }
                j += 1
            }
            tp += groupTP
            seen = j
            if groupTP > 0 { ap += Double(groupTP) / Double(positives) * Double(tp) / Double(seen) }
            i = j
        }
        return ap
    }

    /// Cross-check with the independent listed-company signal: how well the catalogue's province
    /// density (learned proximity over the province's RCA ≥ 1 zone industries) ranks the province ×
    /// industry pairs where listed companies show RCA ≥ 1, among pairs the catalogue does not already
    /// mark present. Industries without any listed company are left out.
    public static func listedCrossCheck(catalogue: RelatednessMeasures, listed: PlaceIndustryMatrix) -> (pairs: Int, positives: Int, rocAUC: Double) {
        let listedPresence = listed.presence
        let columnHasListed = (0..<listed.counts.columns).map { i in (0..<listed.counts.rows).contains { listed.counts[$0, i] > 0 } }
        var items: [(score: Double, positive: Bool)] = []
        for (r, place) in listed.places.enumerated() {
            guard let c = catalogue.row(of: place) else { continue }
            for i in 0..<listed.counts.columns where columnHasListed[i] && catalogue.presence[c, i] == 0 {
                items.append((catalogue.density[c, i], listedPresence[r, i] > 0))
            }
        }
        return (items.count, items.filter(\.positive).count, rocAUC(items))
    }
}
