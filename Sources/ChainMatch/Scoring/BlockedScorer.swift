import Foundation

/// Scores every enterprise against every campaign and keeps each campaign's exact top k.
///
/// ```swift
/// let scorer = BlockedScorer(k: 50)
/// let tops = try scorer.rank(features: x, weights: w, masks: masks)   // one TopK per campaign
/// let best = tops[0].sorted()                                        // campaign 0, best first
/// ```
///
/// Enterprise rows stream through one reused `blockRows × campaigns` buffer. The campaigns are split
/// between the threads; each thread multiplies a block of rows by its campaigns' weight columns (one
/// single-threaded sgemm), then a vectorised pass compares every score with its campaign's current
/// threshold and passes only those that reach it, after the hard-constraint masks, to the
/// campaign's `CandidateScreen`. The full enterprises × campaigns score matrix is never allocated.
/// Ties break by enterprise index, so the result is the same for every block size, thread count and
/// shard split.
///
/// With a `projectCredit`, each score adds the credit of the enterprise's project (`ProjectCredit`) instead of
/// the chain and endowment blocks' products.
/// The scores kept and reported are `exactScore` — one fixed order of multiply-adds — not the
/// sgemm's: OpenBLAS chooses kernels by shape (a narrow or small product is summed in another order),
/// so the last bits of an sgemm score depend on how many campaigns and rows share a call. The sgemm
/// only screens. Per campaign the screen keeps every allowed enterprise whose sgemm score comes
/// within 2δ of the k-th best sgemm score, where δ is a rigorous bound on |sgemm − exact|
/// (γ·max‖x‖·‖w‖ with γ ≈ 4·(features + 2)·2⁻²⁴). At the end only those candidates are rescored
/// exactly and the top k taken. Any enterprise of the exact top k has
/// an sgemm score at or above the screen threshold at every moment, so none is missed, and a
/// campaign ranked alone (`rank`) or with all others (`batch`), whole or sharded, gets the same floats.
public struct BlockedScorer: Sendable {
    public var k: Int
    /// Enterprise rows per GEMM block.
    public var blockRows: Int
    /// Threads for BLAS and for the threshold pass.
    public var threads: Int
    /// Rows per block when the features are sparse enough to score column-compacted (`CompactedBlocks`);
    /// 0 keeps the plain full-width path always.
    public var sparseBlockRows = 64
    /// One row in this many is scored first to guess each campaign's threshold floor (`ThresholdSeed`); 0 or
    /// 1: no guess.
    public var seedStep = 32
    /// The sample's rank whose score is the floor, instead of the one `seedRank` picks (tests force failed
    /// floors with a rank near 1).
    var seedRankOverride: Int?
    /// Fewer rows than this start with no floor (they are scored quickly either way).
    var seedMinimumRows = 65_536
    /// Told, after a seeded ranking, how many campaigns had a floor and how many of them were passed again.
    public var seedReport: (@Sendable (_ floors: Int, _ passedAgain: Int) -> Void)?
    /// Fewer weight columns than this keep the plain path (ordering the rows would cost more than it saves).
    public static let compactionMinimumColumns = 32
    /// The chain and endowment blocks, credited per project (`ProjectCredit`, the credit from the masks' needs and
    /// limits); nil: every score is a dot product.
    public var projectCredit: ProjectCredit?

    public init(k: Int, blockRows: Int = 1024, threads: Int = 2, projectCredit: ProjectCredit? = nil) {
        precondition(k >= 0 && blockRows > 0 && threads > 0, "k ≥ 0, blockRows > 0, threads > 0")
        self.k = k
        self.blockRows = blockRows
        self.threads = threads
        self.projectCredit = projectCredit
    }

