import Dispatch

/// Scores every enterprise against every campaign and keeps each campaign's exact top k.
///
/// ```swift
/// let scorer = BlockedScorer(k: 50)
/// let tops = try scorer.rank(features: x, weights: w, masks: masks)   // one TopK per campaign
/// let best = tops[0].sorted()                                        // campaign 0, best first
/// ```
///
/// Enterprise rows stream through one reused `blockRows × campaigns` buffer: each block is one
/// sgemm against the whole weight matrix (`features × campaigns`), then a vectorised pass compares
/// every score with its campaign's current threshold and offers only those that reach it to the
/// campaign's bounded heap, after the hard-constraint masks. The full enterprises × campaigns score
/// matrix is never allocated. Ties break by enterprise index, so the result is the same for every
/// block size, thread count and shard split.
///
/// The scores kept and reported are `exactScore` — one fixed order of fused multiply-adds — not the
/// sgemm's: OpenBLAS chooses kernels by shape (a narrow or small product is summed in another order),
/// so the last bits of an sgemm score depend on how many campaigns and rows share a call. The sgemm
/// only screens: a score is recomputed exactly when its sgemm value reaches the campaign's threshold
/// minus a rigorous bound on the difference of the two sums (2·γ·‖x‖·‖w‖ with γ ≈ features · 2⁻²⁴,
/// doubled), so no enterprise that belongs in the top k is missed and a campaign ranked alone
/// (`rank`) or with all others (`batch`), a whole run or a shard, all get the same floats.
public struct BlockedScorer: Sendable {
    public var k: Int
    /// Enterprise rows per GEMM block.
    public var blockRows: Int
    /// Threads for BLAS and for the threshold pass.
    public var threads: Int

    public init(k: Int, blockRows: Int = 1024, threads: Int = 2) {
        precondition(k >= 0 && blockRows > 0 && threads > 0, "k ≥ 0, blockRows > 0, threads > 0")
        self.k = k
        self.blockRows = blockRows
        self.threads = threads
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
    public func rank(
        rows: UnsafeBufferPointer<Float>, rowCount: Int, featureCount: Int, weights: Matrix,
        masks: ConstraintMasks? = nil, indexOffset: Int = 0,
        progress: ((_ rowsDone: Int, _ rowsTotal: Int) -> Void)? = nil
    ) throws -> [TopK] {
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
        var heaps = [TopK](repeating: TopK(k: k), count: campaigns)
        if campaigns == 0 || rowCount == 0 || k == 0 { return heaps }

        let block = min(blockRows, rowCount)
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: block * campaigns)
        buffer.initialize(repeating: 0, count: block * campaigns)
        defer { buffer.deallocate() }
        var thresholds = [Float](repeating: -.infinity, count: campaigns)
        // Campaign columns, contiguous, for the exact scores, and their norms for the screening bound.
        let columns = UnsafeMutablePointer<Float>.allocate(capacity: max(1, campaigns * featureCount))
        defer { columns.deallocate() }
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
        let table = masks.map(MaskTable.init)
        defer { table?.deallocate() }
        let gamma = Float(4 * (featureCount + 2)) * 0x1p-24   // γ_n = n·u/(1 − n·u) for n products and sums, doubled for two sums, doubled again

        let previousThreads = BLAS.threads
        BLAS.threads = threads
        defer { BLAS.threads = previousThreads }

        // Campaign ranges per scan thread, rounded to 16 so vector loads stay within one range.
        let lanes = 16
        let chunk = ((campaigns + threads - 1) / threads + lanes - 1) / lanes * lanes
        let ranges: [Range<Int>] = stride(from: 0, to: campaigns, by: max(chunk, lanes)).map { $0..<min($0 + max(chunk, lanes), campaigns) }

        try weights.storage.withUnsafeBufferPointer { w in
            try heaps.withUnsafeMutableBufferPointer { heapBuffer in
                try thresholds.withUnsafeMutableBufferPointer { thresholdBuffer in
                    let heapsPointer = heapBuffer.baseAddress!
                    let thresholdPointer = thresholdBuffer.baseAddress!
                    var start = 0
                    while start < rowCount {
                        let n = min(block, rowCount - start)
                        // The screening slack of this block: γ · (largest row norm) · ‖w_c‖.
                        var largest: Float = 0
                        for r in start..<(start + n) {
                            let norm = Self.exactScore(rows.baseAddress! + r * featureCount, rows.baseAddress! + r * featureCount, count: featureCount)
                            largest = max(largest, norm.squareRoot())
                        }
                        let screen = ScreenContext(
                            rows: rows.baseAddress!, featureCount: featureCount, columns: columns,
                            slack: norms.map { $0 * largest * gamma * 1.0001 + .leastNormalMagnitude })
                        try BLAS.gemm(
                            m: n, n: campaigns, k: featureCount,
                            a: rows.baseAddress.map { $0 + start * featureCount }, lda: max(1, featureCount),
                            b: w.baseAddress, ldb: campaigns,
                            c: buffer, ldc: campaigns)
                        let scan = { (range: Range<Int>) in
                            Self.scan(
                                scores: buffer, rows: n, campaigns: campaigns, range: range,
                                firstRow: start, indexOffset: indexOffset, masks: table, screen: screen,
                                heaps: heapsPointer, thresholds: thresholdPointer)
                        }
                        if ranges.count == 1 {
                            scan(ranges[0])
                        } else {
                            DispatchQueue.concurrentPerform(iterations: ranges.count) { scan(ranges[$0]) }
                        }
                        start += n
                        progress?(start, rowCount)
                    }
                }
            }
        }
        return heaps
    }

