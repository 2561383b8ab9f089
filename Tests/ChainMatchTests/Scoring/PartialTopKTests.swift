import Foundation
import Testing
@testable import ChainMatch

/// The rows `range` of a problem's masks, as the masks a shard scores with.
func sliceMasks(_ masks: ConstraintMasks, _ range: Range<Int>) -> ConstraintMasks {
    ConstraintMasks(needs: masks.needs.slice(range), limits: masks.limits)
}

/// Scores shard `shard` of the problem the way a batch process does: its rows straight from the matrix.
func scoreShard(_ x: Matrix, _ w: Matrix, _ masks: ConstraintMasks, k: Int, shard: ShardSpec, digest: String) throws -> PartialTopK {
    let range = shard.rowRange(totalRows: x.rows)
    let tops = try x.storage.withUnsafeBufferPointer { all in
        try BlockedScorer(k: k, blockRows: 64).rank(
            rows: UnsafeBufferPointer(rebasing: all[(range.lowerBound * x.columns)..<(range.upperBound * x.columns)]),
            rowCount: range.count, featureCount: x.columns, weights: w,
            masks: sliceMasks(masks, range), indexOffset: range.lowerBound)
    }
    return try PartialTopK(inputDigest: digest, campaignIDs: (0..<w.columns).map { "c\($0)" }, k: k,
                           shard: shard, totalRows: x.rows, tops: tops)
}

@Suite struct PartialTopKTests {
    @Test func roundTripIsBitExact() throws {
        let items: [[ScoredItem]] = [
            [ScoredItem(index: 5, score: .infinity), ScoredItem(index: 6, score: 1.5), ScoredItem(index: 4, score: -0.0)],
            [],
            [ScoredItem(index: 7, score: Float(bitPattern: 0x0000_0001)), ScoredItem(index: 4, score: -.infinity)],
        ]
        let part = try PartialTopK(inputDigest: "sha256:abc", campaignIDs: ["青海锂电", "", "c,2"], k: 3,
                                   shard: ShardSpec(index: 1, count: 3), totalRows: 12, items: items)
        let back = try PartialTopK.decode(part.encoded(), file: "x.ptk")
        #expect(back == part)
        #expect(back.items.flatMap { $0 }.map(\.score.bitPattern) == items.flatMap { $0 }.map(\.score.bitPattern))
        #expect(back.rowRange == 4..<8)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("p.ptk").path
        try part.write(to: path)
        #expect(try PartialTopK.read(from: path) == part)
    }

    @Test func mergeEqualsASingleRun() throws {
        let (x, w, masks) = randomProblem(enterprises: 400, features: 10, campaigns: 21, seed: 77)
        let (xi, wi, masksi) = randomProblem(enterprises: 150, features: 4, campaigns: 6, seed: 78, integers: true)  // heavy ties
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (x, w, masks, k) in [(x, w, masks, 12), (xi, wi, masksi, 9)] {
            let whole = try BlockedScorer(k: k, blockRows: 100).rank(features: x, weights: w, masks: masks).map { $0.sorted() }
            for n in [1, 2, 3, 7, x.rows + 5] {
                var paths: [String] = []
                for i in (0..<n).reversed() {   // any order
                    let part = try scoreShard(x, w, masks, k: k, shard: ShardSpec(index: i, count: n), digest: "d")
                    let path = dir.appendingPathComponent("part-\(i)-of-\(n).ptk").path
                    try part.write(to: path)
                    paths.append(path)
                }
                #expect(try PartialTopK.merge(files: paths).map { $0.sorted() } == whole, "n=\(n)")
            }
        }
    }

    @Test func emptyInputMerges() throws {
        let x = Matrix(rows: 0, columns: 3), w = randomMatrix(rows: 3, columns: 2, seed: 1)
        let parts = try (0..<3).map { try scoreShard(x, w, ConstraintMasks(needs: EnterpriseNeeds(count: 0), limits: [.init(), .init()]),
                                                     k: 4, shard: ShardSpec(index: $0, count: 3), digest: "d") }
        #expect(try PartialTopK.merge(parts).map { $0.count } == [0, 0])
    }

