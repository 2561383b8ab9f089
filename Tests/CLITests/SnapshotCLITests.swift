import Foundation
import Testing

@Suite struct SnapshotCLITests {
    /// The interactive commands read the load snapshot once it is written, say so with --verbose, and
    /// print byte for byte what a full load prints; --no-snapshot and CHAINMATCH_SNAPSHOT=0 skip it.
    @Test func rankReadsTheSnapshotAndPrintsTheSame() throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("chainmatch-cli-snapshot-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        let env = ["CHAINMATCH_CACHE": cache.path]
        let rank = ["rank", "--campaign", "yn-kunming-biomedicine", "--format", "csv", "--verbose"]
        let first = try runCLI(rank, environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("no snapshot yet") && first.stderr.contains("wrote"), "\(first.stderr)")
        let second = try runCLI(rank, environment: env)
        #expect(second.stderr.contains("snapshot current"), "\(second.stderr)")
        #expect(second.stdout == first.stdout)
        let full = try runCLI(rank + ["--no-snapshot"], environment: env)
        #expect(!full.stderr.contains("snapshot"), "\(full.stderr)")
        #expect(full.stdout == first.stdout)
        let off = try runCLI(rank, environment: env.merging(["CHAINMATCH_SNAPSHOT": "0"]) { $1 })
        #expect(!off.stderr.contains("snapshot"), "\(off.stderr)")
        #expect(off.stdout == first.stdout)
        let explain = try runCLI(["explain", "--campaign", "yn-kunming-biomedicine", "--enterprise", "SH688271", "--verbose"], environment: env)
        #expect(explain.status == 0 && explain.stderr.contains("snapshot current"), "\(explain.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasPrefix("snapshot-") }.count == 1)
    }
}
