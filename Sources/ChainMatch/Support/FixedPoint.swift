import Foundation

/// Fixed-point text of a number, exactly as C's `%.Nf` writes it, without going through Foundation.
///
/// ```swift
/// FixedPoint.text(2.345, digits: 2)    // "2.35": 2.345 is 2.34500000000000019… in binary
/// FixedPoint.text(0.125, digits: 2)    // "0.12": an exact half rounds to even, as printf
/// FixedPoint.text(-0.01, digits: 1)    // "-0.0"
/// ```
///
/// `String(format:)` costs a few microseconds a call on Linux, and a nightly run formats millions of
/// numbers into reasons, CSV and JSON. A double is m·2^e exactly; m·10^N fits in 128 bits for N ≤ 9, so the
/// scaled value is rounded to an integer exactly (half to even, as glibc), then written in base 10. Values
/// too large for that (over 2^63), NaN and infinities, and more than 9 digits go to `String(format:)`.
enum FixedPoint {
    static func text(_ v: Double, digits: Int) -> String {
        guard v.isFinite, digits >= 0, digits <= 9, v.magnitude < 0x1p63 else { return String(format: "%.\(digits)f", v) }
        let a = v.magnitude
        let scale = UInt128(powersOfTen[digits])
        var q: UInt128 = 0
        if a != 0 {
            let subnormal = a.exponentBitPattern == 0
            let m = UInt128(a.significandBitPattern | (subnormal ? 0 : 1 << 52))
            let shift = subnormal ? -1074 : Int(a.exponent) - 52
            let p = m * scale   // < 2^83
            if shift >= 0 {
                q = p << shift   // < 2^83 · 2^11: a is below 2^63
            } else if -shift < 128 {
                let k = -shift
                q = p >> k
                let rest = p - (q << k), half = UInt128(1) << (k - 1)
                if rest > half || (rest == half && q & 1 == 1) { q += 1 }
            }   // else a·10^N < 2^83 / 2^128: rounds to zero
        }
        let whole = q / scale, fraction = q % scale
        var out = v.sign == .minus ? "-" : ""
        out += String(whole)
        if digits > 0 {
            let f = String(fraction)
            out += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return out
    }

    private static let powersOfTen: [UInt64] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000]
}
