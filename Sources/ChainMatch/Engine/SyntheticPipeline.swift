import Foundation

/// A seeded SYNTHETIC pipeline over the bundled campaigns' real lists, from a hidden logistic model.
///
/// ```swift
/// let engine = try Recommender.load(from: DataLocation.resolve())
/// let synth = SyntheticPipeline(weights: .standard, seed: 7)
/// let targets = try SyntheticPipeline.targets(engine: engine, campaigns: engine.bundledCampaigns(), perCampaign: 200)
/// try synth.write(synth.draw(targets), to: "/tmp/p.synthetic.csv")
/// ```
///
/// The model: each target's four block contributions (chain, endowment, relatedness, profile) are divided
/// by its campaign's block points (`CampaignEncoder.blockPoints`), giving the raw block scores a weight
/// profile multiplies; these are standardised over all drawn targets (z, mean 0, sd 1; a block without
/// spread is 0) and η = w · z. So the hidden model is a weight profile — raw weights w_b / sd_b — and
/// `learn` can be checked against it. The target is contacted on a day uniform in 2025–2026. It signs with
/// probability σ(logit(p_s) + η), p_s = 0.55 · 0.55 · 0.45 (one logistic event, the outcome `learn` fits),
/// passing visited and negotiating on the way; one that will not sign stops before visiting, at visited
/// or at negotiating in the proportions the base rates give (55%, 55%, 45%), whatever its η. A signed
/// project then starts and is funded, each with probability σ(logit(p₀) + η), p₀ = 75%, 65%. Each step
/// comes after a lag uniform in `lagDays` days. A target
/// that fails a step is dropped with probability `dropChance` (70% before signing, 50% when a signed
/// project does not start, 10% when a started one is not funded), `dropLagDays` later, else it stays
/// where it is. Nothing after 2026-12-31 happens. Signed 亿元 = the engine's project size for the campaign
/// × e^N(0, 0.35²) (1 亿元 when the engine states none), funded = signed × U(0.25, 1), both in cents.
/// Every target draws the same 21 numbers from its own generator (seed, campaign, enterprise), so a row
/// does not depend on the others, and raising one block's weight moves every target with a positive z
/// in it at least as far, and every one with a negative z at most as far. Rows carry the list rank, the
/// list day 2024-12-31 and the four scores.
public struct SyntheticPipeline: Sendable {
    /// The hidden weights of the standardised block scores.
    public struct Weights: Equatable, Sendable {
        public var chain, endowment, relatedness, profile: Double

        public init(chain: Double, endowment: Double, relatedness: Double, profile: Double) {
            self.chain = chain; self.endowment = endowment; self.relatedness = relatedness; self.profile = profile
        }

        /// chain 1.2, endowment 0.6, relatedness 0.9, profile 0.3.
        public static let standard = Weights(chain: 1.2, endowment: 0.6, relatedness: 0.9, profile: 0.3)

        /// Four numbers "a,b,c,d" in block order; each finite and within ±20.
        public init(parsing text: String) throws {
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let values = parts.compactMap { CSVWriter.isPlainNumber($0) ? Double($0) : nil }
            guard parts.count == 4, values.count == 4, values.allSatisfy({ abs($0) <= 20 }) else {
                throw ChainMatchError.usage("--weights takes four numbers chain,endowment,relatedness,profile within ±20, e.g. 1.2,0.6,0.9,0.3; got '\(text)'")
            }
            self.init(chain: values[0], endowment: values[1], relatedness: values[2], profile: values[3])
        }

        public var values: [Double] { [chain, endowment, relatedness, profile] }
    }

    /// One listed target to draw a history for.
    public struct Target: Sendable {
        public var campaignID: String
        public var enterpriseID: String
        public var listRank: Int
        /// Block contributions in the order chain, endowment, relatedness, profile.
        public var scores: [Double]
        /// The engine's project size for this campaign, 亿元 (0 when it states none).
        public var investment100m: Double
        /// The campaign's points per block (its profile's weights scaled to 100); all 1 when not given.
        public var points: [Double]

        public init(campaignID: String, enterpriseID: String, listRank: Int, scores: [Double], investment100m: Double,
                    points: [Double] = [1, 1, 1, 1]) {
            self.campaignID = campaignID; self.enterpriseID = enterpriseID; self.listRank = listRank
            self.scores = scores; self.investment100m = investment100m; self.points = points
        }

