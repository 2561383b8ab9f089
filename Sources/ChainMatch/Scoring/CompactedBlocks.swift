import Foundation

/// Rows ordered by their non-zero pattern and, per block of that order, the only columns the block uses:
/// the plan for scoring sparse features with one small sgemm per block instead of one full-width one.
///
/// ```swift
/// let plan = CompactedBlocks(rows: x, rowCount: n, featureCount: d, blockRows: 256)
/// plan.isWorthwhile            // true when blocks touch well under the full width
/// plan.columns(ofBlock: 0)     // e.g. [3, 17, 18, 40, 511]: block 0's columns
/// ```
///
/// The enterprise feature matrix is mostly zeros (a row is active in a few chain nodes of one chain, its
/// endowment and relatedness entries follow those nodes, and a handful of profile columns are set almost
/// everywhere). Rows are sorted by a key made of their first three columns that are not common (non-zero
/// in at most a fifth of rows), then by row: rows of one chain and node meet in the same blocks, so a block
/// of 256 such rows uses a few dozen of hundreds of columns. Scoring a block then gathers its rows'
/// columns and the matching weight rows and multiplies those; the zeros left out add nothing, so every
/// sum is the same set of non-zero products (the scorer's screening bound still holds, and its exact
/// rescoring is untouched). When blocks would still use more than `maxShare` of the width the plan says
/// so, and the scorer keeps the plain contiguous path (data denser than that is not ordered at all).
public struct CompactedBlocks: Sendable, Codable, Equatable {
    /// Position → row: the order blocks are taken in.
    public let order: [Int32]
    public let blockRows: Int
    public let featureCount: Int
    /// Per block, its columns: `columns[starts[b]..<starts[b + 1]]`, ascending.
    let starts: [Int]
    let columns: [Int32]

    public var blockCount: Int { starts.count - 1 }
    /// Mean columns per block, as a share of the width.
    public let meanShare: Double
    /// Whether compaction pays: blocks use at most `maxShare` of the width on average.
    public let isWorthwhile: Bool

    public func columns(ofBlock b: Int) -> ArraySlice<Int32> { columns[starts[b]..<starts[b + 1]] }

    /// The order blocks are scored in: a bit-reversed sweep of the block numbers (0, B/2, B/4, 3B/4, …).
    ///
    /// Rows sit in pattern order, so one chain's enterprises fill one stretch of blocks; scored front to
    /// back, a campaign's threshold stays low — and every allowed row a candidate — until the pass reaches
    /// its chain. The sweep visits every stretch early and refines, so thresholds rise within the first
    /// few hundred blocks. The screen keeps every candidate within the slack of the k-th best score of all
    /// in any order of appends, so the lists do not depend on it.
    public var visitOrder: [Int] { Self.bitReversedOrder(blockCount) }

    /// `0..<count` in bit-reversed order of the smallest power of two that holds them.
    static func bitReversedOrder(_ count: Int) -> [Int] {
        guard count > 1 else { return Array(0..<max(0, count)) }
        let bits = Int.bitWidth - (count - 1).leadingZeroBitCount
        var order: [Int] = []
        order.reserveCapacity(count)
        for i in 0..<(1 << bits) {
            var r = 0, v = i
            for _ in 0..<bits { r = (r << 1) | (v & 1); v >>= 1 }
            if r < count { order.append(r) }
        }
        return order
    }

    public init(rows: UnsafeBufferPointer<Float>, rowCount: Int, featureCount: Int, blockRows: Int, maxShare: Double = 0.5) {
        self = Self.planned(rows: rows, rowCount: rowCount, featureCount: featureCount, blockRows: blockRows, maxShare: maxShare).plan
    }

