import Foundation
import Testing
@testable import ChainMatch

/// A list from ids in rank order; scores count down from 1.
func ranked(_ ids: [String]) -> [RankedEntry] {
    ids.enumerated().map { RankedEntry(id: $0.element, rank: $0.offset + 1, score: 1 - Float($0.offset) / 100) }
}

@Suite struct RunDiffTests {
    @Test func docExample() throws {
        let old = [RankedEntry(id: "A", rank: 1, score: 0.9), RankedEntry(id: "B", rank: 2, score: 0.8)]
        let new = [RankedEntry(id: "B", rank: 1, score: 0.95), RankedEntry(id: "C", rank: 2, score: 0.7)]
        let d = try RunDiff(old: old, new: new)
        #expect(d.entered == [RankedEntry(id: "C", rank: 2, score: 0.7)])
        #expect(d.left == [RankedEntry(id: "A", rank: 1, score: 0.9)])
        #expect(d.moved == [RunDiff.Move(id: "B", oldRank: 2, newRank: 1, oldScore: 0.8, newScore: 0.95)])
        #expect(d.moved[0].placesGained == 1)
        #expect(d.unchanged == 0 && !d.isEmpty)
    }

    @Test func handMadeLists() throws {
        let old = ranked(["宁德时代", "比亚迪", "隆基", "通威", "天齐", "赣锋"])
        let new = ranked(["比亚迪", "宁德时代", "隆基", "亿纬", "赣锋", "国轩", "通威"])
        let d = try RunDiff(old: old, new: new)
        #expect(d.entered.map(\.id) == ["亿纬", "国轩"])
        #expect(d.entered.map(\.rank) == [4, 6])
        #expect(d.left.map(\.id) == ["天齐"])
        #expect(d.left.map(\.rank) == [5])
        #expect(d.moved.map(\.id) == ["比亚迪", "宁德时代", "赣锋", "通威"])
        #expect(d.moved.map { [$0.oldRank, $0.newRank] } == [[2, 1], [1, 2], [6, 5], [4, 7]])
        #expect(d.moved.map(\.placesGained) == [1, -1, 1, -3])
        #expect(d.unchanged == 1)   // 隆基 stays third
    }

    @Test func identicalListsAreEmptyDiffsEvenIfScoresChange() throws {
        let old = ranked(["a", "b", "c"])
        var new = old
        new[1].score = 0.1
        let d = try RunDiff(old: old, new: new)
        #expect(d.isEmpty && d.unchanged == 3)
        #expect(try RunDiff(old: [], new: []).isEmpty)
    }

    @Test func orderIsDeterministicWhateverTheInputOrder() throws {
        // Ties in rank (shared ranks) break by id; input order does not matter.
        let old = [RankedEntry(id: "x", rank: 1, score: 1), RankedEntry(id: "q", rank: 3, score: 0), RankedEntry(id: "p", rank: 3, score: 0)]
        let new = [RankedEntry(id: "z", rank: 2, score: 1), RankedEntry(id: "y", rank: 2, score: 1), RankedEntry(id: "x", rank: 4, score: 0)]
        let a = try RunDiff(old: old, new: new)
        let b = try RunDiff(old: old.reversed(), new: new.reversed())
        #expect(a == b)
        #expect(a.entered.map(\.id) == ["y", "z"])
        #expect(a.left.map(\.id) == ["p", "q"])
    }

    @Test func duplicateIdsAreBadData() {
        #expect(throws: ChainMatchError.badData(SourceLocation(file: "campaign 7 (new)"), "enterprise 'a' is ranked twice (ranks 1 and 3)")) {
            try RunDiff(old: [], new: ranked(["a", "b", "a"]), label: "campaign 7")
        }
    }

    @Test func wholeRunsCampaignByCampaign() throws {
        let old = ["c2": ranked(["a", "b"]), "c1": ranked(["a"]), "gone": ranked(["g"])]
        let new = ["c2": ranked(["b", "a"]), "c1": ranked(["a"]), "new": ranked(["n", "m"])]
        let diffs = try RunDiff.campaigns(old: old, new: new)
        #expect(diffs.map(\.id) == ["c1", "c2", "gone", "new"])
        #expect(diffs.map(\.presence) == [.both, .both, .removed, .added])
        #expect(diffs[0].diff.isEmpty)
        #expect(diffs[1].diff.moved.count == 2)
        #expect(diffs[2].diff.left.map(\.id) == ["g"])
        #expect(diffs[3].diff.entered.map(\.id) == ["n", "m"])
    }

    @Test func encodesAsJSONForPrograms() throws {
        let diffs = try RunDiff.campaigns(old: ["c": ranked(["a", "b"])], new: ["c": ranked(["b", "x"])])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(diffs)
        #expect(try JSONDecoder().decode([RunDiff.Campaign].self, from: data) == diffs)
        #expect(try encoder.encode(diffs) == data)   // same diff, same bytes
    }
}
