import Foundation
import Testing
@testable import ChainMatch

/// The debug-only invariant checks are on in the test build, and hold through real work.
@Suite struct InvariantTests {
    @Test func checksRunInTheTestBuild() {
        #expect(Invariants.enabled)
    }

    @Test func candidateScreenKeepsItsInvariantsThroughCompactions() {
        var rng = SplitMix64(seed: 42)
        let screen = CandidateScreen(campaigns: 2, k: 5, slack: [0.25, 0])
        for i in 0..<5_000 {
            for c in 0..<2 {
                let score = Float(rng.nextDouble() * 100).rounded()   // many ties
                if score >= screen.thresholds[c] { screen.append(ScoredItem(index: i, score: score), to: c) }
                #expect(screen.checkInvariants(c))
            }
        }
        for c in 0..<2 {
            let kept = screen.finish(c)
            #expect(screen.checkInvariants(c) && kept.count >= 5)
        }
    }

    @Test func topKHeapStaysOrdered() {
        var rng = SplitMix64(seed: 7)
        var a = TopK(k: 16), b = TopK(k: 16)
        for i in 0..<2_000 {
            a.offer(ScoredItem(index: i, score: Float(rng.nextDouble())))
            b.offer(ScoredItem(index: 10_000 + i, score: Float(rng.nextDouble())))
            #expect(a.checkInvariants())
        }
        a.merge(b)
        #expect(a.checkInvariants() && a.count == 16)
    }
}
