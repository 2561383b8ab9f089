/// Each row's non-zero columns, ascending, flat (compressed sparse rows without the values): what ordering
/// and blocking rows by pattern needs, found in one pass over the dense rows on both cores.
///
/// ```swift
/// let nz = NonZeroColumns(rows: x, rowCount: 3, featureCount: 4)   // rows [0 1 0 2], [0 0 0 0], [5 0 0 0]
/// nz.row(0)   // [1, 3]
/// nz.row(1)   // []
/// ```
///
/// A column counts as non-zero where `x != 0` (so NaN does and −0 does not), as everywhere in the scorer.
struct NonZeroColumns {
    /// Row `r`'s columns are `columns[offsets[r]..<offsets[r + 1]]`.
    let offsets: [Int]
    let columns: [Int32]

    var rowCount: Int { offsets.count - 1 }

    func row(_ r: Int) -> ArraySlice<Int32> { columns[offsets[r]..<offsets[r + 1]] }

    init(rows: UnsafeBufferPointer<Float>, rowCount: Int, featureCount: Int) {
        let halves = rowCount >= 4096 ? 2 : 1
        let parts = Parallel.map(Array(0..<halves), grain: 1) { h in
            Self.scan(rows, from: rowCount * h / halves, to: rowCount * (h + 1) / halves, featureCount: featureCount)
        }
        var offsets = [0], columns: [Int32] = []
        offsets.reserveCapacity(rowCount + 1)
        columns.reserveCapacity(parts.reduce(0) { $0 + $1.columns.count })
        for part in parts {
            let base = columns.count
            offsets += part.ends.map { $0 + base }
            columns += part.columns
        }
        (self.offsets, self.columns) = (offsets, columns)
    }

    /// Rows `from..<to`: their columns, and where each row's list ends.
    private static func scan(_ rows: UnsafeBufferPointer<Float>, from: Int, to: Int, featureCount: Int) -> (ends: [Int], columns: [Int32]) {
        var ends: [Int] = [], columns: [Int32] = []
        ends.reserveCapacity(to - from)
        for r in from..<to {
            let x = rows.baseAddress! + r * featureCount
            var f = 0
            while f + 16 <= featureCount {   // sixteen at a time: most runs of sixteen are all zeros
                let v = UnsafeRawPointer(x + f).loadUnaligned(as: SIMD16<Float>.self)
                if any(v .!= SIMD16<Float>(repeating: 0)) {
                    for j in 0..<16 where v[j] != 0 { columns.append(Int32(f + j)) }
                }
                f += 16
            }
            while f < featureCount {
                if x[f] != 0 { columns.append(Int32(f)) }
                f += 1
            }
            ends.append(columns.count)
        }
        return (ends, columns)
    }
}