    /// Ranks the rows of `features` (enterprises × features) for every column of `weights`
    /// (features × campaigns). Result `i` holds campaign `i`'s best `k` allowed enterprises.
    public func rank(
        features: Matrix, weights: Matrix, masks: ConstraintMasks? = nil,
        indexOffset: Int = 0, progress: ((_ rowsDone: Int, _ rowsTotal: Int) -> Void)? = nil
    ) throws -> [TopK] {
        try features.storage.withUnsafeBufferPointer { rows in
            try rank(rows: rows, rowCount: features.rows, featureCount: features.columns,
                     weights: weights, masks: masks, indexOffset: indexOffset, progress: progress)
        }
    }

    /// Ranks enterprise rows held in raw memory (for example a memory-mapped feature store).
    ///
    /// `rows` holds `rowCount × featureCount` floats, row-major. Returned items carry
    /// `indexOffset + row` as their index; `masks` is indexed by local row and sees the global index
    /// for its exclusion sets.
    ///
    /// With several workers each runs its own single-threaded sgemm on its campaign columns and screens
    /// the result at once, while it is still in cache: no hand-over between BLAS's threads and the scan,
    /// and no BLAS thread spinning while the scan runs. With one range (few campaigns) BLAS uses all
    /// threads and the scan runs on the caller.
    ///
    /// `plan` is the row order and block columns of these very rows (`CompactedBlocks` with this scorer's
    /// `sparseBlockRows`), when the caller kept one; otherwise the scorer makes it.
    public func rank(
        rows: UnsafeBufferPointer<Float>, rowCount: Int, featureCount: Int, weights: Matrix,
        masks: ConstraintMasks? = nil, indexOffset: Int = 0, plan given: CompactedBlocks? = nil,
        progress: ((_ rowsDone: Int, _ rowsTotal: Int) -> Void)? = nil
    ) throws -> [TopK] {
        let campaigns = weights.columns
        try Self.validate(rows: rows, rowCount: rowCount, featureCount: featureCount, weights: weights, masks: masks)
        var heaps = [TopK](repeating: TopK(k: k), count: campaigns)
        if campaigns == 0 || rowCount == 0 || k == 0 { return heaps }

        let block = max(min(blockRows, rowCount), min(sparseBlockRows, rowCount))
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: block * campaigns)
        buffer.initialize(repeating: 0, count: block * campaigns)
        defer { buffer.deallocate() }
        // The GEMM's weights (the chain and endowment blocks zeroed when they are credited per project) and each
        // node's weight per campaign, for the screen's bound on any credit.
        if projectCredit != nil && masks == nil {
            throw ChainMatchError.dimensionMismatch("a project credit needs the constraint masks, which hold each project's node")
        }
        let parts = projectCredit?.split(weights)
        let gemmWeights = parts?.linear ?? weights
        // Campaign columns, contiguous, for the exact scores, and their norms for the screening bound
        // (with a project credit, ‖w′‖ + ‖w_chain, w_endowment‖: the credit is at most ‖x‖ times that, which
        // also covers rounding it into the score).
        var (columns, norms) = Self.contiguousColumns(gemmWeights)
        defer { columns.deallocate() }
        if let parts { for c in 0..<campaigns { norms[c] += parts.norm[c] } }
        // δ_c bounds |sgemm score − exact score| for a row x: γ · ‖x‖ · ‖w_c‖. Each worker keeps the
        // largest row norm it has seen and widens its campaigns' slack 2δ_c as that grows, so any two
        // rows it compares are both covered, without a separate pass over all rows first.
        func slack(_ c: Int, largestNorm: Float) -> Float { Self.slack(norm: norms[c], largestNorm: largestNorm, featureCount: featureCount) }
        let table = masks.map(MaskTable.init)
        defer { table?.deallocate() }
        let credit = parts.map { CreditScreen(combined: $0.combined, table: ProjectCreditTable(masks!)) }
        defer { credit?.table.deallocate() }

        // Per campaign: every allowed candidate within 2δ of the k-th best sgemm score so far.
        let screen = CandidateScreen(campaigns: campaigns, k: k, slack: (0..<campaigns).map { slack($0, largestNorm: 0) })