    /// The plan, and with `keepValues` the rows' non-zeros with their values in the plan's order (row `p` of them is
    /// row `order[p]`; nil when the rows are too dense to order): a scorer that made its own plan gathers block
    /// rows from these instead of from the dense rows.
    static func planned(rows: UnsafeBufferPointer<Float>, rowCount: Int, featureCount: Int, blockRows: Int, maxShare: Double = 0.5,
                        keepValues: Bool = false) -> (plan: CompactedBlocks, nonZeros: NonZeroColumns?) {
        func unordered(_ share: Double) -> (CompactedBlocks, NonZeroColumns?) {
            (CompactedBlocks(order: [], starts: [0], columns: [], blockRows: blockRows, featureCount: featureCount,
                             meanShare: share, isWorthwhile: false), nil)
        }
        // Dense data is not worth ordering: a sample of rows says so without a pass over all of them.
        let step = max(1, rowCount / 2048)
        var sampled = 0, sampledNonZeros = 0
        for r in stride(from: 0, to: rowCount, by: step) {
            let x = rows.baseAddress! + r * featureCount
            for f in 0..<featureCount where x[f] != 0 { sampledNonZeros += 1 }
            sampled += featureCount
        }
        guard Double(sampledNonZeros) <= maxShare * Double(max(1, sampled)) else {
            return unordered(Double(sampledNonZeros) / Double(max(1, sampled)))
        }
        // Every row's non-zero columns, in one pass. Columns set in more than a fifth of rows are common to
        // every block; they do not order rows.
        let nonZeros = NonZeroColumns(rows: rows, rowCount: rowCount, featureCount: featureCount, keepValues: keepValues,
                                      expectedPerRow: Double(sampledNonZeros) * Double(featureCount) / Double(max(1, sampled)))
        var frequency = [Int](repeating: 0, count: featureCount)
        for f in nonZeros.columns { frequency[Int(f)] += 1 }
        // A block uses at least the columns of its densest row: dense data is not worth ordering.
        let density = Double(nonZeros.columns.count) / Double(max(1, rowCount * featureCount))
        guard density <= maxShare else { return unordered(density) }
        let common = frequency.map { $0 * 5 > rowCount }
        // Each row's uncommon columns, ascending, flat; rows are sorted by these lists, lexicographically,
        // so rows with the same pattern (one industry class, one product) sit together and rows sharing a
        // first column follow one another.
        var offsets = [0]
        offsets.reserveCapacity(rowCount + 1)
        var pattern: [Int32] = []
        pattern.reserveCapacity(nonZeros.columns.count)
        for r in 0..<rowCount {
            for f in nonZeros.row(r) where !common[Int(f)] { pattern.append(f) }
            offsets.append(pattern.count)
        }
        // The first three columns of each pattern, packed so that comparing keys compares those (an absent
        // column before any): most comparisons end there, without reaching into the lists.
        let packs = featureCount < (1 << 21) - 1
        let keys = (0..<rowCount).map { r in
            var key: UInt64 = 0
            for i in 0..<3 { key = key << 21 | (packs && offsets[r] + i < offsets[r + 1] ? UInt64(pattern[offsets[r] + i]) + 1 : 0) }
            return key
        }
        let sorted = pattern.withUnsafeBufferPointer { p in
            offsets.withUnsafeBufferPointer { o in
                Self.sortedRows(rowCount) { a, b in
                    let (ka, kb) = (keys[Int(a)], keys[Int(b)])
                    if ka != kb { return ka < kb }
                    let (i0, i1, j0, j1) = (o[Int(a)], o[Int(a) + 1], o[Int(b)], o[Int(b) + 1])
                    var i = i0, j = j0
                    while i < i1 && j < j1 {
                        if p[i] != p[j] { return p[i] < p[j] }
                        i += 1; j += 1
                    }
                    return (i1 - i0, a) < (j1 - j0, b)
                }
            }
        }
        // With the values kept, the lists are copied into the plan's order, so blocks are read front to back.
        let inOrder = keepValues ? nonZeros.permuted(by: sorted) : nil
        let (starts, columns) = Self.blockColumns(count: rowCount, featureCount: featureCount, blockRows: blockRows) { p in
            inOrder?.row(p) ?? nonZeros.row(Int(sorted[p]))
        }
        let blocks = max(1, starts.count - 1)
        let meanShare = featureCount == 0 ? 1 : Double(columns.count) / Double(blocks) / Double(featureCount)
        let plan = CompactedBlocks(order: sorted, starts: starts, columns: columns, blockRows: blockRows, featureCount: featureCount,
                                   meanShare: meanShare, isWorthwhile: rowCount > 0 && meanShare <= maxShare)
        return (plan, plan.isWorthwhile ? inOrder : nil)
    }

