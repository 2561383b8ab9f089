import Testing
@testable import ChainMatch

/// Sparse rows shaped like enterprise features: each row active in 1–4 columns of one of `groups` column
/// groups, one or two related columns further on, and two columns set almost everywhere.
func sparseProblem(enterprises: Int, features: Int, campaigns: Int, seed: UInt64) -> (Matrix, Matrix, ConstraintMasks) {
    var (x, w, masks) = randomProblem(enterprises: enterprises, features: features, campaigns: campaigns, seed: seed)
    var rng = SplitMix64(seed: seed ^ 0x5151)
    let groups = max(1, (features - 2) / 8)
    for e in 0..<enterprises {
        for f in 0..<features { x[e, f] = 0 }
        let g = Int(rng.next() % UInt64(groups))
        for _ in 0..<(1 + Int(rng.next() % 4)) { x[e, min(features - 3, g * 8 + Int(rng.next() % 8))] = rng.nextFloat() }
        x[e, (g * 8 + 8 + Int(rng.next() % 8)) % (features - 2)] = rng.nextFloat() * 0.5
        if features > 2 { x[e, features - 2] = rng.nextFloat(); x[e, features - 1] = rng.nextFloat() < 0.9 ? 1 : 0 }
    }
    _ = w
    return (x, w, masks)
}

