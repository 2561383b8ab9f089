import Testing
@testable import ChainMatch

/// A random province with each campaign's full ranking and its columns cut at `k`: one own column and one per
/// quota (candidates whose category is that quota), as a batch's top-k pass keeps them.
private struct CutProvince {
    var full: [ProvinceAllocator.Campaign]
    var cut: [ProvinceAllocator.Campaign]
    var columns: [[CoordinationDepth.Column]]

    init(_ rng: inout SplitMix64, k: Int) {
        let enterprises = 12 + Int(rng.next() % 14)
        let group = (0..<enterprises).map { _ in Int(rng.next() % 6) }
        // Campaigns of one province want much the same firms: a shared base score and a little of their own.
        let base = (0..<enterprises).map { _ in Int(rng.next() % 20) }
        var full: [ProvinceAllocator.Campaign] = [], cut: [ProvinceAllocator.Campaign] = [], columns: [[CoordinationDepth.Column]] = []
        for _ in 0..<(2 + Int(rng.next() % 2)) {
            let quotas = Int(rng.next() % 3)
            var candidates = (0..<enterprises).filter { _ in rng.next() % 5 != 0 }.map { e in
                ProvinceAllocator.Candidate(enterprise: e, score: Double(base[e] + Int(rng.next() % 4)) / 2,   // ties on purpose
                                            category: quotas == 0 || rng.next() % 2 == 0 ? nil : Int(rng.next() % UInt64(quotas)),
                                            group: group[e])
            }
            candidates.sort { $0.score != $1.score ? $0.score > $1.score : $0.enterprise < $1.enterprise }
            let own = Array(candidates.prefix(k))
            let perQuota = (0..<quotas).map { q in Array(candidates.filter { $0.category == q }.prefix(k)) }
            var seen = Set<Int>()
            let pool = (own + perQuota.joined()).filter { seen.insert($0.enterprise).inserted }
                .sorted { $0.score != $1.score ? $0.score > $1.score : $0.enterprise < $1.enterprise }
            let rules = ProvinceAllocator.Campaign(
                count: 1 + Int(rng.next() % 5), minimum: (0..<quotas).map { _ in Int(rng.next() % 2) },
                maximum: (0..<quotas).map { _ in rng.next() % 2 == 0 ? nil : 1 + Int(rng.next() % 2) },
                perGroup: rng.next() % 2 == 0 ? nil : 1 + Int(rng.next() % 2), candidates: candidates)
            full.append(rules)
            var shortened = rules
            shortened.candidates = pool
            cut.append(shortened)
            columns.append([CoordinationDepth.Column(quota: nil, items: own, full: own.count >= k)]
                           + perQuota.enumerated().map { .init(quota: $0, items: $1, full: $1.count >= k) })
        }
        (self.full, self.cut, self.columns) = (full, cut, columns)
    }
}

@Suite struct CoordinationDepthTests {
    @Test func deepEnoughColumnsReachTheOptimumOverEveryCandidate() {
        var rng = SplitMix64(seed: 20261205)
        var certified = 0, refused = 0
        for _ in 0..<400 {
            let k = 2 + Int(rng.next() % 24)
            let province = CutProvince(&rng, k: k)
            for m in 1...2 {
                let whole = ProvinceAllocator.assign(province.full, maxCampaigns: m)
                let leads = ProvinceAllocator.assign(province.cut, maxCampaigns: m)
                if CoordinationDepth.shallow(columns: province.columns, problem: province.cut, maxCampaigns: m).isEmpty {
                    certified += 1
                    #expect(leads.cost == whole.cost, "k \(k), M \(m): the leads reach the optimum")
                } else {
                    refused += 1
                }
            }
        }
        // Both answers are exercised: the check is neither always yes nor always no.
        #expect(certified > 100 && refused > 100, "certified \(certified), refused \(refused)")
    }

    @Test func aColumnThatIsNotFullNeedsNoCount() {
        let items = (0..<3).map { ProvinceAllocator.Candidate(enterprise: $0, score: Double(10 - $0), category: nil, group: 0) }
        let campaign = ProvinceAllocator.Campaign(count: 2, minimum: [], maximum: [], perGroup: 1, candidates: items)
        let problem = [campaign, campaign]
        // Not full: every eligible enterprise is there.
        #expect(CoordinationDepth.shallow(columns: [[.init(quota: nil, items: items, full: false)], [.init(quota: nil, items: items, full: false)]],
                                          problem: problem, maxCampaigns: 1).isEmpty)
        // Full, one group capped at 1: a capped count of 1 against 2 + ⌊2 / 1⌋ needed.
        #expect(CoordinationDepth.shallow(columns: [[.init(quota: nil, items: items, full: true)], [.init(quota: nil, items: items, full: false)]],
                                          problem: problem, maxCampaigns: 1) == [0])
    }

    @Test func theCappedCountSkipsTheLastScoreAndFullGroups() {
        let items = [(0, 9.0, 0), (1, 9.0, 0), (2, 8.0, 1), (3, 7.0, 2), (4, 7.0, 3)].map {
            ProvinceAllocator.Candidate(enterprise: $0.0, score: $0.1, category: nil, group: $0.2)
        }
        let column = CoordinationDepth.Column(quota: nil, items: items, full: true)
        // Scores above 7 (the last): enterprises 0, 1, 2; with one per group, 0 and 2.
        #expect(CoordinationDepth.cappedCount(column, category: nil, cap: nil) == 3)
        #expect(CoordinationDepth.cappedCount(column, category: nil, cap: 1) == 2)
        #expect(CoordinationDepth.cappedCount(column, category: 0, cap: nil) == 0)
    }
}
