import Foundation

/// Relatedness as a learned probability: will this zone take up this industry, given the industries it
/// has, what its neighbours, its province, its city and zones of its type have, and how common the
/// industry is — a logistic regression on (zone, industry) pair features.
///
/// ```swift
/// let stats = try ZonePairModel.Statistics(training: presence, context: ZoneContext(parks: parks))
/// let model = try ZonePairModel.fit(stats, units: units, zones: Array(units.indices), seed: 1)
/// let p = model.probability(stats, zone: 7, kept: [3, 12], industry: 40)
/// ```
///
/// No feature reads the zone's own row of the training matrix: every share and every co-occurrence
/// count subtracts it, so a training example (a zone whose full row is in the matrix, with half its
/// catalogue terms hidden as in the backtest) sees exactly what a test zone sees. Features of set
/// `.full` (names in `featureNames`), with `p` the industry's share among the other zones: p and log p;
/// the sum, mean and largest P(industry | kept industry) over the zone's kept industries
/// (co-occurrence); the RP3beta walk score and its log; the log of the number of kept industries; the
/// industry's share among the other zones of the same province, the same city, the same type and
/// level, and the 5, 20 and 50 nearest zones, each raw and shrunk towards p as log((k + 2p) / (n + 2));
/// and one indicator per industry. Set `.shares` is the plain peer: p, the co-occurrence sum, RP3beta
/// and the raw province, type-level and 20-nearest shares.
public struct ZonePairModel: Equatable, Sendable, Codable {
    public enum FeatureSet: String, CaseIterable, Sendable, Codable { case shares, full }

    public var featureSet: FeatureSet
    public var industries: Int
    public var regression: LogisticRegression

    /// Counts from a training matrix that the features are computed from.
    public struct Statistics: Sendable {
        public let matrix: DoubleMatrix
        public let context: ZoneContext
        let ubiquity: [Double]
        let degrees: [Double]
        /// XᵀX: zones having both industries.
        let together: DoubleMatrix
        /// Xᵀ D⁻¹ X: the two-step walk industry → zone → industry, before dividing by ubiquity.
        let walk: DoubleMatrix
        /// Per grouping (in `ZoneContext.Grouping.allCases` order), each zone's group, its size and counts.
        let groupOf: [[Int]]
        let sizesByGrouping: [[Double]]
        let countsByGrouping: [DoubleMatrix]
        /// Per zone and industry, how many of the zone's 5, 20 and 50 nearest zones have the industry.
        let nearCounts: [DoubleMatrix]
        static let nearSizes = [5, 20, 50]

        public init(training m: DoubleMatrix, context: ZoneContext) throws {
            precondition(m.rows == context.zones, "one context row per zone")
            matrix = m
            self.context = context
            ubiquity = EconomicComplexity.ubiquity(m)
            degrees = (0..<m.rows).map { r in (0..<m.columns).reduce(0.0) { $0 + m[r, $1] } }
            together = try BLAS.multiply(m, m, transposeA: .transpose)
            var scaled = m
            for r in 0..<m.rows where degrees[r] > 0 { for c in 0..<m.columns { scaled[r, c] /= degrees[r] } }
            walk = try BLAS.multiply(m, scaled, transposeA: .transpose)
            var sizes: [ZoneContext.Grouping: [Double]] = [:], counts: [ZoneContext.Grouping: DoubleMatrix] = [:]
            for (g, numbers) in context.groups {
                let groups = (numbers.max() ?? -1) + 1
                var size = [Double](repeating: 0, count: groups)
                var count = DoubleMatrix(rows: groups, columns: m.columns)
                for (zone, group) in numbers.enumerated() {
                    size[group] += 1
                    for i in 0..<m.columns where m[zone, i] > 0 { count[group, i] += 1 }
                }
                sizes[g] = size; counts[g] = count
            }
            groupOf = ZoneContext.Grouping.allCases.map { context.groups[$0]! }
            sizesByGrouping = ZoneContext.Grouping.allCases.map { sizes[$0]! }
            countsByGrouping = ZoneContext.Grouping.allCases.map { counts[$0]! }
            var near = [DoubleMatrix](repeating: DoubleMatrix(rows: m.rows, columns: m.columns), count: Self.nearSizes.count)
            m.storage.withUnsafeBufferPointer { ms in
                for (s, size) in Self.nearSizes.enumerated() {
                    near[s].storage.withUnsafeMutableBufferPointer { out in
                        for z in 0..<m.rows {
                            for o in context.nearest[z].prefix(size) {
                                for i in 0..<m.columns { out[z * m.columns + i] += ms[o * m.columns + i] }
                            }
                        }
                    }
                }
            }
            nearCounts = near
        }

