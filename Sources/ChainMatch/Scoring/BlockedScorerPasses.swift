import Foundation

/// The two ways a worker passes over the rows — full width in storage order, or column-compacted — and the
/// screen of each block's scores.
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
    /// screened as in the plain path. Zeros left out change no product, so the screening bound holds. Given
    /// `nonZeros` (the rows' non-zeros with values, in the order of the full plan), block rows of that plan are
    /// packed from those; a sample of it (fewer rows) gathers from the dense rows.
    static func compactedPass(
        plan: CompactedBlocks, rows: UnsafeBufferPointer<Float>, nonZeros: NonZeroColumns? = nil, rowCount: Int, featureCount: Int,
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
        let gather = nonZeros.flatMap { $0.rowCount == rowCount ? SparseGather($0, featureCount: featureCount) : nil }
        defer { gather?.deallocate() }
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
                if let gather { gather.pack(from: start, n: n, used: used, into: packedRows) } else {
                    for i in 0..<n {
                        let x = rows.baseAddress! + Int(ids[i]) * featureCount
                        var j = 0
                        for f in used { packedRows[i * m + j] = x[Int(f)]; j += 1 }
                    }
                }
                // A packed row holds every non-zero of its row: its norm (for the slack) is the row's.
                var blockLargest: Float = 0   // squared
                for i in 0..<n { blockLargest = max(blockLargest, exactScore(packedRows + i * m, packedRows + i * m, count: m)) }
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

    /// Screens one block for campaigns in `range` (`scores` is `rows × range.count`): an allowed
    /// enterprise whose sgemm score reaches the campaign's threshold joins its candidates. Score row `i`
    /// is enterprise row `rowIDs[i]`, or `firstRow + i` without ids. With a project credit, a row is compared
    /// with the thresholds lowered by the most credit it could earn (into `lowered`), and where it reaches one
    /// its exact credit is added and it is compared again.
    @inline(__always)
    static func scan(
        scores: UnsafeMutablePointer<Float>, rows: Int, range: Range<Int>,
        firstRow: Int, rowIDs: UnsafePointer<Int32>?, indexOffset: Int, masks: MaskTable?, screen: CandidateScreen,
        credit: CreditScreen? = nil, lowered: UnsafeMutablePointer<Float>? = nil
    ) {
        @inline(__always) func consider(_ row: Int, _ c: Int, _ score: Float) {
            let local = rowIDs.map { Int($0[row]) } ?? firstRow + row
            var score = score
            if let credit, let masks, let project = credit.table.choice(local, c) {
                // The project is looked up once: its credit joins the score, its node and needs the masks.
                score += project.credit
                if !(score >= screen.thresholds[c]) { return }
                if !masks.allows(enterprise: local, global: indexOffset + local, campaign: c, project: project) { return }
            } else {   // no credit here: the threshold itself, then the rules
                if (credit != nil && !(score >= screen.thresholds[c])) || !(masks?.allows(enterprise: local, global: indexOffset + local, campaign: c) ?? true) { return }
            }
            screen.append(ScoredItem(index: indexOffset + local, score: score), to: c)
        }
        let width = range.count
        let thresholds = UnsafePointer(screen.thresholds + range.lowerBound)
        for row in 0..<rows {
            let line = UnsafePointer(scores + row * width)   // line[j]: campaign range.lowerBound + j
            var limits = thresholds
            if let credit, let lowered {
                let local = rowIDs.map { Int($0[row]) } ?? firstRow + row
                if credit.lower(thresholds, row: local, range: range, into: lowered) { limits = UnsafePointer(lowered) }
            }
            var j = firstReaching(line, limits, from: 0, count: width)
            while j < width {
                consider(row, range.lowerBound + j, line[j])
                j = firstReaching(line, limits, from: j + 1, count: width)
            }
        }
    }

    /// The first `j ≥ from` with `scores[j] ≥ thresholds[j]`, or `count`: 32 comparisons a step,
    /// one branch per step. Kept out of line so the loop holds nothing but loads and compares.
    @inline(never)
    static func firstReaching(
        _ scores: UnsafePointer<Float>, _ thresholds: UnsafePointer<Float>, from: Int, count: Int
    ) -> Int {
        var j = from
        while j + 32 <= count {
            let s = UnsafeRawPointer(scores + j), t = UnsafeRawPointer(thresholds + j)
            let r0 = s.loadUnaligned(as: SIMD8<Float>.self) .>= t.loadUnaligned(as: SIMD8<Float>.self)
            let r1 = s.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self) .>= t.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
            let r2 = s.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self) .>= t.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self)
            let r3 = s.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self) .>= t.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self)
            if any(r0 .| r1 .| r2 .| r3) { break }
            j += 32
        }
        while j < count {
            if scores[j] >= thresholds[j] { return j }
            j += 1
        }
        return count
    }
}
