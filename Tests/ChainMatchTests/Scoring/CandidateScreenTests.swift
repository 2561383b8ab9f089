import Testing
@testable import ChainMatch

@Suite struct CandidateScreenTests {
    @Test(arguments: [1, 2, 7, 50, 333, 1000])
    func kthLargestEqualsASort(count: Int) {
        var rng = SplitMix64(seed: UInt64(count))
        for distinct in [2, 5, 1_000_000] {   // heavy ties, some ties, almost none
            let values = (0..<count).map { _ in Float(Int(rng.next() % UInt64(distinct))) - 3 }
            let sorted = values.sorted(by: >)
            for k in Set([1, 2, count / 2, count - 1, count]) where k >= 1 && k <= count {
                var scratch = values
                let kth = scratch.withUnsafeMutableBufferPointer { CandidateScreen.kthLargest($0.baseAddress!, count: count, k: k) }
                #expect(kth == sorted[k - 1], "count \(count), k \(k), distinct \(distinct)")
                #expect(scratch.sorted() == values.sorted(), "selection only reorders")
            }
        }
    }

    @Test func handCheckedExample() {
        let screen = CandidateScreen(campaigns: 1, k: 2, slack: [0.5])
        for (i, s) in [3, 9, 1, 8, 7.8].enumerated() where Float(s) >= screen.thresholds[0] {
            screen.append(ScoredItem(index: i, score: Float(s)), to: 0)
        }
        let kept = screen.finish(0).sorted(by: ScoredItem.ranksBefore)
        #expect(kept.map(\.index) == [1, 3, 4])
        #expect(screen.thresholds[0] == 7.5)
    }

    /// The screen keeps exactly the items within the slack of the k-th best, for any arrival order,
    /// including runs of equal scores far longer than its initial list.
    @Test(arguments: [(1, Float(0)), (5, 0.25), (50, 0), (50, 3), (250, 0.01)])
    func keepsExactlyThoseWithinTheSlack(k: Int, slack: Float) {
        var rng = SplitMix64(seed: UInt64(k) &* 31 &+ UInt64(slack.bitPattern))
        for distinct in [3, 40, 100_000] {
            let items = (0..<5_000).map { ScoredItem(index: $0, score: Float(Int(rng.next() % UInt64(distinct))) / 4) }
            let kth = items.map(\.score).sorted(by: >)[k - 1]
            let expected = Set(items.filter { $0.score >= kth - slack })
            let screen = CandidateScreen(campaigns: 2, k: k, slack: [slack, slack])
            for (c, order) in [items, items.reversed()].enumerated() {
                for item in order where item.score >= screen.thresholds[c] { screen.append(item, to: c) }
                #expect(Set(screen.finish(c)) == expected, "k \(k), slack \(slack), distinct \(distinct), order \(c)")
                #expect(screen.thresholds[c] == kth - slack)
            }
        }
    }

    @Test func wideningTheSlackLowersTheThresholdAndKeepsWhatFallsWithinIt() {
        let screen = CandidateScreen(campaigns: 1, k: 2, slack: [0.5])
        for (i, s) in [10, 9, 8.6, 8.4].enumerated() where Float(s) >= screen.thresholds[0] {
            screen.append(ScoredItem(index: i, score: Float(s)), to: 0)
        }
        screen.compact(0)
        #expect(screen.thresholds[0] == 8.5)
        screen.widenSlack(0, to: 2)
        #expect(screen.thresholds[0] == 7)
        screen.widenSlack(0, to: 1)   // never narrows
        #expect(screen.thresholds[0] == 7)
        for (i, s) in [7.5, 6.9].enumerated() where Float(s) >= screen.thresholds[0] {
            screen.append(ScoredItem(index: 10 + i, score: Float(s)), to: 0)
        }
        // 8.4 was dropped under the narrower slack; 7.5 arrived under the wider one.
        #expect(Set(screen.finish(0).map(\.index)) == [0, 1, 2, 10])
    }

    @Test func fewerThanKKeepsEverything() {
        let screen = CandidateScreen(campaigns: 1, k: 10, slack: [0])
        for i in 0..<4 { screen.append(ScoredItem(index: i, score: Float(i)), to: 0) }
        #expect(screen.finish(0).count == 4)
        #expect(screen.thresholds[0] == -.infinity)
    }
}