        /// The block scores before the campaign's weights: contribution ÷ points (0 for a block without points).
        public var raw: [Double] { zip(scores, points).map { $1 > 0 ? $0 / $1 : 0 } }
    }

    /// Per campaign this many list places by default: 19,979 targets over the 13 bundled campaigns,
    /// most of whose eligible lists are shorter.
    public static let defaultPerCampaign = 2300
    public static let listDay = CalendarDay(iso: "2024-12-31")!
    public static let firstContact = CalendarDay(iso: "2025-01-01")!
    public static let horizon = CalendarDay(iso: "2026-12-31")!
    /// The chance of each step (visited, negotiating, signed, started, funded) at η = 0.
    public static let baseRates = [0.55, 0.55, 0.45, 0.75, 0.65]
    /// The chance of signing at η = 0: the first three base rates together.
    public static let signRate = 0.55 * 0.55 * 0.45

    static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
    static func logit(_ p: Double) -> Double { log(p / (1 - p)) }
    public static let dropChance = [0.7, 0.7, 0.7, 0.5, 0.1]
    public static let lagDays = [7...60, 14...90, 30...150, 30...180, 14...120]
    public static let dropLagDays = 20...120

    public var weights: Weights
    public var seed: UInt64

    public init(weights: Weights = .standard, seed: UInt64 = 1) {
        self.weights = weights
        self.seed = seed
    }

    /// The history of every target, in the order given.
    public func draw(_ targets: [Target]) -> [PipelineEntry] {
        let z = Self.standardised(targets)
        return targets.indices.map { entry(targets[$0], eta: zip(weights.values, z[$0]).reduce(0) { $0 + $1.0 * $1.1 }) }
    }

    /// Each target's raw block scores standardised over all targets.
    static func standardised(_ targets: [Target]) -> [[Double]] {
        var z = targets.map { _ in [0.0, 0, 0, 0] }
        guard !targets.isEmpty else { return z }
        let raw = targets.map(\.raw)
        for b in 0..<4 {
            let values = raw.map { $0[b] }
            let mean = values.reduce(0, +) / Double(values.count)
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
            guard sd > 1e-12 else { continue }
            for r in targets.indices { z[r][b] = (values[r] - mean) / sd }
        }
        return z
    }

