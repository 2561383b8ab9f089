import Foundation
import Testing
@testable import ChainMatch

@Suite struct TextAndParallelTests {
    /// Byte splitting at an ASCII separator gives what `split(separator:)` gives, on hand-written and random text.
    @Test func asciiPartsEqualCharacterSplit() {
        let cases = ["", ";", ";;", "a", "a;", ";a", "HS300_;MSCI中国;;小金属概念;", "锂;钴;镍", "é;ü;ß", "🇨🇳;x;;🙂🙂", " ; "]
        for text in cases {
            #expect(text.parts(separatedBy: UInt8(ascii: ";")) == text.split(separator: ";").map(String.init), "\(text)")
        }
        var rng = SplitMix64(seed: 12)
        let alphabet: [String] = [";", "a", "Z", "锂", "中国", "_", " ", "é", "🙂", ";"]
        for _ in 0..<500 {
            let text = (0..<Int(rng.next() % 20)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined()
            #expect(text.parts(separatedBy: UInt8(ascii: ";")) == text.split(separator: ";").map(String.init), "\(text)")
        }
    }

    /// Both closures run, each exactly once, and their results come back in place.
    @Test func bothRunsEachClosureOnce() {
        for n in [0, 1, 1000] {
            let calls = SendableCounter()
            let (a, b) = Parallel.both({ calls.add(1); return (0..<n).reduce(0, +) }, { calls.add(1000); return String(repeating: "x", count: n) })
            #expect(calls.value == 1001, "each closure once")
            #expect(a == n * max(0, n - 1) / 2)
            #expect(b.count == n)
        }
    }
}

/// Fixed-point text equals `%.Nf` on hand-picked halves and edges and on random values of every scale.
@Suite struct FixedPointTests {
    @Test func handPickedValuesEqualPrintf() {
        let values: [Double] = [0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 2.345, 1.005, 0.05, 0.15, 0.25, 0.35, 9.995, 99.95,
                                999.5, 1e-300, 5e-324, -1e-12, 123456789.125, 4503599627370495.5, 9.2e18, 1e19, 1e300,
                                .infinity, -.infinity, .nan, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, 1e15 + 0.3]
        for v in values {
            for digits in 0...9 {
                #expect(FixedPoint.text(v, digits: digits) == String(format: "%.\(digits)f", v), "\(v) with \(digits) digits")
            }
        }
    }

    @Test func randomValuesEqualPrintf() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<20_000 {
            let scale = Double(Int(rng.next() % 40) - 20)
            var v = (rng.nextDouble() - 0.5) * 2 * pow(10, scale)
            if rng.next() % 4 == 0 { v = (v * 1000).rounded() / 1000 }   // decimal-looking values, near halves
            if rng.next() % 8 == 0 { v = Double(bitPattern: rng.next()) }   // any bit pattern
            let digits = Int(rng.next() % 10)
            #expect(FixedPoint.text(v, digits: digits) == String(format: "%.\(digits)f", v), "\(v) with \(digits) digits")
        }
    }
}

/// A count added to from any thread.
final class SendableCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    func add(_ n: Int) { lock.withLock { total += n } }
    var value: Int { lock.withLock { total } }
}

@Suite struct LargeZeroedArrayTests {
    /// Below, at and above the size where huge pages are asked for, and at odd lengths: every element is +0
    /// (bit pattern 0), the count is exact, and the array is an ordinary, writable one.
    @Test(arguments: [0, 1, 1_048_575, 1_048_576, 1_048_577, 3_391_984])
    func isAllPositiveZeroAndWritable(count: Int) {
        var a = LargeZeroedArray.floats(count: count)
        #expect(a.count == count)
        #expect(a.allSatisfy { $0.bitPattern == 0 })
        if count > 0 {
            a[count - 1] = 2
            #expect(a[count - 1] == 2 && a.dropLast().allSatisfy { $0.bitPattern == 0 })
        }
    }
}