    private init(order: [Int32], starts: [Int], columns: [Int32], blockRows: Int, featureCount: Int, meanShare: Double, isWorthwhile: Bool) {
        (self.order, self.starts, self.columns, self.blockRows, self.featureCount) = (order, starts, columns, blockRows, featureCount)
        (self.meanShare, self.isWorthwhile) = (meanShare, isWorthwhile)
    }

    /// Every `step`-th row of this order (from the middle of the first step), blocked the same way: a sample
    /// that keeps the pattern order, so it meets every chain.
    ///
    /// ```swift
    /// let seed = plan.sample(every: 32, rows: x)   // about 1/32 of the rows, each block's own columns
    /// ```
    public func sample(every step: Int, rows: UnsafeBufferPointer<Float>) -> CompactedBlocks {
        precondition(step > 0, "step > 0")
        let picked = stride(from: step / 2, to: order.count, by: step).map { order[$0] }
        let (starts, columns) = Self.blockColumns(order: picked, rows: rows, featureCount: featureCount, blockRows: blockRows)
        return CompactedBlocks(order: picked, starts: starts, columns: columns, blockRows: blockRows, featureCount: featureCount,
                               meanShare: meanShare, isWorthwhile: isWorthwhile && !picked.isEmpty)
    }

    /// `0..<count` sorted by `before` (a strict total order): each half sorted on its own core, then merged.
    static func sortedRows(_ count: Int, by before: (Int32, Int32) -> Bool) -> [Int32] {
        let half = count / 2
        guard count >= 8192 else { return Array(0..<Int32(count)).sorted(by: before) }
        let halves = Parallel.map([0..<half, half..<count], grain: 1) { r in Array(Int32(r.lowerBound)..<Int32(r.upperBound)).sorted(by: before) }
        var merged: [Int32] = []
        merged.reserveCapacity(count)
        var i = 0, j = 0
        let (a, b) = (halves[0], halves[1])
        while i < a.count && j < b.count {
            if before(b[j], a[i]) { merged.append(b[j]); j += 1 } else { merged.append(a[i]); i += 1 }
        }
        merged += a[i...]
        merged += b[j...]
        return merged
    }

    /// Per block of `order`, the columns its rows use, ascending, flat: `columns[starts[b]..<starts[b + 1]]`.
    static func blockColumns(order: [Int32], rows: UnsafeBufferPointer<Float>, featureCount: Int, blockRows: Int) -> ([Int], [Int32]) {
        blockColumns(count: order.count, featureCount: featureCount, blockRows: blockRows) { p in
            let x = rows.baseAddress! + Int(order[p]) * featureCount
            return (0..<featureCount).lazy.filter { x[$0] != 0 }.map { Int32($0) }
        }
    }

    /// The same from the non-zero columns of the row at each position (`nonZero(position)`), `count` positions.
    static func blockColumns<C: Sequence<Int32>>(count: Int, featureCount: Int, blockRows: Int, nonZero: (Int) -> C) -> ([Int], [Int32]) {
        var starts = [0], columns: [Int32] = []
        var used = [Bool](repeating: false, count: featureCount)
        for start in stride(from: 0, to: count, by: blockRows) {
            for i in 0..<featureCount { used[i] = false }
            for p in start..<min(start + blockRows, count) {
                for f in nonZero(p) { used[Int(f)] = true }
            }
            for f in 0..<featureCount where used[f] { columns.append(Int32(f)) }
            starts.append(columns.count)
        }
        return (starts, columns)
    }
}
