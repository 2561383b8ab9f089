import Testing
@testable import ChainMatch

@Suite struct TopKTests {
    @Test func keepsBestWithIndexTieBreak() {
        var top = TopK(k: 3)
        let scores: [Float] = [0.5, 0.9, 0.5, 0.7, 0.5, 0.9]
        for (i, s) in scores.enumerated() { top.offer(ScoredItem(index: i, score: s)) }
        #expect(top.sorted() == [ScoredItem(index: 1, score: 0.9), ScoredItem(index: 5, score: 0.9), ScoredItem(index: 3, score: 0.7)])
        #expect(top.threshold == 0.7)
        #expect(top.checkInvariants())
    }

    @Test func zeroKKeepsNothingAndNaNNeverEnters() {
        var none = TopK(k: 0)
        let kept = none.offer(ScoredItem(index: 0, score: 1))
        #expect(!kept)
        #expect(none.sorted().isEmpty)
        var top = TopK(k: 2)
        top.offer(ScoredItem(index: 0, score: .nan))
        top.offer(ScoredItem(index: 1, score: -.infinity))
        #expect(top.sorted() == [ScoredItem(index: 1, score: -.infinity)])
    }

    @Test func arrivalOrderDoesNotMatter() {
        var rng = SplitMix64(seed: 11)
        let items = (0..<500).map { ScoredItem(index: $0, score: Float(Int(rng.next() % 20))) }  // heavy ties
        var forward = TopK(k: 37), backward = TopK(k: 37)
        for item in items { forward.offer(item) }
        for item in items.reversed() { backward.offer(item) }
        #expect(forward.sorted() == backward.sorted())
        #expect(forward.sorted() == Array(items.sorted(by: ScoredItem.ranksBefore).prefix(37)))
    }

    @Test func mergeIsTheSameAsOneHeap() {
        var rng = SplitMix64(seed: 12)
        let items = (0..<1000).map { ScoredItem(index: $0, score: rng.nextFloat()) }
        var whole = TopK(k: 25)
        for item in items { whole.offer(item) }
        var parts = (0..<4).map { _ in TopK(k: 25) }
        for (i, item) in items.enumerated() { parts[i % 4].offer(item) }
        var merged = TopK(k: 25)
        for part in parts.reversed() { merged.merge(part) }
        #expect(merged.sorted() == whole.sorted())
    }
}
