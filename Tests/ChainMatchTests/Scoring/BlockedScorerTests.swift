import Testing
@testable import ChainMatch

/// The reference: every exact score (the scorer reports `exactScore`, sgemm only screens), masks
/// applied, a complete sort with the same tie rule.
func bruteForceTop(features x: Matrix, weights w: Matrix, k: Int, masks: ConstraintMasks?, indexOffset: Int = 0) throws -> [[ScoredItem]] {
    return (0..<w.columns).map { c in
        var items: [ScoredItem] = []
        for e in 0..<x.rows where masks?.allows(enterprise: e, global: indexOffset + e, campaign: c) ?? true {
            items.append(ScoredItem(index: indexOffset + e, score: BlockedScorer.exactScore(features: x, row: e, weights: w, column: c)))
        }
        return Array(items.sorted(by: ScoredItem.ranksBefore).prefix(k))
    }
}

/// A random problem; `integers` makes every score exact in float (and ties frequent).
func randomProblem(enterprises: Int, features: Int, campaigns: Int, seed: UInt64, integers: Bool = false, maskShare: Float = 0.2) -> (Matrix, Matrix, ConstraintMasks) {
    var rng = SplitMix64(seed: seed)
    func value() -> Float { integers ? Float(Int(rng.next() % 3)) : rng.nextFloat() * 2 - 1 }
    let x = Matrix(rows: enterprises, columns: features, storage: (0..<(enterprises * features)).map { _ in value() })
    let w = Matrix(rows: features, columns: campaigns, storage: (0..<(features * campaigns)).map { _ in value() })
    var land = [Float](repeating: 0, count: enterprises), energy = land
    var twoHigh = [Bool](repeating: false, count: enterprises), lists = [ListMembership](repeating: [], count: enterprises)
    for e in 0..<enterprises {
        land[e] = rng.nextFloat() * 100
        energy[e] = rng.nextFloat() * 100
        twoHigh[e] = rng.nextFloat() < maskShare
        if rng.nextFloat() < 0.5 { lists[e].insert(.listed) }
        if rng.nextFloat() < 0.1 { lists[e].insert(.global500) }
    }
    let needs = EnterpriseNeeds.fixed(land: land, energy: energy, twoHigh: twoHigh, lists: lists)
    var limits = [CampaignLimits](repeating: CampaignLimits(), count: campaigns)
    for c in 0..<campaigns {
        switch c % 5 {
        case 0: limits[c].landMu = Double(100 * (1 - maskShare))
        case 1: limits[c].energyTce = Double(100 * (1 - maskShare)); limits[c].allowsTwoHigh = false
        case 2: limits[c].requiredLists = [.listed, .global500]
        case 3: limits[c].excluded = Set((0..<enterprises).filter { _ in rng.nextFloat() < maskShare })
        default: break
        }
    }
    return (x, w, ConstraintMasks(needs: needs, limits: limits))
}

@Suite struct BlockedScorerTests {
    struct Shape: CustomTestStringConvertible, Sendable {
        var e, f, c, k, block: Int
        var testDescription: String { "E=\(e) F=\(f) C=\(c) k=\(k) block=\(block)" }
    }

    static let shapes: [Shape] = [
        Shape(e: 0, f: 4, c: 3, k: 5, block: 8),        // no enterprises
        Shape(e: 3, f: 4, c: 2, k: 10, block: 8),       // E < k
        Shape(e: 100, f: 8, c: 1, k: 7, block: 13),     // one campaign, block does not divide E
        Shape(e: 257, f: 16, c: 40, k: 10, block: 64),  // campaigns across vector lanes and a tail
        Shape(e: 1000, f: 1, c: 17, k: 50, block: 999), // one feature
        Shape(e: 500, f: 32, c: 33, k: 1, block: 1),    // block of one row
        Shape(e: 64, f: 5, c: 20, k: 64, block: 1024),  // k = E, block > E
    ]

