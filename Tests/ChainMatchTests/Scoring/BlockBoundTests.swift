import Testing
@testable import ChainMatch

@Suite struct BlockBoundTests {
    /// Rows (1, 2), (1, 4), (1, 0); weights of both signs. Row scores per campaign (hand-checked):
    /// c0 (w = 1, 1): 3, 5, 1 → best 5; c1 (w = −1, 2): 3, 7, −1 → best 7; c2 (w = 0.5, −1): −1.5, −3.5, 0.5 → best 0.5.
    /// The bound Σ_j max(hi_j·w_j, lo_j·w_j) with hi = (1, 4), lo = (1, 0): c0 1 + 4 = 5, c1 −1 + 8 = 7,
    /// c2 0.5 + 0 = 0.5 — here each equals the best row.
    @Test func handCheckedBlock() {
        let rows: [Float] = [1, 2,   1, 4,   1, 0]
        let weights: [Float] = [1, -1, 0.5,   1, 2, -1]   // 2 used columns × 3 campaigns
        let bound = BlockBound(width: 3, usedCapacity: 2, nodes: 0)
        let ids: [Int32] = [0, 1, 2]
        func kept(_ thresholds: [Float]) -> [Int32] {
            let n = rows.withUnsafeBufferPointer { r in weights.withUnsafeBufferPointer { w in ids.withUnsafeBufferPointer { i in thresholds.withUnsafeBufferPointer { t in
                bound.survivors(rows: r.baseAddress!, n: 3, m: 2, weights: w.baseAddress!, ids: i.baseAddress!, range: 0..<3,
                                thresholds: t.baseAddress!, screen: nil, largest: 0, slack: { _, _ in 0 })
            } } } }
            return Array(UnsafeBufferPointer(start: bound.kept, count: n))
        }
        #expect(kept([-.infinity, -.infinity, -.infinity]) == [0, 1, 2])
        #expect(kept([5, 7, 0.5]) == [0, 1, 2])        // reaching the bound survives
        #expect(kept([5.01, 7, 0.51]) == [1])
        #expect(kept([7, 8, 1]) == [])
        #expect(kept([100, 100, 100]) == [])
    }

    /// On random blocks and weights, a campaign is dropped only when no row's score (in double) comes within
    /// the slack of its threshold: skipping it cannot lose a candidate.
    @Test func droppedCampaignsHaveNoRowNearTheirThreshold() {
        var rng = SplitMix64(seed: 42)
        for trial in 0..<200 {
            let n = 1 + Int(rng.next() % 64), m = 1 + Int(rng.next() % 12), width = 1 + Int(rng.next() % 40)
            let rows = (0..<(n * m)).map { _ in rng.next() % 3 == 0 ? 0 : rng.nextFloat() * 2 - 0.5 }
            let weights = (0..<(m * width)).map { _ in rng.nextFloat() * 2 - 1 }
            var best = [Double](repeating: -.infinity, count: width)
            for i in 0..<n { for c in 0..<width {
                var s = 0.0
                for j in 0..<m { s += Double(rows[i * m + j]) * Double(weights[j * width + c]) }
                best[c] = max(best[c], s)
            } }
            let thresholds = best.map { Float($0) + (rng.nextFloat() - 0.5) * 0.2 }
            let bound = BlockBound(width: width, usedCapacity: m, nodes: 0)
            let ids = [Int32](repeating: 0, count: n)
            // The scorer's slack: γ · ‖w_c‖ · the norm it is given (rows up to the largest row's norm).
            let norms = (0..<width).map { c in Float((0..<m).reduce(0.0) { $0 + Double(weights[$1 * width + c] * weights[$1 * width + c]) }.squareRoot()) }
            let largest = (0..<n).map { i in Float((0..<m).reduce(0.0) { $0 + Double(rows[i * m + $1] * rows[i * m + $1]) }.squareRoot()) }.max()!
            let count = rows.withUnsafeBufferPointer { r in weights.withUnsafeBufferPointer { w in ids.withUnsafeBufferPointer { i in thresholds.withUnsafeBufferPointer { t in
                bound.survivors(rows: r.baseAddress!, n: n, m: m, weights: w.baseAddress!, ids: i.baseAddress!, range: 0..<width,
                                thresholds: t.baseAddress!, screen: nil, largest: largest,
                                slack: { c, norm in BlockedScorer.slack(norm: norms[c], largestNorm: norm, featureCount: m) })
            } } } }
            let kept = Set(UnsafeBufferPointer(start: bound.kept, count: count).map { Int($0) })
            for c in 0..<width where !kept.contains(c) {
                #expect(best[c] < Double(thresholds[c]), "trial \(trial) campaign \(c)")
            }
        }
    }

    /// Rows whose best campaigns sit in different stretches of the pattern order, so most blocks can skip
    /// most campaigns once thresholds rise: the lists equal brute force for every block size and thread count.
    @Test(arguments: [(16, 1), (64, 2), (128, 2)])
    func listsWithSkippedCampaignsEqualBruteForce(sparseBlock: Int, threads: Int) throws {
        var (x, w, masks) = sparseProblem(enterprises: 3000, features: 66, campaigns: 48, seed: UInt64(sparseBlock) + 9)
        // Campaign c wants the column group c % 8 strongly and nothing else much.
        for c in 0..<48 { for f in 0..<66 { w[f, c] = (f / 8 == c % 8) ? 1 + Float(c) * 0.01 : 0.01 } }
        let expected = try bruteForceTop(features: x, weights: w, k: 10, masks: masks)
        var scorer = BlockedScorer(k: 10, blockRows: 300, threads: threads)
        scorer.sparseBlockRows = sparseBlock
        #expect(try scorer.rank(features: x, weights: w, masks: masks).map { $0.sorted() } == expected)
        _ = x
    }
}
