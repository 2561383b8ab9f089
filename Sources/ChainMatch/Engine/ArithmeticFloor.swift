/// The arithmetic a product needs when zeros are skipped, and what it would cost at a dense sgemm's speed.
///
/// ```swift
/// let x: [Float] = [1, 0, 0, 2, -0.0, 3]                       // 2 rows × 3 features
/// let nonZeros = x.withUnsafeBufferPointer { ArithmeticFloor.nonZeros(in: $0) }   // 3
/// let floor = ArithmeticFloor(rows: 2, features: 3, columns: 4, nonZeros: nonZeros)
/// floor.usefulFlops                   // 2 × 3 × 4 = 24, of 2 × 2 × 3 × 4 = 48 dense
/// floor.seconds(sgemmSeconds: 1)      // 0.5: the useful share of the dense product's time
/// ```
///
/// Useful arithmetic is 2 × non-zeros × columns: one multiply and one add for each stored non-zero
/// feature and each weight column. The floor is the time the dense sgemm of the same shape would
/// take for just that arithmetic at its own measured speed, so it moves with the machine as the
/// sgemm does; a scorer at the floor wastes nothing on zeros but computes no faster than the sgemm.
/// Zero is `v == 0`: `-0.0` is zero, NaN is not (as NumPy's `count_nonzero` and SciPy's CSR count).
public struct ArithmeticFloor: Sendable, Equatable {
    public var rows: Int
    public var features: Int
    public var columns: Int
    public var nonZeros: Int

    public init(rows: Int, features: Int, columns: Int, nonZeros: Int) {
        self.rows = rows
        self.features = features
        self.columns = columns
        self.nonZeros = nonZeros
    }

    /// Non-zero share of the rows × features matrix (0 when it is empty).
    public var density: Double {
        rows * features == 0 ? 0 : Double(nonZeros) / (Double(rows) * Double(features))
    }

    /// 2 × rows × features × columns: what a dense sgemm computes.
    public var denseFlops: Double { 2 * Double(rows) * Double(features) * Double(columns) }

    /// 2 × non-zeros × columns: what the answer needs.
    public var usefulFlops: Double { 2 * Double(nonZeros) * Double(columns) }

    /// The useful arithmetic at the speed a dense sgemm of this shape reached in `sgemmSeconds`.
    public func seconds(sgemmSeconds: Double) -> Double {
        denseFlops == 0 ? 0 : usefulFlops / (denseFlops / sgemmSeconds)
    }

    /// How many of `values` are not zero.
    public static func nonZeros(in values: UnsafeBufferPointer<Float>) -> Int {
        var count = 0
        for v in values where v != 0 { count += 1 }
        return count
    }
}
