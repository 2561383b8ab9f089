import Foundation

/// The exact score every list reports: one fixed order of multiply-adds, the same on every CPU and build.
extension BlockedScorer {
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
}
