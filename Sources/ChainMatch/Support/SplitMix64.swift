/// A small, fast, seeded random number generator (SplitMix64), identical on every platform.
///
/// ```swift
/// var rng = SplitMix64(seed: 42)
/// let x = rng.nextFloat()           // in [0, 1)
/// let i = Int.random(in: 0..<10, using: &rng)
/// ```
///
/// Used wherever results must be reproducible from a seed: benchmarks, synthetic data, backtest folds.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A float uniformly in [0, 1) with 24 bits of randomness.
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// A double uniformly in [0, 1) with 53 bits of randomness.
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }
}