@Suite struct CompactedBlocksTests {
    @Test func blocksOfSortedRowsUseFewColumnsAndEveryRowOnce() {
        let (x, _, _) = sparseProblem(enterprises: 3000, features: 130, campaigns: 1, seed: 3)
        let plan = x.storage.withUnsafeBufferPointer { CompactedBlocks(rows: $0, rowCount: 3000, featureCount: 130, blockRows: 128) }
        #expect(plan.order.map(Int.init).sorted() == Array(0..<3000))
        #expect(plan.isWorthwhile)
        #expect(plan.meanShare < 0.3, "mean share \(plan.meanShare)")
        // Every non-zero of every row is among its block's columns.
        for b in 0..<plan.blockCount {
            let used = Set(plan.columns(ofBlock: b).map(Int.init))
            for p in (b * 128)..<min(b * 128 + 128, 3000) {
                let r = Int(plan.order[p])
                for f in 0..<130 where x[r, f] != 0 { #expect(used.contains(f)) }
            }
        }
    }

    /// The block visit order is a permutation that starts by spreading over the whole range.
    @Test func theVisitOrderIsABitReversedPermutation() {
        for n in [0, 1, 2, 3, 5, 8, 63, 64, 65, 1000, 15_625] {
            let order = CompactedBlocks.bitReversedOrder(n)
            #expect(order.sorted() == Array(0..<n), "\(n)")
        }
        #expect(CompactedBlocks.bitReversedOrder(8) == [0, 4, 2, 6, 1, 5, 3, 7])
        #expect(CompactedBlocks.bitReversedOrder(5) == [0, 4, 2, 1, 3])
    }

    @Test func denseRowsKeepThePlainPath() {
        let (x, _, _) = randomProblem(enterprises: 500, features: 32, campaigns: 1, seed: 4)
        let plan = x.storage.withUnsafeBufferPointer { CompactedBlocks(rows: $0, rowCount: 500, featureCount: 32, blockRows: 64) }
        #expect(!plan.isWorthwhile)
    }

    /// The compacted path gives the brute-force top k, for every block size and thread count, masks included.
    @Test(arguments: [(1, 1), (7, 1), (64, 2), (256, 2), (1000, 2)])
    func compactedTopKEqualsBruteForce(sparseBlock: Int, threads: Int) throws {
        let (x, w, masks) = sparseProblem(enterprises: 2000, features: 66, campaigns: 37, seed: UInt64(sparseBlock))
        let expected = try bruteForceTop(features: x, weights: w, k: 25, masks: masks)
        var scorer = BlockedScorer(k: 25, blockRows: 300, threads: threads)
        scorer.sparseBlockRows = sparseBlock
        let plan = x.storage.withUnsafeBufferPointer { CompactedBlocks(rows: $0, rowCount: 2000, featureCount: 66, blockRows: sparseBlock) }
        #expect(plan.isWorthwhile || sparseBlock >= 1000)
        let got = try scorer.rank(features: x, weights: w, masks: masks).map { $0.sorted() }
        #expect(got == expected)
        // A kept plan gathers block rows from the dense rows instead of the non-zeros: the same lists.
        let given = try x.storage.withUnsafeBufferPointer {
            try scorer.rank(rows: $0, rowCount: 2000, featureCount: 66, weights: w, masks: masks, plan: plan).map { $0.sorted() }
        }
        #expect(given == expected)
        scorer.sparseBlockRows = 0
        #expect(try scorer.rank(features: x, weights: w, masks: masks).map { $0.sorted() } == expected)
    }

    /// The bundled enterprises' features (4% non-zero) are sparse enough that the lists are scored column-compacted.
    @Test func bundledFeaturesAreScoredCompacted() throws {
        let engine = try BundledEngine.get()
        let x = engine.encoding.features
        let plan = x.storage.withUnsafeBufferPointer { CompactedBlocks(rows: $0, rowCount: x.rows, featureCount: x.columns, blockRows: 64) }
        #expect(plan.isWorthwhile)
        #expect(plan.meanShare < 0.25, "blocks use \(plan.meanShare) of the width")
    }

    /// The non-zero columns of every row, found sixteen at a time on two cores, equal a plain scan (NaN counts,
    /// −0 does not), for widths around the sixteen-wide step and row counts either side of the split.
    @Test(arguments: [(5000, 130), (4095, 16), (4096, 33), (10, 7)])
    func nonZeroColumnsEqualAPlainScan(rows: Int, width: Int) {
        var (x, _, _) = sparseProblem(enterprises: rows, features: max(width, 3), campaigns: 1, seed: UInt64(rows + width))
        if width >= 3 { x[rows / 2, 0] = .nan; x[rows / 3, 1] = -0.0 }
        let nz = x.storage.withUnsafeBufferPointer { NonZeroColumns(rows: $0, rowCount: rows, featureCount: x.columns) }
        #expect(nz.rowCount == rows)
        for r in 0..<rows {
            #expect(Array(nz.row(r)) == (0..<x.columns).filter { x[r, $0] != 0 }.map(Int32.init), "row \(r)")
        }
    }

    /// Kept values are the rows' own (bit for bit, NaN included), and a permutation of the rows moves each
    /// row's columns and values together.
    @Test func nonZeroValuesAreKeptAndPermutedWithTheirColumns() {
        var (x, _, _) = sparseProblem(enterprises: 5000, features: 130, campaigns: 1, seed: 9)
        x[17, 3] = .nan
        let nz = x.storage.withUnsafeBufferPointer { NonZeroColumns(rows: $0, rowCount: 5000, featureCount: 130, keepValues: true, expectedPerRow: 2) }
        #expect(nz.values.count == nz.columns.count)
        for r in 0..<5000 {
            for e in nz.offsets[r]..<nz.offsets[r + 1] { #expect(nz.values[e].bitPattern == x[r, Int(nz.columns[e])].bitPattern) }
        }
        var rng = SplitMix64(seed: 9)
        let order = Array(0..<Int32(5000)).shuffled(using: &rng)
        let moved = nz.permuted(by: order)
        #expect(moved.rowCount == 5000)
        for p in 0..<5000 {
            let r = Int(order[p])
            #expect(Array(moved.row(p)) == Array(nz.row(r)))
            #expect(moved.values[moved.offsets[p]..<moved.offsets[p + 1]].map(\.bitPattern) == nz.values[nz.offsets[r]..<nz.offsets[r + 1]].map(\.bitPattern))
        }
        let bare = x.storage.withUnsafeBufferPointer { NonZeroColumns(rows: $0, rowCount: 5000, featureCount: 130) }
        #expect(bare.values.isEmpty && bare.columns == nz.columns && bare.permuted(by: order).columns == moved.columns)
    }

    /// Every block packed from the plan-ordered non-zeros equals the same block gathered from the dense rows
    /// (a −0 packs as +0, which compares equal).
    @Test(arguments: [1, 5, 64])
    func sparseGatherPacksAsTheDenseRows(blockRows: Int) {
        var (x, _, _) = sparseProblem(enterprises: 3000, features: 130, campaigns: 1, seed: UInt64(blockRows))
        x[11, 2] = -0.0
        x.storage.withUnsafeBufferPointer { rows in
            let (plan, nonZeros) = CompactedBlocks.planned(rows: rows, rowCount: 3000, featureCount: 130, blockRows: blockRows, keepValues: true)
            #expect(plan.isWorthwhile)
            guard let nonZeros else { Issue.record("no non-zeros kept"); return }
            let gather = SparseGather(nonZeros, featureCount: 130)
            defer { gather.deallocate() }
            let packed = UnsafeMutablePointer<Float>.allocate(capacity: blockRows * 130)
            defer { packed.deallocate() }
            for b in plan.visitOrder {
                let (start, used) = (b * blockRows, plan.columns(ofBlock: b))
                let n = min(blockRows, 3000 - start)
                gather.pack(from: start, n: n, used: used, into: packed)
                for i in 0..<n {
                    let dense = used.map { x[Int(plan.order[start + i]), Int($0)] }
                    #expect(Array(UnsafeBufferPointer(start: packed + i * used.count, count: used.count)) == dense, "block \(b) row \(i)")
                }
            }
        }
    }

    /// Two halves sorted apart and merged give the single sort, ties and all.
    @Test(arguments: [0, 1, 8191, 8192, 20_001])
    func halvesMergedEqualOneSort(count: Int) {
        var rng = SplitMix64(seed: UInt64(count))
        let keys = (0..<count).map { _ in Int(rng.next() % 97) }
        let before = { (a: Int32, b: Int32) in (keys[Int(a)], a) < (keys[Int(b)], b) }
        #expect(CompactedBlocks.sortedRows(count, by: before) == Array(0..<Int32(count)).sorted(by: before))
    }
}
