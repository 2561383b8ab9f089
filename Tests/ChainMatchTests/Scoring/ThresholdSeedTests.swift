import Foundation
import Testing
@testable import ChainMatch

/// Counts what a seeded ranking reports, across the scorer's threads.
private final class SeedCounts: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [(floors: Int, again: Int)] = []
    func add(_ floors: Int, _ again: Int) { lock.withLock { values.append((floors, again)) } }
    var all: [(floors: Int, again: Int)] { lock.withLock { values } }
}

@Suite struct ThresholdSeedTests {
    /// A floor that holds leaves the list an unfloored screen keeps; one set too high is caught.
    @Test func aFloorIsCheckedAfterThePass() {
        let scores: [Float] = [3, 9, 1, 8, 7.8, 6, 2]
        func screened(floor: Float) -> (CandidateScreen, [Int]) {
            let screen = CandidateScreen(campaigns: 1, k: 2, slack: [0.5])
            screen.setFloor(0, floor)
            #expect(screen.thresholds[0] == floor)
            for (i, s) in scores.enumerated() where s >= screen.thresholds[0] {
                screen.append(ScoredItem(index: i, score: s), to: 0)
            }
            let ok = screen.reachedFloor(0)
            #expect(screen.checkInvariants(0))
            return (screen, ok ? screen.finish(0).sorted(by: ScoredItem.ranksBefore).map(\.index) : [])
        }
        // The second best is 8, so the unfloored list is everything at or above 7.5: #1, #3, #4.
        #expect(screened(floor: 5).1 == [1, 3, 4])
        #expect(screened(floor: 7.5).1 == [1, 3, 4])
        #expect(screened(floor: 7.6).1 == [], "7.8 ≥ 7.5 would have been kept: the floor dropped nothing yet must fail")
        #expect(screened(floor: 8.5).1 == [], "fewer than k above the floor")
        // Reopened, the campaign screens from −∞ again; frozen, nothing joins and nothing leaves.
        let (screen, _) = screened(floor: 8.5)
        screen.reopen(0)
        #expect(screen.thresholds[0] == -.infinity && screen.finish(0).isEmpty)
        let (kept, _) = screened(floor: 5)
        kept.freeze(0)
        #expect(kept.thresholds[0] == .infinity && kept.checkInvariants(0))
        #expect(kept.finish(0).count == 3)
    }

    /// The sample is every step-th row of the pattern order, blocked with its own columns.
    @Test func theSampleKeepsThePatternOrder() {
        let (x, _, _) = sparseProblem(enterprises: 2000, features: 66, campaigns: 1, seed: 4)
        let plan = x.storage.withUnsafeBufferPointer { CompactedBlocks(rows: $0, rowCount: 2000, featureCount: 66, blockRows: 64) }
        let sample = x.storage.withUnsafeBufferPointer { plan.sample(every: 10, rows: $0) }
        #expect(sample.order == stride(from: 5, to: 2000, by: 10).map { plan.order[$0] })
        #expect(sample.blockCount == (sample.order.count + 63) / 64)
        for b in 0..<sample.blockCount {
            var used = Set<Int>()
            for p in (b * 64)..<min(b * 64 + 64, sample.order.count) {
                for f in 0..<66 where x[Int(sample.order[p]), f] != 0 { used.insert(f) }
            }
            #expect(Set(sample.columns(ofBlock: b).map(Int.init)) == used)
        }
    }

    /// Seeded rankings equal brute force whether the floors hold (the rank `seedRank` picks) or many fail and
    /// are passed again (a rank near 1), for several sample steps and thread counts.
    @Test(arguments: [(nil, 4, 1), (nil, 16, 2), (3, 4, 2), (1, 8, 2)] as [(Int?, Int, Int)])
    func seededListsEqualBruteForce(rank: Int?, step: Int, threads: Int) throws {
        var (x, w, masks) = sparseProblem(enterprises: 4000, features: 66, campaigns: 48, seed: UInt64(step) &* 7 &+ UInt64(threads))
        for c in 0..<48 { for f in 0..<66 { w[f, c] = (f / 8 == c % 8) ? 1 + Float(c) * 0.01 : 0.01 * Float(c % 5) } }
        let expected = try bruteForceTop(features: x, weights: w, k: 20, masks: masks)
        let counts = SeedCounts()
        var scorer = BlockedScorer(k: 20, blockRows: 300, threads: threads)
        (scorer.seedStep, scorer.seedRankOverride, scorer.seedMinimumRows) = (step, rank, 0)
        scorer.seedReport = { counts.add($0, $1) }
        #expect(try scorer.rank(features: x, weights: w, masks: masks).map { $0.sorted() } == expected)
        let report = try #require(counts.all.first, "the ranking was seeded")
        #expect(report.floors > 0)
        if rank == 1 { #expect(report.again > 0, "floors this high fail for some campaigns") }
        if rank == nil { #expect(report.again < report.floors) }
        scorer.seedStep = 0
        #expect(try scorer.rank(features: x, weights: w, masks: masks).map { $0.sorted() } == expected)
        #expect(counts.all.count == 1, "no seed without a step")
        _ = x
    }
}
