import Foundation

/// Thresholds that start high: a pass over a sample of the rows guesses each campaign's floor, the full
/// pass screens above it, and a campaign whose guess proves too high is screened again without one.
///
/// ```swift
/// var scorer = BlockedScorer(k: 50)
/// scorer.seedStep = 32          // sample one row in 32 (0: no sample, thresholds start at −∞)
/// let tops = try scorer.rank(rows: x, rowCount: 1_000_000, featureCount: 516, weights: w, masks: m)
/// ```
///
/// Without a floor a campaign's threshold is the k-th best score seen so far, so the first tenth of a
/// large pass screens against thresholds far below the final ones: most blocks pass their bounds, most
/// scores reach them, and that tenth costs as much as the other nine. The sample (every `seedStep`-th row of
/// the pattern order, so it meets every chain) is screened for each campaign's `rank`-th best score, with
/// `rank` well above the k / step rows of the final top k the sample holds on average (see `seedRank`); that
/// score is the campaign's floor (`CandidateScreen.setFloor`). The guess is checked, not trusted: after the pass, a campaign
/// whose k-th best score less the slack lies at or above its floor dropped nothing it would have kept
/// (`CandidateScreen.reachedFloor`). The others — a campaign whose allowed rows the sample over-represents,
/// say — are passed again with no floor while the rest stay frozen. The lists are therefore exactly those of
/// an unseeded pass.
extension BlockedScorer {
    /// The sample's rank whose score becomes the floor, or nil when these rows are too few to sample.
    func seedRank(rowCount: Int) -> Int? {
        guard seedStep > 1, rowCount >= seedMinimumRows, k > 0 else { return nil }
        // The sample holds about k / step of the final top k, a Poisson count: the rank sits five standard
        // deviations above that, so a floor fails about once in 10⁵ columns.
        let expected = Double(k) / Double(seedStep)
        let rank = seedRankOverride ?? Int((expected + 5 * expected.squareRoot() + 2).rounded(.up))
        return rowCount / seedStep >= 4 * rank ? rank : nil
    }

    /// The sample pass, the floors, the full pass, and a second full pass for the campaigns whose floors
    /// failed (none, usually).
    func seededPasses(
        plan: CompactedBlocks, rows: UnsafeBufferPointer<Float>, rank: Int, screen: CandidateScreen,
        pass: (CompactedBlocks?, CandidateScreen, ((Int, Int) -> Void)?) throws -> Void,
        progress: ((Int, Int) -> Void)?
    ) throws {
        let campaigns = screen.campaigns
        let seed = CandidateScreen(campaigns: campaigns, k: rank, slack: [Float](repeating: 0, count: campaigns))
        try pass(plan.sample(every: seedStep, rows: rows), seed, nil)
        var floors = 0
        for c in 0..<campaigns {
            let floor = seed.kthScore(c)
            screen.setFloor(c, floor)
            if floor > -.infinity { floors += 1 }
        }
        try pass(plan, screen, progress)
        let failed = (0..<campaigns).filter { !screen.reachedFloor($0) }
        seedReport?(floors, failed.count)
        guard !failed.isEmpty else { return }
        var again = [Bool](repeating: false, count: campaigns)
        for c in failed { again[c] = true }
        for c in 0..<campaigns {
            if again[c] { screen.reopen(c) } else { screen.freeze(c) }
        }
        try pass(plan, screen, nil)
    }
}
