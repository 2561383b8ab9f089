import Foundation

/// The two ways a worker passes over the rows: full width in storage order, or column-compacted.
extension BlockedScorer {
    /// The first error any worker met; the others stop at their next block.
    final class FailureBox: @unchecked Sendable {
        private let lock = NSLock()
        private var first: Error?
        var error: Error? { lock.withLock { first } }
        var isSet: Bool { error != nil }
        func set(_ error: Error) { lock.withLock { if first == nil { first = error } } }
    }

    /// One worker's pass over the rows in storage order: a full-width sgemm per block, then the screen.
    static func plainPass(
        rows: UnsafeBufferPointer<Float>, rowCount: Int, featureCount: Int, block: Int,
        weights w: UnsafeBufferPointer<Float>, campaigns: Int, range: Range<Int>, out: UnsafeMutablePointer<Float>,
        screen: CandidateScreen, slack: (Int, Float) -> Float, indexOffset: Int, masks table: MaskTable?,
        credit: CreditScreen?, failure: FailureBox, progress: ((Int, Int) -> Void)?
    ) {
        let lowered = UnsafeMutablePointer<Float>.allocate(capacity: max(1, range.count))
        defer { lowered.deallocate() }
        var start = 0
        var largest: Float = 0
        while start < rowCount, !failure.isSet {
            let n = min(block, rowCount - start)
            var blockLargest: Float = 0   // squared
            for r in start..<(start + n) {
                let x = rows.baseAddress! + r * featureCount
                blockLargest = max(blockLargest, Self.exactScore(x, x, count: featureCount))
            }
            if blockLargest.squareRoot() > largest {
                largest = blockLargest.squareRoot()
                for c in range { screen.widenSlack(c, to: slack(c, largest)) }
            }
            do {
                try BLAS.gemm(
                    m: n, n: range.count, k: featureCount,
                    a: rows.baseAddress.map { $0 + start * featureCount }, lda: max(1, featureCount),
                    b: w.baseAddress.map { $0 + range.lowerBound }, ldb: campaigns,
                    c: out, ldc: range.count)
            } catch {
                failure.set(error)
                return
            }
            Self.scan(scores: out, rows: n, range: range, firstRow: start, rowIDs: nil,
                      indexOffset: indexOffset, masks: table, screen: screen, credit: credit, lowered: lowered)
            start += n
            progress?(start, rowCount)
        }
    }

    /// One worker's pass over the rows in `plan`'s order, blocks in `plan.visitOrder`: per block, its rows' used columns and the
    /// matching weight rows are gathered and multiplied (a `rows × used` by `used × campaigns` sgemm), then
    /// screened as in the plain path. Zeros left out change no product, so the screening bound holds.
    static func compactedPass(
        plan: CompactedBlocks, rows: UnsafeBufferPointer<Float>, rowCount: Int, featureCount: Int,
        weights w: UnsafeBufferPointer<Float>, campaigns: Int, range: Range<Int>, out: UnsafeMutablePointer<Float>,
        screen: CandidateScreen, slack: (Int, Float) -> Float, indexOffset: Int, masks: MaskTable?,
        credit: CreditScreen?, failure: FailureBox, progress: ((Int, Int) -> Void)?
    ) {
        let width = range.count
        let lowered = UnsafeMutablePointer<Float>.allocate(capacity: max(1, width))
        defer { lowered.deallocate() }
        let packedRows = UnsafeMutablePointer<Float>.allocate(capacity: max(1, plan.blockRows * featureCount))
        let packedWeights = UnsafeMutablePointer<Float>.allocate(capacity: max(1, featureCount * width))
        let packedKept = UnsafeMutablePointer<Float>.allocate(capacity: max(1, featureCount * width))
        defer { packedRows.deallocate(); packedWeights.deallocate(); packedKept.deallocate() }
        let bound = BlockBound(width: width, usedCapacity: featureCount, nodes: credit.map { $0.combined.count / max(1, campaigns) } ?? 0)
        var backoff = 0, pause = 0
        var largest: Float = 0
        var done = 0
        let visits = plan.visitOrder
        plan.order.withUnsafeBufferPointer { order in
            for b in visits where !failure.isSet {
                let start = b * plan.blockRows
                let n = min(plan.blockRows, rowCount - start)
                let ids = order.baseAddress! + start
                let used = plan.columns(ofBlock: b)
                let m = used.count
                var blockLargest: Float = 0   // squared
                for i in 0..<n {
                    let x = rows.baseAddress! + Int(ids[i]) * featureCount
                    blockLargest = max(blockLargest, exactScore(x, x, count: featureCount))
                    var j = 0
                    for f in used { packedRows[i * m + j] = x[Int(f)]; j += 1 }
                }
                if blockLargest.squareRoot() > largest {
                    largest = blockLargest.squareRoot()
                    for c in range { screen.widenSlack(c, to: slack(c, largest)) }
                }
                var j = 0
                for f in used {
                    (packedWeights + j * width).update(from: w.baseAddress! + Int(f) * campaigns + range.lowerBound, count: width)
                    j += 1
                }
                // Only the campaigns whose bound can reach their thresholds are multiplied and scanned.
                // Bounds that do not narrow the block (keep over three quarters of the campaigns) are computed less
                // often (1, 2, 4 … 16 blocks apart) until one does.
                var kept = width
                if pause == 0 {
                    kept = bound.survivors(rows: packedRows, n: n, m: m, weights: packedWeights, ids: ids, range: range,
                                           thresholds: screen.thresholds, screen: credit, largest: largest, slack: slack)
                    backoff = 4 * kept < 3 * width ? 0 : min(16, max(1, 2 * backoff))
                    pause = backoff
                } else {
                    pause -= 1
                }
                do {
                    if 4 * kept < 3 * width {
                        try multiplyKept(bound: bound, count: kept, rows: packedRows, n: n, m: m, weights: packedWeights, packed: packedKept,
                                         out: out, range: range, ids: ids, indexOffset: indexOffset, masks: masks, screen: screen,
                                         credit: credit, limits: lowered)
                    } else {
                        try BLAS.gemm(m: n, n: width, k: m, a: packedRows, lda: max(1, m), b: packedWeights, ldb: max(1, width), c: out, ldc: width)
                        scan(scores: out, rows: n, range: range, firstRow: 0, rowIDs: ids, indexOffset: indexOffset, masks: masks, screen: screen,
                             credit: credit, lowered: lowered)
                    }
                } catch {
                    failure.set(error)
                    return
                }
                done += n
                progress?(done, rowCount)
            }
        }
    }
}
