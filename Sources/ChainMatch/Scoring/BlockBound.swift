import Foundation

/// Per block of the compacted pass, an upper bound on each campaign's best screen score in the block, and
/// the campaigns that can still reach their thresholds there: the others are neither multiplied nor scanned.
///
/// ```swift
/// let bound = BlockBound(width: range.count, usedCapacity: featureCount, nodes: nodeCount)
/// let kept = bound.survivors(rows: packed, n: n, m: m, weights: packedWeights, ...)   // campaigns to score
/// ```
///
/// For block rows x and campaign weights w, every row's linear score is at most
/// Σ_j max(max_x x_j · w_j, min_x x_j · w_j) (summed in float, with a margin for that sum's rounding), and its project credit at most the
/// largest strength × chain-plus-endowment weight over the nodes the block's rows are active in (the bound
/// `CreditScreen.lower` takes per row, over the block). The screen compares the sgemm score plus the credit
/// with the threshold; the sgemm score exceeds the exact one by at most δ (half the screen's slack), so a
/// campaign whose bound plus the slack and a relative margin stays below its threshold would have appended
/// nothing from the block. Skipping it leaves the screen exactly as scanning would: the lists cannot change.
final class BlockBound {
    let width: Int
    /// Per used column of the block: its largest and smallest value over the block's rows.
    private let high: UnsafeMutablePointer<Float>, low: UnsafeMutablePointer<Float>
    /// Per campaign of the worker's range: the linear bound and the credit bound.
    private let linear: UnsafeMutablePointer<Float>, credit: UnsafeMutablePointer<Float>
    /// Per node: the largest strength of the block's rows in it (0 when none), and the nodes touched.
    private let nodeStrength: UnsafeMutablePointer<Float>, touched: UnsafeMutablePointer<Int32>
    private let nodes: Int
    /// The surviving campaigns, as offsets into the worker's range.
    let kept: UnsafeMutablePointer<Int32>

    init(width: Int, usedCapacity: Int, nodes: Int) {
        self.width = width
        self.nodes = nodes
        high = .allocate(capacity: max(1, usedCapacity)); low = .allocate(capacity: max(1, usedCapacity))
        linear = .allocate(capacity: max(1, width)); credit = .allocate(capacity: max(1, width))
        nodeStrength = .allocate(capacity: max(1, nodes)); nodeStrength.initialize(repeating: 0, count: max(1, nodes))
        touched = .allocate(capacity: max(1, nodes))
        kept = .allocate(capacity: max(1, width))
    }

    deinit {
        high.deallocate(); low.deallocate(); linear.deallocate(); credit.deallocate()
        nodeStrength.deallocate(); touched.deallocate(); kept.deallocate()
    }

    /// Fills `kept` with the campaigns (offsets into `range`) whose bound can reach their threshold and
    /// returns how many. `rows` is the block's `n × m` packed rows, `weights` the matching `m × width` weights,
    /// `ids` the rows' enterprise rows (for their nodes), `slack(c, norm)` the screen's slack for rows of
    /// that norm (the slack of the largest row seen covers the sgemm's rounding; the slack of the block's
    /// column-wise largest magnitudes covers the bound's own float sum, whose error is at most γ · Σ|terms|
    /// ≤ γ · ‖max|x|‖ · ‖w_c‖).
    func survivors(rows: UnsafePointer<Float>, n: Int, m: Int, weights: UnsafePointer<Float>, ids: UnsafePointer<Int32>,
                   range: Range<Int>, thresholds: UnsafePointer<Float>, screen: CreditScreen?,
                   largest: Float, slack: (Int, Float) -> Float) -> Int {
        for j in 0..<m { high[j] = rows[j]; low[j] = rows[j] }
        for i in 1..<max(1, n) {
            let x = rows + i * m
            for j in 0..<m { high[j] = max(high[j], x[j]); low[j] = min(low[j], x[j]) }
        }
        var magnitude: Float = 0
        linear.update(repeating: 0, count: width)
        for j in 0..<m {
            let hi = high[j], lo = low[j], w = weights + j * width
            magnitude += max(abs(hi), abs(lo)) * max(abs(hi), abs(lo))
            for c in 0..<width { linear[c] += max(hi * w[c], lo * w[c]) }
        }
        magnitude = magnitude.squareRoot() * 1.0001
        creditBound(n: n, ids: ids, range: range, screen: screen)
        var count = 0
        for c in 0..<width {
            let t = thresholds[range.lowerBound + c]
            let bound = linear[c] + credit[c]
            let margin = slack(range.lowerBound + c, largest) + slack(range.lowerBound + c, magnitude) + (abs(bound) + abs(t)) * 0x1p-20
            if bound + margin >= t {
                kept[count] = Int32(c)
                count += 1
            }
        }
        return count
    }