    /// Four good shards of a small problem, written to files.
    func shards(in dir: URL, n: Int = 4, digest: String = "d", k: Int = 5, campaigns: Int = 3, rows: Int = 40) throws -> [String] {
        let (x, w, masks) = randomProblem(enterprises: rows, features: 5, campaigns: campaigns, seed: 9)
        return try (0..<n).map { i in
            let path = dir.appendingPathComponent("\(digest)-k\(k)-c\(campaigns)-r\(rows)-part\(i)of\(n).ptk").path
            try scoreShard(x, w, masks, k: k, shard: ShardSpec(index: i, count: n), digest: digest).write(to: path)
            return path
        }
    }

    func expectRejection(_ files: [String], naming offender: String, containing words: String, code: Int32 = 65) {
        do {
            _ = try PartialTopK.merge(files: files)
            Issue.record("merged: \(words)")
        } catch let error as ChainMatchError {
            #expect(error.description.contains(offender), "\(error)")
            #expect(error.description.contains(words), "\(error)")
            #expect(error.exitCode == code, "\(error)")
        } catch { Issue.record("\(error)") }
    }

    @Test func rejectsOverlappingMissingAndMismatchedShards() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = try shards(in: dir)
        #expect(try PartialTopK.merge(files: good).count == 3)
        expectRejection(good + [good[2]], naming: good[2], containing: "counted twice")
        expectRejection([good[0], good[1], good[3]], naming: "shard 2/4", containing: "missing", code: 66)
        expectRejection([good[0], good[1], good[2], try shards(in: dir, digest: "other")[3]], naming: "other", containing: "other inputs")
        expectRejection([good[0], good[1], good[2], try shards(in: dir, k: 6)[3]], naming: "k6", containing: "k = 6")
        expectRejection([good[0], good[1], good[2], try shards(in: dir, campaigns: 4)[3]], naming: "c4", containing: "campaigns differ")
        expectRejection([good[0], good[1], good[2], try shards(in: dir, rows: 41)[3]], naming: "r41", containing: "enterprises")
        expectRejection(good + [try shards(in: dir, n: 5)[4]], naming: "part4of5", containing: "shard counts differ")
        expectRejection([], naming: "partial results", containing: "no partial", code: 66)
        // Overlap across different splittings (0/2 covers 1/4's rows) is refused too.
        expectRejection([try shards(in: dir, n: 2)[0], good[1]], naming: "part1of4", containing: "shard counts differ")
    }

    @Test func rejectsDamagedFilesNamingThem() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = try shards(in: dir)
        let size = try Data(contentsOf: URL(fileURLWithPath: good[1])).count
        for offset in [20, 70, size / 2, size - 1] {
            try flipByte(at: offset, in: good[1])
            expectRejection(good, naming: good[1], containing: "checksum mismatch")
            try flipByte(at: offset, in: good[1])
        }
        try FileHandle(forWritingTo: URL(fileURLWithPath: good[1])).truncate(atOffset: UInt64(size - 3))
        expectRejection(good, naming: good[1], containing: "truncated or corrupt")
        try FileHandle(forWritingTo: URL(fileURLWithPath: good[1])).truncate(atOffset: 3)
        expectRejection(good, naming: good[1], containing: "not a partial top-k file")
        try flipByte(at: 0, in: good[2])
        expectRejection([good[0], good[2]], naming: good[2], containing: "bad magic")
        expectRejection([good[0], dir.appendingPathComponent("nope.ptk").path], naming: "nope.ptk", containing: "cannot read", code: 66)
    }

    @Test func constructionChecksItems() {
        let shard = try! ShardSpec(index: 0, count: 2)
        #expect(throws: ChainMatchError.self) {   // row 7 belongs to shard 1/2 of 10
            try PartialTopK(inputDigest: "", campaignIDs: ["a"], k: 2, shard: shard, totalRows: 10, items: [[ScoredItem(index: 7, score: 1)]])
        }
        #expect(throws: ChainMatchError.self) {   // more than k
            try PartialTopK(inputDigest: "", campaignIDs: ["a"], k: 1, shard: shard, totalRows: 10,
                            items: [[ScoredItem(index: 1, score: 1), ScoredItem(index: 2, score: 1)]])
        }
        #expect(throws: ChainMatchError.self) {   // a row twice
            try PartialTopK(inputDigest: "", campaignIDs: ["a"], k: 2, shard: shard, totalRows: 10,
                            items: [[ScoredItem(index: 1, score: 1), ScoredItem(index: 1, score: 2)]])
        }
        #expect(throws: ChainMatchError.self) {   // lists ≠ campaigns
            try PartialTopK(inputDigest: "", campaignIDs: ["a", "b"], k: 2, shard: shard, totalRows: 10, items: [[]])
        }
    }
}
