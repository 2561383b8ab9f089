import Foundation
import Testing
@testable import ChainMatch

@Suite struct RowIDTableTests {
    @Test func roundTripAndReadableText() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = RowIDTable.path(besideStore: dir.appendingPathComponent("f.store").path)
        #expect(path.hasSuffix("f.store.ids"))
        let ids = ["91630000MA752XXXXX", "宁德时代新能源", "id with spaces, commas", "=cmd"]
        try RowIDTable.write(ids: ids, sourceDigest: "sha256:abc", to: path)
        #expect(try RowIDTable.read(path: path, expectedSourceDigest: "sha256:abc", expectedRows: 4) == ids)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("chainmatch-row-ids 1\nsource sha256:abc\nrows 4\nxxh64 "))
        #expect(text.hasSuffix("\n91630000MA752XXXXX\n宁德时代新能源\nid with spaces, commas\n=cmd\n"))
        try RowIDTable.write(ids: [], sourceDigest: "", to: path)
        #expect(try RowIDTable.read(path: path, expectedRows: 0) == [])
    }

    @Test func refusesBadIDs() {
        for bad in ["", "a\nb", "a\r"] {
            #expect(throws: ChainMatchError.self) { try RowIDTable.write(ids: ["ok", bad], sourceDigest: "d", to: "/tmp/never-written.ids") }
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written.ids"))
    }

    @Test func damageIsReportedLikeTheStore() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("f.store.ids").path
        func reset() throws { try RowIDTable.write(ids: ["a", "b", "c"], sourceDigest: "d", to: path) }
        func reason(_ body: () throws -> Void) -> String? {
            do { try body(); return nil } catch let e as FeatureStoreError { return e.reason } catch { return "\(error)" }
        }
        #expect(reason { _ = try RowIDTable.read(path: dir.appendingPathComponent("none").path) } == "missing")
        try reset()
        #expect(reason { _ = try RowIDTable.read(path: path, expectedSourceDigest: "e") } == "stale")
        #expect(reason { _ = try RowIDTable.read(path: path, expectedRows: 4) } == "corrupt")
        let size = try Data(contentsOf: URL(fileURLWithPath: path)).count
        try FileHandle(forWritingTo: URL(fileURLWithPath: path)).truncate(atOffset: UInt64(size - 2))
        #expect(reason { _ = try RowIDTable.read(path: path) } == "truncated")
        try reset()
        try flipByte(at: size - 2, in: path)
        #expect(reason { _ = try RowIDTable.read(path: path) } == "payload checksum mismatch")
        try reset()
        try flipByte(at: 0, in: path)
        #expect(reason { _ = try RowIDTable.read(path: path) } == "not a feature store")
        try Data("chainmatch-row-ids 2\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(reason { _ = try RowIDTable.read(path: path) } == "unsupported version")
    }

    @Test func storeAndIDsAreRebuiltTogether() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("f.store").path
        let m = randomMatrix(rows: 3, columns: 2, seed: 1)
        var builds = 0
        let build = { () -> (features: Matrix, ids: [String]) in builds += 1; return (m, ["x", "y", "z"]) }
        let first = try FeatureStore.openOrRebuildWithIDs(path: path, sourceDigest: "d", build: build)
        #expect(first.rebuildReason?.reason == "missing" && first.ids == ["x", "y", "z"] && first.store.matrix() == m)
        #expect(try FeatureStore.openOrRebuildWithIDs(path: path, sourceDigest: "d", build: build).rebuildReason == nil)
        #expect(builds == 1)
        // Ids lost or stale while the store is fine: both rebuilt.
        try FileManager.default.removeItem(atPath: RowIDTable.path(besideStore: path))
        #expect(try FeatureStore.openOrRebuildWithIDs(path: path, sourceDigest: "d", build: build).rebuildReason?.reason == "missing")
        try RowIDTable.write(ids: ["x", "y", "z"], sourceDigest: "old", to: RowIDTable.path(besideStore: path))
        #expect(try FeatureStore.openOrRebuildWithIDs(path: path, sourceDigest: "d", build: build).rebuildReason?.reason == "stale")
        #expect(builds == 3)
        #expect(throws: ChainMatchError.self) {
            _ = try FeatureStore.openOrRebuildWithIDs(path: path, sourceDigest: "new", build: { (m, ["only one"]) })
        }
    }
}
