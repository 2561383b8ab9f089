import Foundation
@testable import ChainMatch

/// A problem exported as `BatchBenchmark.export` writes one, small enough to check by hand.
///
/// 40 rows × 6 features (about half zeros) × 5 columns, k = 4, blocks of 16 rows; three mask groups:
/// every row, the even rows, and rows 1, 5 and 9 only (fewer than k). References by brute force.
///
/// ```swift
/// let export = try TinyPeerExport(folder: dir.path)   // then: python3 peers.py DIR 2
/// ```
struct TinyPeerExport {
    let folder: String
    let x: Matrix, w: Matrix
    let groups: [Int] = [0, 1, 2, 1, 0]
    let allowed: [[Int]]
    var nonZeros: Int { x.storage.withUnsafeBufferPointer { ArithmeticFloor.nonZeros(in: $0) } }

    init(folder: String) throws {
        self.folder = folder
        var rng = SplitMix64(seed: 7)
        x = Matrix(rows: 40, columns: 6, storage: (0..<240).map { _ in rng.nextDouble() < 0.5 ? 0 : rng.nextFloat() })
        w = Matrix(rows: 6, columns: 5, storage: (0..<30).map { _ in rng.nextFloat() * 2 - 1 })
        allowed = [Array(0..<40), Array(stride(from: 0, to: 40, by: 2)), [1, 5, 9]]
        try FeatureStore.write(features: x, sourceDigest: SHA256.digest("tiny").hex, to: folder + "/tiny.store")
        var queries = [Float](repeating: 0, count: 30)
        for c in 0..<5 { for f in 0..<6 { queries[c * 6 + f] = w[f, c] } }
        try NumpyFile.write(queries, shape: [5, 6], to: folder + "/queries.npy")
        try NumpyFile.write(groups.map(Int64.init), shape: [5], to: folder + "/groups.npy")
        for (g, rows) in allowed.enumerated() { try NumpyFile.write(rows.map(Int64.init), shape: [rows.count], to: folder + "/allowed_\(g).npy") }
        try BatchBenchmark.writeLists(top(masked: false), k: 4, to: folder + "/chainmatch_unmasked")
        try writeMasked(shiftingKth: nil, by: 0)
        let meta: [String: Any] = ["store": folder + "/tiny.store", "offset": FeatureStore.headerSize, "rows": 40, "features": 6,
                                   "columns": 5, "k": 4, "groups": 3, "block_rows": 16]
        try AtomicFile.write(try JSONSerialization.data(withJSONObject: meta), to: folder + "/meta.json")
    }

    /// Each column's exact top 4 (scores summed in Double, rounded to Float), best first.
    func top(masked: Bool) -> [[ScoredItem]] {
        (0..<5).map { c in
            let rows = masked ? allowed[groups[c]] : Array(0..<40)
            let scored = rows.map { r in ScoredItem(index: r, score: Float((0..<6).reduce(0.0) { $0 + Double(x[r, $1]) * Double(w[$1, c]) })) }
            return Array(scored.sorted(by: ScoredItem.ranksBefore).prefix(4))
        }
    }

    func writeMasked(shiftingKth column: Int?, by shift: Float) throws {
        var lists = top(masked: true)
        if let column { lists[column][lists[column].count - 1].score += shift }
        try BatchBenchmark.writeLists(lists, k: 4, to: folder + "/chainmatch")
    }
}