    @Test(arguments: shapes)
    func topKEqualsBruteForce(shape: Shape) throws {
        for integers in [false, true] {
            let (x, w, masks) = randomProblem(enterprises: shape.e, features: shape.f, campaigns: shape.c,
                                              seed: UInt64(shape.e * 31 + shape.c), integers: integers)
            let expected = try bruteForceTop(features: x, weights: w, k: shape.k, masks: masks)
            for threads in [1, 2] {
                let got = try BlockedScorer(k: shape.k, blockRows: shape.block, threads: threads)
                    .rank(features: x, weights: w, masks: masks).map { $0.sorted() }
                #expect(got == expected, "integers=\(integers) threads=\(threads)")
            }
        }
    }

    @Test func exactScoresDoNotDependOnHowManyCampaignsShareThePass() throws {
        let (x, w, _) = randomProblem(enterprises: 700, features: 37, campaigns: 21, seed: 5)
        let all = try BlockedScorer(k: 30).rank(features: x, weights: w).map { $0.sorted() }
        for c in [0, 7, 20] {
            let alone = Matrix(rows: w.rows, columns: 1, storage: (0..<w.rows).map { w[$0, c] })
            let one = try BlockedScorer(k: 30).rank(features: x, weights: alone)[0].sorted()
            #expect(one == all[c], "campaign \(c) alone")
        }
    }

    @Test func sameResultForEveryBlockSizeAndThreadCount() throws {
        let (x, w, masks) = randomProblem(enterprises: 3000, features: 24, campaigns: 50, seed: 99)
        let reference = try BlockedScorer(k: 20, blockRows: 3000, threads: 1).rank(features: x, weights: w, masks: masks).map { $0.sorted() }
        for block in [1, 7, 128, 1000, 2999, 4096] {
            for threads in [1, 2] {
                let got = try BlockedScorer(k: 20, blockRows: block, threads: threads).rank(features: x, weights: w, masks: masks).map { $0.sorted() }
                #expect(got == reference, "block=\(block) threads=\(threads)")
            }
        }
    }

    /// Rows far longer than those before them widen the screening slack mid-pass (the bound on
    /// sgemm's rounding grows with the row norm); what was screened out before must still be exact.
    @Test func rowsThatGrowMidPassKeepTheRankingExact() throws {
        var rng = SplitMix64(seed: 77)
        let e = 900, f = 24, c = 35
        var x = Matrix(rows: e, columns: f)
        for r in 0..<e {
            for j in 0..<12 { x[r, j] = Float(Int(rng.next() % 5)) * 0.25 + rng.nextFloat() * 1e-6 }   // near-ties
            let scale: Float = r < 300 ? 0 : (r < 600 ? 1e3 : 1e5)   // norms jump twice, scores do not
            for j in 12..<f { x[r, j] = scale * (1 + rng.nextFloat()) }
        }
        var w = Matrix(rows: f, columns: c)
        for j in 0..<12 { for col in 0..<c { w[j, col] = rng.nextFloat() * 2 - 1 } }   // the long part meets zero weights
        let masks = randomProblem(enterprises: e, features: 1, campaigns: c, seed: 78).2
        let expected = try bruteForceTop(features: x, weights: w, k: 25, masks: masks)
        for block in [1, 64, 299, 1024] {
            for threads in [1, 2] {
                let got = try BlockedScorer(k: 25, blockRows: block, threads: threads).rank(features: x, weights: w, masks: masks).map { $0.sorted() }
                #expect(got == expected, "block=\(block) threads=\(threads)")
            }
        }
    }

