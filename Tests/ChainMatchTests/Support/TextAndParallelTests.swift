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

    /// Both closures run, each once, and their results come back in place.
    @Test func bothRunsEachClosureOnce() {
        for n in [0, 1, 1000] {
            let (a, b) = Parallel.both({ (0..<n).reduce(0, +) }, { String(repeating: "x", count: n) })
            #expect(a == n * max(0, n - 1) / 2)
            #expect(b.count == n)
        }
    }
}