        let ranges = Self.workerRanges(campaigns: campaigns, threads: threads)

        // Each worker runs its own single-threaded sgemm; a small product (an interactive ranking) stays on one BLAS
        // thread too, so OpenBLAS's stopped workers are not started again to spin beside it.
        let previousThreads = BLAS.threads
        BLAS.threads = ranges.count > 1 || Double(rowCount) * Double(featureCount) * Double(campaigns) < 1e8 ? 1 : threads
        defer { BLAS.threads = previousThreads }

        let (plan, nonZeros) = compactionPlan(given: given, rows: rows, rowCount: rowCount, featureCount: featureCount, campaigns: campaigns)
        try gemmWeights.storage.withUnsafeBufferPointer { w in
            // One pass of every worker over `plan`'s rows (all rows in storage order without one) into `screen`.
            func pass(_ plan: CompactedBlocks?, _ screen: CandidateScreen, _ progress: ((Int, Int) -> Void)?) throws {
                let failure = FailureBox()
                let work = { (worker: Int) in
                    let range = ranges[worker]
                    let out = buffer + block * range.lowerBound
                    if let plan, plan.isWorthwhile {
                        Self.compactedPass(plan: plan, rows: rows, nonZeros: nonZeros, rowCount: plan.order.count, featureCount: featureCount, weights: w,
                                           campaigns: campaigns, range: range, out: out, screen: screen, slack: slack,
                                           indexOffset: indexOffset, masks: table, credit: credit, failure: failure,
                                           progress: worker == 0 ? progress : nil)
                        return
                    }
                    Self.plainPass(rows: rows, rowCount: rowCount, featureCount: featureCount, block: block, weights: w,
                                   campaigns: campaigns, range: range, out: out, screen: screen, slack: slack,
                                   indexOffset: indexOffset, masks: table, credit: credit, failure: failure,
                                   progress: worker == 0 ? progress : nil)
                }
                Self.onWorkers(ranges.count, work)
                if let error = failure.error { throw error }
            }
            if let plan, plan.isWorthwhile, let rank = seedRank(rowCount: rowCount) {
                try seededPasses(plan: plan, rows: rows, rank: rank, screen: screen, pass: pass, progress: progress)
            } else {
                try pass(plan, screen, progress)
            }
        }
        Self.rescore(&heaps, screen: screen, ranges: ranges, rows: rows, columns: columns, featureCount: featureCount,
                     indexOffset: indexOffset, credit: credit)
        return heaps
    }

    /// The row order and block columns to score by, or nil for the plain path. Ordering rows costs about one
    /// pass over them: worth it when many campaign columns share the blocks, not for the few columns of an
    /// interactive ranking. A kept plan is used when it was made for these rows and this block size. A plan
    /// made here keeps the rows' non-zeros from that pass, so blocks are gathered from them (a row's few
    /// entries sit in a line or two; its dense row spans many); a kept plan gathers from the dense rows.
    func compactionPlan(given: CompactedBlocks?, rows: UnsafeBufferPointer<Float>, rowCount: Int, featureCount: Int,
                        campaigns: Int) -> (CompactedBlocks?, NonZeroColumns?) {
        guard sparseBlockRows > 0 && campaigns >= Self.compactionMinimumColumns else { return (nil, nil) }
        if let given, given.blockRows == sparseBlockRows, given.featureCount == featureCount, given.order.count == rowCount {
            return (given, nil)
        }
        let made = CompactedBlocks.planned(rows: rows, rowCount: rowCount, featureCount: featureCount, blockRows: sparseBlockRows,
                                           keepValues: true)
        return (made.plan, made.nonZeros)
    }

    /// `work(0)`, …, `work(count − 1)`: on the caller alone for one, else concurrently.
    static func onWorkers(_ count: Int, _ work: (Int) -> Void) {
        if count == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: count, execute: work)
        }
    }

    /// Campaign ranges, one per worker, rounded to 16 columns.
    static func workerRanges(campaigns: Int, threads: Int) -> [Range<Int>] {
        let lanes = 16
        let chunk = ((campaigns + threads - 1) / threads + lanes - 1) / lanes * lanes
        return stride(from: 0, to: campaigns, by: max(chunk, lanes)).map { $0..<min($0 + max(chunk, lanes), campaigns) }
    }

    /// The screening slack 2δ for a campaign column of norm `norm` and rows up to `largestNorm`.
    static func slack(norm: Float, largestNorm: Float, featureCount: Int) -> Float {
        let gamma = Float(4 * (featureCount + 2)) * 0x1p-24   // γ_n = n·u/(1 − n·u) for n products and sums, doubled for two sums, doubled again
        return 2 * (norm * largestNorm * gamma * 1.0001 + .leastNormalMagnitude)
    }

    /// Refuses shapes that do not fit: features against weights, the buffer, the masks.
    static func validate(rows: UnsafeBufferPointer<Float>, rowCount: Int, featureCount: Int, weights: Matrix, masks: ConstraintMasks?) throws {
        let campaigns = weights.columns
        guard weights.rows == featureCount else {
            throw ChainMatchError.dimensionMismatch("features have \(featureCount) columns, weights have \(weights.rows) rows")
        }
        guard rows.count >= rowCount * featureCount else {
            throw ChainMatchError.dimensionMismatch("feature buffer holds \(rows.count) floats, need \(rowCount * featureCount)")
        }
        if let masks {
            guard masks.limits.count == campaigns else {
                throw ChainMatchError.dimensionMismatch("\(masks.limits.count) campaign limits for \(campaigns) campaigns")
            }
            guard masks.needs.count == rowCount else {
                throw ChainMatchError.dimensionMismatch("needs for \(masks.needs.count) enterprises, scoring \(rowCount)")
            }
        }
    }

    /// Each campaign's weight column, contiguous (`campaigns × features`, to deallocate), and its norm.
    static func contiguousColumns(_ weights: Matrix) -> (UnsafeMutablePointer<Float>, [Float]) {
        let campaigns = weights.columns, featureCount = weights.rows
        let columns = UnsafeMutablePointer<Float>.allocate(capacity: max(1, campaigns * featureCount))
        var norms = [Float](repeating: 0, count: campaigns)
        weights.storage.withUnsafeBufferPointer { w in
            for c in 0..<campaigns {
                var sum = 0.0
                for f in 0..<featureCount {
                    let v = w[f * campaigns + c]
                    columns[c * featureCount + f] = v
                    sum += Double(v) * Double(v)
                }
                norms[c] = Float(sum.squareRoot())
            }
        }
        return (columns, norms)
    }

    /// The exact top k of each campaign from its screened candidates, the workers' ranges in parallel.
    /// With a project credit, each exact score adds the project's credit (`ProjectCreditTable`).
    static func rescore(_ heaps: inout [TopK], screen: CandidateScreen, ranges: [Range<Int>], rows: UnsafeBufferPointer<Float>,
                        columns: UnsafeMutablePointer<Float>, featureCount: Int, indexOffset: Int, credit: CreditScreen?) {
        heaps.withUnsafeMutableBufferPointer { buffer in
            let out = buffer
            let finish = { (worker: Int) in
                for c in ranges[worker] {
                    let w = columns + c * featureCount
                    for item in screen.finish(c) {
                        let x = rows.baseAddress! + (item.index - indexOffset) * featureCount
                        var score = exactScore(x, w, count: featureCount)
                        if let credit { score += credit.table.credit(item.index - indexOffset, c) }
                        out[c].offer(ScoredItem(index: item.index, score: score))
                    }
                }
            }
            onWorkers(ranges.count, finish)
        }
    }
}
