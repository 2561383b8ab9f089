/// Packs a block's rows from their non-zeros: the dense `rows × used` matrix a compacted block is multiplied
/// as, written from each row's few (column, value) entries instead of read out of its dense row.
///
/// ```swift
/// let gather = SparseGather(nonZeros, featureCount: d)   // kept with their values, in the plan's order
/// defer { gather.deallocate() }
/// gather.pack(from: b * 64, n: 64, used: plan.columns(ofBlock: b), into: packed)   // 64 × used.count floats
/// ```
///
/// A block's `used` columns are the union of its rows' non-zero columns (`CompactedBlocks`), so every entry
/// of a row has a place in the packed row, and every other place is zero. The packed matrix is the one
/// gathering the dense rows gives, except that a −0 stored in a dense row packs as +0, which changes no sum
/// the screen compares. The difference is memory traffic: a row of a few hundred floats spans many cache
/// lines, taken in the plan's order, which is not the storage order; the non-zeros, copied into the plan's
/// order when it was made, are read front to back.
struct SparseGather {
    let nonZeros: NonZeroColumns
    /// Column → its place among the current block's `used` columns.
    private let slots: UnsafeMutablePointer<Int32>

    init(_ nonZeros: NonZeroColumns, featureCount: Int) {
        precondition(nonZeros.values.count == nonZeros.columns.count, "the non-zeros were kept without their values")
        self.nonZeros = nonZeros
        slots = .allocate(capacity: max(1, featureCount))
        slots.initialize(repeating: -1, count: max(1, featureCount))
    }

    func deallocate() { slots.deallocate() }

    /// The rows at positions `from..<from + n` of the plan, each as `used.count` floats, one after another into `packed`.
    func pack(from: Int, n: Int, used: ArraySlice<Int32>, into packed: UnsafeMutablePointer<Float>) {
        let m = used.count
        var j: Int32 = 0
        for f in used { slots[Int(f)] = j; j += 1 }
        packed.update(repeating: 0, count: n * m)
        nonZeros.offsets.withUnsafeBufferPointer { offsets in
            nonZeros.columns.withUnsafeBufferPointer { columns in
                nonZeros.values.withUnsafeBufferPointer { values in
                    for i in 0..<n {
                        let row = packed + i * m
                        for e in offsets[from + i]..<offsets[from + i + 1] {
                            let slot = Int(slots[Int(columns[e])])
                            assert(slot >= 0 && slot < m && used[used.startIndex + slot] == columns[e], "a row's column is not among its block's")
                            row[slot] = values[e]
                        }
                    }
                }
            }
        }
    }
}
