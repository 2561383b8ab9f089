import Foundation
import Testing
@testable import ChainMatch

@Suite struct BlockPlanCacheTests {
    /// The plan is kept beside the store and read back equal; another digest, shape or block size, or a
    /// damaged file, makes it again; and a scorer given the kept plan ranks exactly as one that makes its own.
    @Test func keptPlansMatchFreshOnesAndScoreAlike() throws {
        let folder = temporaryFolder("plan")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (x, w, masks) = sparseProblem(enterprises: 3000, features: 66, campaigns: 40, seed: 12)
        let cache = BlockPlanCache(storePath: folder + "/e.store", sourceDigest: "sha256:a")
        try x.storage.withUnsafeBufferPointer { rows in
            let (fresh, kept0) = cache.plan(rows: rows, rowCount: 3000, featureCount: 66, blockRows: 64)
            #expect(!kept0)
            let (again, kept1) = cache.plan(rows: rows, rowCount: 3000, featureCount: 66, blockRows: 64)
            #expect(kept1 && again == fresh)
            #expect(!BlockPlanCache(storePath: folder + "/e.store", sourceDigest: "sha256:b").plan(rows: rows, rowCount: 3000, featureCount: 66, blockRows: 64).kept)
            #expect(!cache.plan(rows: rows, rowCount: 3000, featureCount: 66, blockRows: 32).kept)
            _ = cache.plan(rows: rows, rowCount: 3000, featureCount: 66, blockRows: 64)
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: cache.path)))
            bytes[bytes.count / 2] ^= 1
            try Data(bytes).write(to: URL(fileURLWithPath: cache.path))
            let (remade, kept2) = cache.plan(rows: rows, rowCount: 3000, featureCount: 66, blockRows: 64)
            #expect(!kept2 && remade == fresh)

            let scorer = BlockedScorer(k: 12, blockRows: 500, threads: 2)
            let own = try scorer.rank(rows: rows, rowCount: 3000, featureCount: 66, weights: w, masks: masks).map { $0.sorted() }
            let given = try scorer.rank(rows: rows, rowCount: 3000, featureCount: 66, weights: w, masks: masks, plan: fresh).map { $0.sorted() }
            #expect(own == given)
            #expect(own == (try bruteForceTop(features: x, weights: w, k: 12, masks: masks)))
        }
    }
}
