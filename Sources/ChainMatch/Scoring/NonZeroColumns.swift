import Foundation

/// Each row's non-zero columns, ascending, flat (compressed sparse rows, with the values when asked): what
/// ordering and blocking rows by pattern needs, found in one pass over the dense rows on both cores.
///
/// ```swift
/// let nz = NonZeroColumns(rows: x, rowCount: 3, featureCount: 4)   // rows [0 1 0 2], [0 0 0 0], [5 0 0 0]
/// nz.row(0)   // [1, 3]
/// nz.row(1)   // []
/// ```
///
/// With `keepValues` the pass also keeps each non-zero's value (`values[e]` is `columns[e]`'s), so a scorer can
/// gather a row's few entries from a line or two instead of reading its whole dense row.
///
/// A column counts as non-zero where `x != 0` (so NaN does and −0 does not), as everywhere in the scorer.
struct NonZeroColumns {
    /// Row `r`'s columns are `columns[offsets[r]..<offsets[r + 1]]`.
    let offsets: [Int]
    let columns: [Int32]
    /// The value of each entry of `columns`, or empty when the values were not kept.
    let values: [Float]

    var rowCount: Int { offsets.count - 1 }

    func row(_ r: Int) -> ArraySlice<Int32> { columns[offsets[r]..<offsets[r + 1]] }

    /// `expectedPerRow` (non-zeros a row is thought to have) sizes the lists up front.
    init(rows: UnsafeBufferPointer<Float>, rowCount: Int, featureCount: Int, keepValues: Bool = false, expectedPerRow: Double = 0) {
        let halves = rowCount >= 4096 ? 2 : 1
        let parts = Parallel.map(Array(0..<halves), grain: 1) { h in
            let (from, to) = (rowCount * h / halves, rowCount * (h + 1) / halves)
            let reserve = Int(min(Double(featureCount), max(0, expectedPerRow) * 1.125) * Double(to - from))
            return Self.scan(rows, from: from, to: to, featureCount: featureCount, keepValues: keepValues, reserve: reserve)
        }
        var offsets = [0], columns: [Int32] = [], values: [Float] = []
        offsets.reserveCapacity(rowCount + 1)
        columns.reserveCapacity(parts.reduce(0) { $0 + $1.columns.count })
        values.reserveCapacity(keepValues ? columns.capacity : 0)
        for part in parts {
            let base = columns.count
            offsets += part.ends.map { $0 + base }
            columns += part.columns
            values += part.values
        }
        (self.offsets, self.columns, self.values) = (offsets, columns, values)
    }

    private init(offsets: [Int], columns: [Int32], values: [Float]) {
        (self.offsets, self.columns, self.values) = (offsets, columns, values)
    }

    /// The same lists with row `p` of the result being row `order[p]` of these (a permutation of the rows), copied
    /// on both cores: a pass in that order then reads them front to back.
    ///
    /// ```swift
    /// nz.permuted(by: [2, 0, 1]).row(0)   // nz.row(2)
    /// ```
    func permuted(by order: [Int32]) -> NonZeroColumns {
        precondition(order.count == rowCount, "a permutation of the rows")
        var offsets = [Int](repeating: 0, count: rowCount + 1)
        for p in 0..<rowCount {
            let r = Int(order[p])
            offsets[p + 1] = offsets[p] + (self.offsets[r + 1] - self.offsets[r])
        }
        let total = offsets[rowCount], keep = !values.isEmpty
        var columns = [Int32](repeating: 0, count: total), values = [Float](repeating: 0, count: keep ? total : 0)
        let halves = rowCount >= 4096 ? 2 : 1
        self.offsets.withUnsafeBufferPointer { from in
            self.columns.withUnsafeBufferPointer { fromColumns in
                self.values.withUnsafeBufferPointer { fromValues in
                    offsets.withUnsafeBufferPointer { to in
                        columns.withUnsafeMutableBufferPointer { toColumns in
                            values.withUnsafeMutableBufferPointer { toValues in
                                let (c, v) = (toColumns.baseAddress, toValues.baseAddress)
                                DispatchQueue.concurrentPerform(iterations: halves) { h in
                                    for p in rowCount * h / halves..<rowCount * (h + 1) / halves {
                                        let r = Int(order[p]), (start, end) = (from[r], from[r + 1])
                                        for e in start..<end { c![to[p] + e - start] = fromColumns[e] }
                                        if keep { for e in start..<end { v![to[p] + e - start] = fromValues[e] } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return NonZeroColumns(offsets: offsets, columns: columns, values: values)
    }

    /// Rows `from..<to`: their columns (and values), and where each row's list ends.
    private static func scan(_ rows: UnsafeBufferPointer<Float>, from: Int, to: Int, featureCount: Int,
                             keepValues: Bool, reserve: Int) -> (ends: [Int], columns: [Int32], values: [Float]) {
        var ends: [Int] = [], columns: [Int32] = [], values: [Float] = []
        ends.reserveCapacity(to - from)
        columns.reserveCapacity(reserve)
        values.reserveCapacity(keepValues ? reserve : 0)
        for r in from..<to {
            let x = rows.baseAddress! + r * featureCount
            var f = 0
            while f + 16 <= featureCount {   // sixteen at a time: most runs of sixteen are all zeros
                let v = UnsafeRawPointer(x + f).loadUnaligned(as: SIMD16<Float>.self)
                if any(v .!= SIMD16<Float>(repeating: 0)) {
                    for j in 0..<16 where v[j] != 0 {
                        columns.append(Int32(f + j))
                        if keepValues { values.append(v[j]) }
                    }
                }
                f += 16
            }
            while f < featureCount {
                if x[f] != 0 {
                    columns.append(Int32(f))
                    if keepValues { values.append(x[f]) }
                }
                f += 1
            }
            ends.append(columns.count)
        }
        return (ends, columns, values)
    }
}