        /// The features of (zone, industry) when the zone is known to have `kept`.
        public func features(zone z: Int, kept: [Int], industry i: Int, set: FeatureSet) -> [Double] {
            let others = Double(max(1, matrix.rows - 1))
            let own = matrix[z, i]
            let p = (ubiquity[i] - own) / others
            func shrunk(_ k: Double, _ n: Double) -> Double { log((k + 2 * p) / (n + 2) + 1e-4) }
            func raw(_ k: Double, _ n: Double) -> Double { n > 0 ? k / n : 0 }
            var coSum = 0.0, coMax = 0.0, walkSum = 0.0
            for j in kept {
                let ownJ = matrix[z, j]
                let base = max(1, ubiquity[j] - ownJ)
                let c = (together[i, j] - own * ownJ) / base
                coSum += c
                coMax = max(coMax, c)
                if degrees[z] > 0 { walkSum += (walk[j, i] - ownJ * own / degrees[z]) / base } else { walkSum += walk[j, i] / base }
            }
            let rp3 = walkSum / max(1, ubiquity[i] - own).squareRoot()
            func share(_ g: ZoneContext.Grouping) -> (k: Double, n: Double) {
                let index = g == .province ? 0 : g == .city ? 1 : 2
                let group = groupOf[index][z]
                return (countsByGrouping[index][group, i] - own, sizesByGrouping[index][group] - 1)
            }
            func near(_ k: Int) -> (k: Double, n: Double) {
                let s = Self.nearSizes.firstIndex(of: k)!
                return (nearCounts[s][z, i], Double(min(k, context.nearest[z].count)))
            }
            let province = share(.province), typeLevel = share(.typeLevel), city = share(.city)
            let n20 = near(20)
            switch set {
            case .shares:
                return [p, coSum, rp3, raw(province.k, province.n), raw(typeLevel.k, typeLevel.n), raw(n20.k, n20.n)]
            case .full:
                let (n5, n50) = (near(5), near(50))
                let mean = coSum / Double(max(1, kept.count))
                var f = [p, log(p + 1e-4), coSum, mean, coMax, rp3, log(rp3 + 1e-4), log(Double(max(1, kept.count))),
                         raw(province.k, province.n), raw(city.k, city.n), raw(typeLevel.k, typeLevel.n),
                         raw(n5.k, n5.n), raw(n20.k, n20.n), raw(n50.k, n50.n),
                         shrunk(province.k, province.n), shrunk(city.k, city.n), shrunk(typeLevel.k, typeLevel.n),
                         shrunk(n5.k, n5.n), shrunk(n20.k, n20.n), shrunk(n50.k, n50.n)]
                var indicator = [Double](repeating: 0, count: matrix.columns)
                indicator[i] = 1
                f.append(contentsOf: indicator)
                return f
            }
        }
    }

    /// Training examples: each listed zone with at least two units hides ⌊n/2⌋ of them (seeded), and
    /// every industry its kept units lack is an example, positive when a hidden unit gives it.
    public static func examples(_ stats: Statistics, units: [[[Int]]], zones: [Int], seed: UInt64, set: FeatureSet,
                                repeats: Int = 3) -> (x: DoubleMatrix, y: [Bool]) {
        var rng = SplitMix64(seed: seed)
        var rows: [[Double]] = [], labels: [Bool] = []
        for zone in zones where units[zone].count >= 2 { for _ in 0..<repeats {
            var order = Array(units[zone].indices)
            RelatednessBacktest.shuffle(&order, &rng)
            let h = max(1, order.count / 2)
            let kept = Set(order.dropFirst(h).flatMap { units[zone][$0] })
            let hidden = Set(units[zone].flatMap { $0 }).subtracting(kept)
            if hidden.isEmpty { continue }
            let keptList = kept.sorted()
            for i in 0..<stats.matrix.columns where !kept.contains(i) {
                rows.append(stats.features(zone: zone, kept: keptList, industry: i, set: set))
                labels.append(hidden.contains(i))
            }
        } }
        let width = rows.first?.count ?? 0
        return (DoubleMatrix(rows: rows.count, columns: width, storage: rows.flatMap { $0 }), labels)
    }

