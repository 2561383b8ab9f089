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
                        try BLAS.gemm(
                            m: n, n: campaigns, k: featureCount,
                            a: rows.baseAddress.map { $0 + start * featureCount }, lda: max(1, featureCount),
                            b: w.baseAddress, ldb: campaigns,
                            c: buffer, ldc: campaigns)
                        let scan = { (range: Range<Int>) in
                            Self.scan(
                                scores: buffer, rows: n, campaigns: campaigns, range: range,
                                firstRow: start, indexOffset: indexOffset, masks: masks,
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

    /// Offers the scores of one block that reach their campaign's threshold, for campaigns in `range`.
    @inline(__always)
    static func scan(
        scores: UnsafeMutablePointer<Float>, rows: Int, campaigns: Int, range: Range<Int>,
        firstRow: Int, indexOffset: Int, masks: ConstraintMasks?,
        heaps: UnsafeMutablePointer<TopK>, thresholds: UnsafeMutablePointer<Float>
    ) {
        @inline(__always) func consider(_ row: Int, _ c: Int, _ score: Float) {
            let local = firstRow + row
            let item = ScoredItem(index: indexOffset + local, score: score)
            guard heaps[c].admits(item) else { return }
            if let masks, !masks.allows(enterprise: local, global: indexOffset + local, campaign: c) { return }
            heaps[c].offer(item)
            thresholds[c] = heaps[c].threshold
        }
        let vectorEnd = range.lowerBound + (range.count / 16) * 16
        for row in 0..<rows {
            let line = scores + row * campaigns
            var c = range.lowerBound
            while c < vectorEnd {
                let s = UnsafeRawPointer(line + c).loadUnaligned(as: SIMD16<Float>.self)
                let t = UnsafeRawPointer(thresholds + c).loadUnaligned(as: SIMD16<Float>.self)
                let reach = s .>= t
                if any(reach) {
                    for lane in 0..<16 where reach[lane] { consider(row, c + lane, s[lane]) }
                }
                c += 16
            }
            while c < range.upperBound {
                let s = line[c]
                if s >= thresholds[c] { consider(row, c, s) }
                c += 1
            }
        }
    }
}
