import Testing
@testable import ChainMatch

/// Exhaustive search over every subset: the reference for small cases.
func bruteForceSelection(_ c: [QuotaAllocator.Candidate], count: Int, minimum: [Int], maximum: [Int?], perGroup: Int?) -> (filled: Int, score: Double, size: Int) {
    var best: (filled: Int, score: Double, size: Int) = (-1, -.infinity, 0)
    for mask in 0..<(1 << c.count) where mask.nonzeroBitCount <= count {
        let chosen = (0..<c.count).filter { mask & (1 << $0) != 0 }
        var perCategory = [Int](repeating: 0, count: minimum.count)
        var perGroupCount: [Int: Int] = [:]
        for i in chosen {
            if let q = c[i].category { perCategory[q] += 1 }
            perGroupCount[c[i].group, default: 0] += 1
        }
        if zip(perCategory, maximum).contains(where: { pair in pair.1.map { pair.0 > $0 } ?? false }) { continue }
        if let g = perGroup, perGroupCount.values.contains(where: { $0 > g }) { continue }
        let filled = zip(perCategory, minimum).reduce(0) { $0 + min($1.0, $1.1) }
        let score = chosen.reduce(0.0) { $0 + c[$1].score }
        // Prefer filling minimums, then the largest list, then the score.
        if (filled, chosen.count, score) > (best.filled, best.size, best.score) { best = (filled, score, chosen.count) }
    }
    return best
}

@Suite struct QuotaAllocatorTests {
    @Test func minimumForcesALowerScoredCandidateIn() {
        let c: [QuotaAllocator.Candidate] = [
            .init(score: 0.9, category: 0, group: 1), .init(score: 0.8, category: 0, group: 2),
            .init(score: 0.7, category: 0, group: 3), .init(score: 0.2, category: 1, group: 4),
        ]
        let s = QuotaAllocator.select(candidates: c, count: 3, minimum: [0, 1], maximum: [nil, nil], perGroup: nil)
        #expect(s.chosen == [0, 1, 3])
        #expect(s.shortfall == [0, 0])
    }

    @Test func groupCapAndMaximumAreNeverBroken() {
        let c: [QuotaAllocator.Candidate] = [
            .init(score: 0.9, category: 0, group: 1), .init(score: 0.85, category: 0, group: 1),
            .init(score: 0.8, category: 0, group: 1), .init(score: 0.5, category: 1, group: 2),
            .init(score: 0.4, category: 0, group: 3), .init(score: 0.3, category: nil, group: 4),
        ]
        let s = QuotaAllocator.select(candidates: c, count: 4, minimum: [0, 0], maximum: [2, nil], perGroup: 1)
        #expect(s.chosen == [0, 3, 4, 5])
    }

    @Test func shortfallIsReportedWhenTheCandidatesCannotMeetAMinimum() {
        let c: [QuotaAllocator.Candidate] = [.init(score: 1, category: 0, group: 1), .init(score: 0.5, category: 0, group: 2)]
        let s = QuotaAllocator.select(candidates: c, count: 2, minimum: [0, 2], maximum: [nil, nil], perGroup: nil)
        #expect(s.chosen == [0, 1])
        #expect(s.shortfall == [0, 2])
    }

    @Test func exactTiesGoToTheEarlierCandidate() {
        let c = (0..<5).map { QuotaAllocator.Candidate(score: 0.5, category: 0, group: $0) }
        #expect(QuotaAllocator.select(candidates: c, count: 2, minimum: [0], maximum: [nil], perGroup: nil).chosen == [0, 1])
    }

    @Test func optimalAgainstExhaustiveSearch() {
        var rng = SplitMix64(seed: 2026)
        for trial in 0..<300 {
            let n = 3 + Int(rng.next() % 9)
            let categories = 1 + Int(rng.next() % 3)
            let candidates = (0..<n).map { _ in
                QuotaAllocator.Candidate(
                    score: Double(rng.next() % 100) / 100,
                    category: rng.next() % 5 == 0 ? nil : Int(rng.next() % UInt64(categories)),
                    group: Int(rng.next() % 4))
            }.sorted { $0.score > $1.score }
            let count = 1 + Int(rng.next() % UInt64(n))
            let minimum = (0..<categories).map { _ in Int(rng.next() % 3) }
            let maximum: [Int?] = minimum.map { m in rng.next() % 2 == 0 ? nil : m + Int(rng.next() % 3) }
            let perGroup: Int? = rng.next() % 2 == 0 ? nil : 1 + Int(rng.next() % 3)
            let s = QuotaAllocator.select(candidates: candidates, count: count, minimum: minimum, maximum: maximum, perGroup: perGroup)
            let reference = bruteForceSelection(candidates, count: count, minimum: minimum, maximum: maximum, perGroup: perGroup)
            var perCategory = [Int](repeating: 0, count: categories)
            var perGroupCount: [Int: Int] = [:]
            for i in s.chosen {
                if let q = candidates[i].category { perCategory[q] += 1 }
                perGroupCount[candidates[i].group, default: 0] += 1
            }
            let filled = zip(perCategory, minimum).reduce(0) { $0 + min($1.0, $1.1) }
            let score = s.chosen.reduce(0.0) { $0 + candidates[$1].score }
            #expect(filled == reference.filled, "trial \(trial)")
            #expect(s.chosen.count == reference.size, "trial \(trial)")
            #expect(abs(score - reference.score) < 1e-9, "trial \(trial)")
            let withinMaximum = zip(perCategory, maximum).allSatisfy { pair in pair.1.map { pair.0 <= $0 } ?? true }
            #expect(withinMaximum, "trial \(trial)")
            #expect(perGroup.map { g in perGroupCount.values.allSatisfy { $0 <= g } } ?? true, "trial \(trial)")
        }
    }
}