    /// Fits the model on simulated hides of `zones` (which must not include the zones it will be tested on).
    public static func fit(_ stats: Statistics, units: [[[Int]]], zones: [Int], seed: UInt64, set: FeatureSet = .full,
                           lambda: Double = 30) throws -> ZonePairModel {
        let (x, y) = examples(stats, units: units, zones: zones, seed: seed, set: set)
        return ZonePairModel(featureSet: set, industries: stats.matrix.columns, regression: try LogisticRegression.fit(x, labels: y, lambda: lambda))
    }

    /// Names of the `.full` features, in order, for `industries` (the indicators are named by industry id).
    public static func featureNames(industries: [String]) -> [String] {
        ["popularity", "log_popularity", "cooccurrence_sum", "cooccurrence_mean", "cooccurrence_max", "rp3", "log_rp3", "log_kept",
         "province_share", "city_share", "type_level_share", "near5_share", "near20_share", "near50_share",
         "province_log_shrunk", "city_log_shrunk", "type_level_log_shrunk", "near5_log_shrunk", "near20_log_shrunk", "near50_log_shrunk"]
            + industries.map { "industry:" + $0 }
    }

    /// The fitted `.full` model as CSV: `feature,mean,scale,weight`, then a row `intercept,0,1,β₀`.
    public func csv(industries: [String]) -> Data {
        let names = Self.featureNames(industries: industries)
        precondition(featureSet == .full && names.count == regression.weights.count)
        func f(_ v: Double) -> String { String(format: "%.10g", v) }
        var rows = names.indices.map { [names[$0], f(regression.means[$0]), f(regression.scales[$0]), f(regression.weights[$0])] }
        rows.append(["intercept", "0", "1", f(regression.intercept)])
        return CSVWriter.encode(header: ["feature", "mean", "scale", "weight"], rows: rows, neutralizeFormulas: false)
    }

    /// Reads what `csv(industries:)` wrote; the features must be exactly those of `industries`.
    public static func read(path: String, industries: [String]) throws -> ZonePairModel {
        let table = try CSVReader.read(path: path)
        guard table.header == ["feature", "mean", "scale", "weight"] else {
            throw ChainMatchError.badData(SourceLocation(file: path, line: 1), "expected the columns feature,mean,scale,weight")
        }
        let names = featureNames(industries: industries)
        guard table.rows.count == names.count + 1 else {
            throw ChainMatchError.badData(SourceLocation(file: path), "\(table.rows.count) rows for \(names.count) features and the intercept; run 'chainmatch relatedness build'")
        }
        var means: [Double] = [], scales: [Double] = [], weights: [Double] = []
        for (r, row) in table.rows.enumerated() {
            let expected = r < names.count ? names[r] : "intercept"
            guard row[0] == expected else { throw ChainMatchError.badData(table.location(row: r, column: 0), "expected feature '\(expected)', got '\(row[0])'") }
            var values: [Double] = []
            for c in 1...3 {
                guard let v = Double(row[c]), v.isFinite, c != 2 || v > 0 else {
                    throw ChainMatchError.badData(table.location(row: r, column: c), "'\(row[c])' is not a finite number\(c == 2 ? " above 0" : "")")
                }
                values.append(v)
            }
            if r < names.count { means.append(values[0]); scales.append(values[1]); weights.append(values[2]) }
            else { return ZonePairModel(featureSet: .full, industries: industries.count,
                                        regression: LogisticRegression(means: means, scales: scales, weights: weights, intercept: values[2])) }
        }
        fatalError("unreachable: the row count was checked")
    }

    public func probability(_ stats: Statistics, zone: Int, kept: [Int], industry: Int) -> Double {
        regression.probability(stats.features(zone: zone, kept: kept, industry: industry, set: featureSet))
    }
}