    /// The hidden model as a weight profile's block weights: w_b ÷ sd_b of the raw scores, scaled to sum 1
    /// (negative weights kept; compare orders, not values, with what `learn` finds).
    public func hiddenProfileWeights(_ targets: [Target]) -> [Double] {
        let raw = targets.map(\.raw)
        let weights = weights.values.enumerated().map { b, w -> Double in
            let values = raw.map { $0[b] }
            let mean = values.reduce(0, +) / Double(max(1, values.count))
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, values.count))).squareRoot()
            return sd > 1e-12 ? w / sd : 0
        }
        let total = weights.reduce(0) { $0 + abs($1) }
        return weights.map { total > 0 ? $0 / total : 0 }
    }

    func entry(_ t: Target, eta: Double) -> PipelineEntry {
        var hash = XXHash64(seed: seed)
        hash.update(Data((t.campaignID + "\u{1F}" + t.enterpriseID).utf8))
        var rng = SplitMix64(seed: hash.finalize())
        let contact = Self.firstContact.adding(days: Int(rng.next() % UInt64(Self.horizon.dayNumber - Self.firstContact.dayNumber + 1)))
        let steps = (0..<5).map { k in (pass: rng.nextDouble(), drop: rng.nextDouble(), lag: Self.uniform(Self.lagDays[k], &rng)) }
        let dropLag = Self.uniform(Self.dropLagDays, &rng)
        let normal = (-2 * log(max(rng.nextDouble(), 1e-12))).squareRoot() * cos(2 * Double.pi * rng.nextDouble())
        let fundedShare = 0.25 + 0.75 * rng.nextDouble()
        let failDraw = rng.nextDouble()
        // Signing is one logistic event in η; a target that will not sign stops at visited, negotiating
        // or before, as the base rates would have it, whatever its η.
        let signs = steps[0].pass < Self.sigmoid(Self.logit(Self.signRate) + eta)
        let base = Self.baseRates
        let stops = [1 - base[0], base[0] * (1 - base[1]), base[0] * base[1] * (1 - base[2])]
        let failAt = failDraw * stops.reduce(0, +) < stops[0] ? 0 : failDraw * stops.reduce(0, +) < stops[0] + stops[1] ? 1 : 2

        var e = PipelineEntry(campaignID: t.campaignID, enterpriseID: t.enterpriseID, stage: .contacted)
        e.dates[.contacted] = contact
        var day = contact
        for (k, step) in steps.enumerated() {
            let passes = k < 3 ? signs || k < failAt : step.pass < Self.sigmoid(Self.logit(base[k]) + eta)
            if passes {
                let next = day.adding(days: step.lag)
                guard next <= Self.horizon else { break }
                day = next
                e.stage = PipelineStage.progress[k + 1]
                e.dates[e.stage] = day
            } else {
                if step.drop < Self.dropChance[k], day.adding(days: dropLag) <= Self.horizon {
                    e.dates[.dropped] = day.adding(days: dropLag)
                }
                break
            }
        }
        if e.dates[.signed] != nil {
            let size = t.investment100m > 0 ? t.investment100m : 1
            let signed = max(0.01, (size * exp(0.35 * normal) * 100).rounded() / 100)
            e.signed100m = signed
            if e.dates[.funded] != nil { e.funded100m = min(signed, max(0.01, (signed * fundedShare * 100).rounded() / 100)) }
        }
        if e.dates[.dropped] != nil { e.stage = .dropped }
        e.listRank = t.listRank
        e.listDate = Self.listDay
        e.listRun = "2024-12-31T000000Z"
        e.scores = PipelineEntry.BlockScores(chain: t.scores[0], endowment: t.scores[1], relatedness: t.scores[2], profile: t.scores[3])
        e.notes = "synthetic"
        return e
    }

    static func uniform(_ range: ClosedRange<Int>, _ rng: inout SplitMix64) -> Int {
        range.lowerBound + Int(rng.next() % UInt64(range.count))
    }

    /// The first `perCampaign` places of each campaign's real list (fewer when fewer are eligible),
    /// ranked by the engine in one pass, with their block contributions and project sizes.
    public static func targets(engine: Recommender, campaigns: [Campaign], perCampaign: Int) throws -> [Target] {
        try RankingPlan.check(top: perCampaign, campaigns: campaigns)
        let plan = RankingPlan(campaigns: campaigns, encoded: try engine.encode(campaigns), top: perCampaign,
                               layout: engine.layout, taxonomy: engine.models.taxonomy)
        let masks = ConstraintMasks(needs: engine.encoding.needs, limits: plan.limits)
        let heaps = try BlockedScorer(k: plan.k, threads: engine.threads, projectCredit: engine.layout.projectCredit).rank(features: engine.encoding.features, weights: plan.weights, masks: masks)
        let rows = RankingRows(enterprises: engine.datasets.enterprises, encoding: engine.encoding)
        let lists = engine.rankingContext.lists(plan: plan, candidates: heaps.map { $0.sorted() }, rows: rows)
        let profiles = engine.models.profiles
        return lists.flatMap { list in
            let points = profiles.first(where: { $0.name == list.campaign.profile }).map { CampaignEncoder.blockPoints(list.campaign, profile: $0) } ?? [1, 1, 1, 1]
            return list.results.map { r in
                Target(campaignID: list.campaign.id, enterpriseID: r.enterprise.id, listRank: r.rank,
                       scores: FeatureLayout.Block.allCases.map { r.breakdown[$0] }, investment100m: r.project.investment100m,
                       points: points)
            }
        }
    }

    /// Writes the entries atomically to `path`, which must end in `.synthetic.csv`.
    public func write(_ entries: [PipelineEntry], to path: String) throws {
        guard path.hasSuffix(PipelineReader.syntheticSuffix) else {
            throw ChainMatchError.usage("synthetic pipeline files are named *\(PipelineReader.syntheticSuffix) so they are never mistaken for real progress; got '\(path)'")
        }
        try AtomicFile.write(PipelineWriter.encode(entries, synthetic: true), to: path)
    }
}