    /// What the scan needs to recompute a screened score exactly.
    struct ScreenContext {
        var rows: UnsafePointer<Float>
        var featureCount: Int
        /// Campaign-major weights: column `c` at `columns + c * featureCount`.
        var columns: UnsafeMutablePointer<Float>
        /// Per campaign, how far an sgemm score may lie from the exact one in this block.
        var slack: [Float]
    }

    /// The score of one enterprise row for one campaign column, summed in one fixed order: sixteen
    /// lanes of multiply-then-add over the features (the tail zero-padded; not fused, so debug and
    /// release builds and every CPU give the same bits), then the lanes added pairwise. Every ranking
    /// reports this value, whatever BLAS kernel screened it.
    @inline(__always)
    public static func exactScore(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD16<Float>(repeating: 0)
        var i = 0
        while i + 16 <= count {
            let a = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self)
            let b = UnsafeRawPointer(w + i).loadUnaligned(as: SIMD16<Float>.self)
            acc += a * b
            i += 16
        }
        if i < count {
            var a = SIMD16<Float>(repeating: 0), b = SIMD16<Float>(repeating: 0)
            for lane in 0..<(count - i) { a[lane] = x[i + lane]; b[lane] = w[i + lane] }
            acc += a * b
        }
        let h8 = acc.lowHalf + acc.highHalf
        let h4 = h8.lowHalf + h8.highHalf
        let h2 = h4.lowHalf + h4.highHalf
        return h2[0] + h2[1]
    }

    /// `exactScore` of row `e` of `features` for column `c` of `weights`.
    public static func exactScore(features: Matrix, row e: Int, weights: Matrix, column c: Int) -> Float {
        let column = (0..<weights.rows).map { weights[$0, c] }
        return features.storage.withUnsafeBufferPointer { x in
            column.withUnsafeBufferPointer { exactScore(x.baseAddress! + e * features.columns, $0.baseAddress!, count: features.columns) }
        }
    }

    /// Offers the enterprises of one block whose sgemm score reaches their campaign's threshold less
    /// the slack, with their exact score, for campaigns in `range`.
    @inline(__always)
    static func scan(
        scores: UnsafeMutablePointer<Float>, rows: Int, campaigns: Int, range: Range<Int>,
        firstRow: Int, indexOffset: Int, masks: MaskTable?, screen: ScreenContext,
        heaps: UnsafeMutablePointer<TopK>, thresholds: UnsafeMutablePointer<Float>
    ) {
        // Screens: each campaign's threshold less its slack (−∞ while the heap is not full).
        var screens = [Float](repeating: 0, count: range.count)
        for c in range { screens[c - range.lowerBound] = thresholds[c] - screen.slack[c] }
        screens.withUnsafeMutableBufferPointer { screenBuffer in
            let screensBase = screenBuffer.baseAddress! - range.lowerBound   // indexed by campaign
            @inline(__always) func consider(_ row: Int, _ c: Int) {
                let local = firstRow + row
                if let masks, !masks.allows(enterprise: local, global: indexOffset + local, campaign: c) { return }
                let exact = exactScore(screen.rows + local * screen.featureCount,
                                       screen.columns + c * screen.featureCount, count: screen.featureCount)
                if heaps[c].offer(ScoredItem(index: indexOffset + local, score: exact)) {
                    thresholds[c] = heaps[c].threshold
                    screensBase[c] = thresholds[c] - screen.slack[c]
                }
            }
            let vectorEnd = range.lowerBound + (range.count / 16) * 16
            for row in 0..<rows {
                let line = scores + row * campaigns
                var c = range.lowerBound
                while c < vectorEnd {
                    let s = UnsafeRawPointer(line + c).loadUnaligned(as: SIMD16<Float>.self)
                    let t = UnsafeRawPointer(screensBase + c).loadUnaligned(as: SIMD16<Float>.self)
                    let reach = s .>= t
                    if any(reach) {
                        for lane in 0..<16 where reach[lane] { consider(row, c + lane) }
                    }
                    c += 16
                }
                while c < range.upperBound {
                    if line[c] >= screensBase[c] { consider(row, c) }
                    c += 1
                }
            }
        }
    }
}