    /// The most credit any of the block's rows could earn per campaign (0 without a project credit).
    private func creditBound(n: Int, ids: UnsafePointer<Int32>, range: Range<Int>, screen: CreditScreen?) {
        credit.update(repeating: 0, count: width)
        guard let screen else { return }
        let table = screen.table
        var touchedCount = 0
        for i in 0..<n {
            let e = Int(ids[i])
            for k in Int(table.orderStart[e])..<Int(table.orderStart[e + 1]) where table.strength[k] > 0 {
                let node = Int(table.order[k])
                guard node < nodes else { continue }
                if nodeStrength[node] == 0 { touched[touchedCount] = Int32(node); touchedCount += 1 }
                nodeStrength[node] = max(nodeStrength[node], table.strength[k])
            }
        }
        screen.combined.withUnsafeBufferPointer { combined in
            for t in 0..<touchedCount {
                let node = Int(touched[t]), s = nodeStrength[node]
                let row = combined.baseAddress! + node * table.campaigns + range.lowerBound
                for c in 0..<width { credit[c] = max(credit[c], s * row[c]) }
                nodeStrength[node] = 0
            }
        }
    }
}

extension BlockedScorer {
    /// The campaigns `bound.kept[0..<count]` of a block: their weight columns gathered (`m × count` into
    /// `packed`), one sgemm of the block's `n × m` rows against them, and `scanKept` over the result.
    static func multiplyKept(
        bound: BlockBound, count: Int, rows: UnsafePointer<Float>, n: Int, m: Int, weights: UnsafePointer<Float>,
        packed: UnsafeMutablePointer<Float>, out: UnsafeMutablePointer<Float>, range: Range<Int>, ids: UnsafePointer<Int32>,
        indexOffset: Int, masks: MaskTable?, screen: CandidateScreen, credit: CreditScreen?, limits: UnsafeMutablePointer<Float>
    ) throws {
        guard count > 0 else { return }
        let width = range.count
        for j in 0..<m {
            let from = weights + j * width, to = packed + j * count
            for t in 0..<count { to[t] = from[Int(bound.kept[t])] }
        }
        try BLAS.gemm(m: n, n: count, k: m, a: rows, lda: max(1, m), b: packed, ldb: count, c: out, ldc: count)
        scanKept(scores: out, rows: n, range: range, kept: bound.kept, count: count, rowIDs: ids, indexOffset: indexOffset,
                 masks: masks, screen: screen, credit: credit, limits: limits)
    }

    /// `scan` over some campaigns of a worker's range: `scores` is `rows × count`, column `j` campaign
    /// `range.lowerBound + kept[j]`. The thresholds (lowered by each row's credit bound, as in `scan`) are
    /// gathered per row from the live screen.
    static func scanKept(
        scores: UnsafeMutablePointer<Float>, rows: Int, range: Range<Int>, kept: UnsafePointer<Int32>, count: Int,
        rowIDs: UnsafePointer<Int32>, indexOffset: Int, masks: MaskTable?, screen: CandidateScreen,
        credit: CreditScreen?, limits: UnsafeMutablePointer<Float>
    ) {
        for row in 0..<rows {
            let local = Int(rowIDs[row])
            for j in 0..<count { limits[j] = screen.thresholds[range.lowerBound + Int(kept[j])] }
            if let credit { credit.lower(limits, row: local, campaignsOf: kept, count: count, offset: range.lowerBound) }
            let line = UnsafePointer(scores + row * count)
            var j = firstReaching(line, limits, from: 0, count: count)
            while j < count {
                let c = range.lowerBound + Int(kept[j])
                var score = line[j]
                if let credit, let masks, let project = credit.table.choice(local, c) {
                    score += project.credit
                    if score >= screen.thresholds[c], masks.allows(enterprise: local, global: indexOffset + local, campaign: c, project: project) {
                        screen.append(ScoredItem(index: indexOffset + local, score: score), to: c)
                    }
                } else if (credit == nil || score >= screen.thresholds[c])
                            && (masks?.allows(enterprise: local, global: indexOffset + local, campaign: c) ?? true) {
                    screen.append(ScoredItem(index: indexOffset + local, score: score), to: c)
                }
                j = firstReaching(line, limits, from: j + 1, count: count)
            }
        }
    }
}

extension CreditScreen {
    /// `lower` for the campaigns `offset + kept[j]`, in place: `limits[j]` (their thresholds) lowered by the
    /// most credit row `e` could earn in each. Rows in no node keep their thresholds.
    @inline(__always)
    func lower(_ limits: UnsafeMutablePointer<Float>, row e: Int, campaignsOf kept: UnsafePointer<Int32>, count: Int, offset: Int) {
        let start = Int(table.orderStart[e]), end = Int(table.orderStart[e + 1])
        guard start < end else { return }
        let campaigns = table.campaigns
        combined.withUnsafeBufferPointer { w in
            for j in 0..<count {
                var b: Float = 0
                for i in start..<end where table.strength[i] > 0 {
                    b = max(b, table.strength[i] * w[Int(table.order[i]) * campaigns + offset + Int(kept[j])])
                }
                let t = limits[j]
                limits[j] = t - b - (abs(t) + b) * 0x1p-20
            }
        }
    }
}