    @Test func heavyTiesBreakByIndex() throws {
        // Every enterprise scores exactly the same: the top k are the k lowest indices.
        let x = Matrix(rows: 100, columns: 3, repeating: 1)
        let w = Matrix(rows: 3, columns: 4, repeating: 0.5)
        let tops = try BlockedScorer(k: 5, blockRows: 7).rank(features: x, weights: w)
        for top in tops { #expect(top.sorted().map(\.index) == [0, 1, 2, 3, 4]) }
    }

    @Test func masksAreHonouredHoweverHighTheScore() throws {
        // Enterprise 0 scores highest everywhere but breaks one rule in each campaign.
        var x = Matrix(rows: 4, columns: 1)
        for (e, s) in [100, 3, 2, 1].enumerated() { x[e, 0] = Float(s) }
        let w = Matrix(rows: 1, columns: 5, repeating: 1)
        let needs = EnterpriseNeeds.fixed(land: [800, 0, 0, 0], energy: [5000, 0, 0, 0], twoHigh: [true, false, false, false],
                                          lists: [[.private500], [.listed], [.global500], []])
        var limits = [CampaignLimits](repeating: CampaignLimits(), count: 5)
        limits[0].landMu = 500
        limits[1].energyTce = 1000
        limits[2].allowsTwoHigh = false
        limits[3].requiredLists = [.listed, .global500]
        limits[4].excluded = [0]
        let masks = ConstraintMasks(needs: needs, limits: limits)
        let tops = try BlockedScorer(k: 2).rank(features: x, weights: w, masks: masks).map { $0.sorted().map(\.index) }
        #expect(tops == [[1, 2], [1, 2], [1, 2], [1, 2], [1, 2]])
        #expect(masks.violations(enterprise: 0, campaign: 0) == [.land])
        #expect(masks.violations(enterprise: 0, campaign: 3) == [.listFilter])
        #expect(masks.violations(enterprise: 1, campaign: 3) == [])
    }

    @Test func allMaskedCampaignReturnsNothing() throws {
        let (x, w, _) = randomProblem(enterprises: 200, features: 6, campaigns: 3, seed: 5)
        var limits = [CampaignLimits](repeating: CampaignLimits(), count: 3)
        limits[1].excluded = Set(0..<200)
        let masks = ConstraintMasks(needs: EnterpriseNeeds(count: 200), limits: limits)
        let tops = try BlockedScorer(k: 10, blockRows: 64).rank(features: x, weights: w, masks: masks)
        #expect(tops[0].count == 10)
        #expect(tops[1].count == 0)
        #expect(tops[2].count == 10)
    }

    @Test func shardsMergeToTheSingleRun() throws {
        let (x, w, masks) = randomProblem(enterprises: 1000, features: 12, campaigns: 9, seed: 42)
        let whole = try BlockedScorer(k: 15, blockRows: 100).rank(features: x, weights: w, masks: masks)
        for n in [1, 2, 3, 7, 1500] {
            var merged = [TopK](repeating: TopK(k: 15), count: 9)
            for i in 0..<n {
                let lo = 1000 * i / n, hi = 1000 * (i + 1) / n
                let slice = Matrix(rows: hi - lo, columns: 12, storage: Array(x.storage[(lo * 12)..<(hi * 12)]))
                let needs = masks.needs.slice(lo..<hi)
                let part = try BlockedScorer(k: 15, blockRows: 64).rank(
                    features: slice, weights: w, masks: ConstraintMasks(needs: needs, limits: masks.limits), indexOffset: lo)
                for c in 0..<9 { merged[c].merge(part[c]) }
            }
            #expect(merged.map { $0.sorted() } == whole.map { $0.sorted() }, "n=\(n)")
        }
    }

    @Test func shapeErrorsAreReported() {
        #expect(throws: ChainMatchError.self) {
            try BlockedScorer(k: 3).rank(features: Matrix(rows: 4, columns: 3), weights: Matrix(rows: 2, columns: 5))
        }
        #expect(throws: ChainMatchError.self) {
            try BlockedScorer(k: 3).rank(features: Matrix(rows: 4, columns: 3), weights: Matrix(rows: 3, columns: 5),
                                         masks: ConstraintMasks(needs: EnterpriseNeeds(count: 4), limits: []))
        }
    }

    @Test func benchmarkRunsAndAgreesWithItself() throws {
        var bench = EngineBenchmark(enterprises: 3000, features: 16, campaigns: 40, top: 5)
        bench.repeats = 1
        let a = try bench.run()
        bench.blockRows = 333
        let b = try bench.run()
        #expect(a.results_checksum == b.results_checksum)
        #expect(a.ratio != nil && a.engine_seconds > 0 && a.peak_rss_bytes > 0)
    }
}
