import Foundation
import Testing
@testable import ChainMatch

func randomMatrix(rows: Int, columns: Int, seed: UInt64) -> Matrix {
    var rng = SplitMix64(seed: seed)
    return Matrix(rows: rows, columns: columns, storage: (0..<(rows * columns)).map { _ in rng.nextFloat() * 2 - 1 })
}

/// Rewrites one byte of a file in place.
func flipByte(at offset: Int, in path: String) throws {
    var data = try Data(contentsOf: URL(fileURLWithPath: path))
    data[offset] ^= 0x5A
    try data.write(to: URL(fileURLWithPath: path))
}

@Suite struct FeatureStoreTests {
    let digest = SHA256.digest("sources v1").hex

    @Test func roundTripIsBitExactAndAligned() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("features.store").path
        var m = randomMatrix(rows: 37, columns: 11, seed: 1)
        m[3, 4] = .nan
        m[5, 0] = -.infinity
        m[6, 1] = -0.0
        try FeatureStore.write(features: m, sourceDigest: digest, to: path)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == 256 + 37 * 11 * 4)
        let store = try FeatureStore.open(path: path, expectedSourceDigest: digest)
        #expect(store.rows == 37 && store.columns == 11 && store.sourceDigest == digest)
        store.withRows { rows in
            #expect(Int(bitPattern: rows.baseAddress!) % 64 == 0)
            #expect(rows.map(\.bitPattern) == m.storage.map(\.bitPattern))
        }
        #expect(store.matrix().storage.map(\.bitPattern) == m.storage.map(\.bitPattern))
        // No temporary files left next to it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["features.store"])
    }

    @Test func emptyStoresWork() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (r, c) in [(0, 0), (0, 5), (4, 0)] {
            let path = dir.appendingPathComponent("e\(r)x\(c).store").path
            try FeatureStore.write(features: Matrix(rows: r, columns: c), sourceDigest: "", to: path)
            let store = try FeatureStore.open(path: path, expectedSourceDigest: "")
            #expect(store.rows == r && store.columns == c)
            store.withRows { #expect($0.count == 0) }
        }
    }

    @Test func scoresFromTheMappedStoreEqualScoresFromMemory() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("f.store").path
        let x = randomMatrix(rows: 300, columns: 9, seed: 2), w = randomMatrix(rows: 9, columns: 5, seed: 3)
        try FeatureStore.write(features: x, sourceDigest: digest, to: path)
        let store = try FeatureStore.open(path: path)
        let mapped = try store.withRows { try BlockedScorer(k: 7, blockRows: 64).rank(rows: $0, rowCount: store.rows, featureCount: store.columns, weights: w) }
        let direct = try BlockedScorer(k: 7, blockRows: 64).rank(features: x, weights: w)
        #expect(mapped.map { $0.sorted() } == direct.map { $0.sorted() })
        // A shard's rows straight from the mapping.
        store.withRows(100..<103) { #expect(Array($0) == Array(x.storage[900..<927])) }
        store.withRows(300..<300) { #expect($0.isEmpty) }
    }

    /// Writes a good store, damages it with `damage`, and checks the error `open` throws.
    func damaged(_ damage: (String) throws -> Void, expect check: (FeatureStoreError) -> Bool, name: String = #function) throws {
        let dir = try temporaryDirectory(name)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("f.store").path
        try FeatureStore.write(features: randomMatrix(rows: 50, columns: 8, seed: 4), sourceDigest: digest, to: path)
        try damage(path)
        do {
            _ = try FeatureStore.open(path: path, expectedSourceDigest: digest)
            Issue.record("a damaged store opened")
        } catch let error as FeatureStoreError {
            #expect(check(error), "\(error)")
            #expect(error.path == path)
            #expect(error.exitCode == 65)
        }
    }

    @Test func missingStore() {
        #expect(throws: FeatureStoreError.missing(path: "/nonexistent/f.store")) {
            try FeatureStore.open(path: "/nonexistent/f.store")
        }
        #expect(FeatureStoreError.missing(path: "x").exitCode == 66)
    }

    @Test func truncatedStores() throws {
        for keep in [0, 5, 100, 256, 256 + 50 * 8 * 4 - 1] {
            try damaged({ try FileHandle(forWritingTo: URL(fileURLWithPath: $0)).truncate(atOffset: UInt64(keep)) },
                        expect: { if case .truncated(_, _, keep) = $0 { return true } else { return false } })
        }
    }

    @Test func trailingBytesAreCorrupt() throws {
        try damaged({ path in
            let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try h.seekToEnd(); try h.write(contentsOf: Data([0])); try h.close()
        }, expect: { if case .corrupt = $0 { return true } else { return false } })
    }

    @Test func flippedPayloadByte() throws {
        for offset in [256, 256 + 777, 256 + 50 * 8 * 4 - 1] {
            try damaged({ try flipByte(at: offset, in: $0) },
                        expect: { if case .payloadChecksumMismatch = $0 { return true } else { return false } })
        }
    }

    @Test func flippedHeaderByte() throws {
        // rows, columns, payload checksum, digest text, reserved, the header checksum itself
        for offset in [16, 24, 50, 70, 200, 250] {
            try damaged({ try flipByte(at: offset, in: $0) },
                        expect: { $0 == .headerChecksumMismatch(path: $0.path) })
        }
    }

    @Test func wrongMagicAndVersion() throws {
        try damaged({ try flipByte(at: 1, in: $0) }, expect: { $0 == .badMagic(path: $0.path) })
        try damaged({ try Data("rank,name\n1,x\n".utf8).write(to: URL(fileURLWithPath: $0)) },
                    expect: { $0 == .badMagic(path: $0.path) })
        try damaged({ path in
            // A well-formed header of a future version must be refused for its version.
            var data = try Data(contentsOf: URL(fileURLWithPath: path))
            let header = FeatureStore.makeHeader(rows: 50, columns: 8, payloadBytes: 1600, payloadChecksum: 0,
                                                 sourceDigest: Array(digest.utf8), version: 2)
            data.replaceSubrange(0..<256, with: header)
            try data.write(to: URL(fileURLWithPath: path))
        }, expect: { $0 == .unsupportedVersion(path: $0.path, found: 2, supported: 1) })
    }

    @Test func staleDigestIsDetectedBeforeThePayloadIsRead() throws {
        try damaged({ path in
            // Stale and damaged payload: stale must win (no payload pass for a store that is stale anyway).
            try FeatureStore.write(features: randomMatrix(rows: 50, columns: 8, seed: 4), sourceDigest: "older", to: path)
            try flipByte(at: 300, in: path)
        }, expect: { $0 == .staleSource(path: $0.path, stored: "older", expected: digest) })
    }

    @Test func openOrRebuildUsesAGoodStoreWithoutBuilding() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("f.store").path
        let m = randomMatrix(rows: 20, columns: 4, seed: 5)
        var builds = 0
        let first = try FeatureStore.openOrRebuild(path: path, sourceDigest: digest) { builds += 1; return m }
        #expect(first.rebuildReason == .missing(path: path))
        let second = try FeatureStore.openOrRebuild(path: path, sourceDigest: digest) { builds += 1; return m }
        #expect(second.rebuildReason == nil)
        #expect(builds == 1)
        #expect(second.store.matrix() == m)
    }

    @Test func openOrRebuildNeverUsesABadStore() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("f.store").path
        let old = randomMatrix(rows: 20, columns: 4, seed: 6), new = randomMatrix(rows: 21, columns: 4, seed: 7)
        let cases: [(String, (String) throws -> Void, String)] = [
            ("stale", { try FeatureStore.write(features: old, sourceDigest: "previous sources", to: $0) }, "stale"),
            ("payload", { try FeatureStore.write(features: old, sourceDigest: digest, to: $0); try flipByte(at: 260, in: $0) }, "payload checksum mismatch"),
            ("header", { try FeatureStore.write(features: old, sourceDigest: digest, to: $0); try flipByte(at: 20, in: $0) }, "header checksum mismatch"),
            ("truncated", { try FeatureStore.write(features: old, sourceDigest: digest, to: $0)
                try FileHandle(forWritingTo: URL(fileURLWithPath: $0)).truncate(atOffset: 300) }, "truncated"),
            ("garbage", { try Data("not a store".utf8).write(to: URL(fileURLWithPath: $0)) }, "not a feature store"),
        ]
        for (label, prepare, reason) in cases {
            try prepare(path)
            let (store, why) = try FeatureStore.openOrRebuild(path: path, sourceDigest: digest) { new }
            #expect(why?.reason == reason, "\(label)")
            #expect(store.matrix() == new, "\(label)")
            #expect(store.sourceDigest == digest)
            #expect(try FeatureStore.open(path: path, expectedSourceDigest: digest).matrix() == new)
        }
    }

    @Test func failedBuildLeavesTheOldFileAlone() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("f.store").path
        try FeatureStore.write(features: randomMatrix(rows: 3, columns: 2, seed: 8), sourceDigest: "old", to: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: ChainMatchError.self) {
            _ = try FeatureStore.openOrRebuild(path: path, sourceDigest: "new") { throw ChainMatchError.badData(SourceLocation(file: "x.csv"), "bad") }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["f.store"])
    }

    @Test func errorsMapToHouseExitCodes() {
        #expect(FeatureStoreError.staleSource(path: "p", stored: "a", expected: "b").chainMatchError
                == .badData(SourceLocation(file: "p"), "feature store stale: built from sources a, current sources are b"))
        #expect(FeatureStoreError.truncated(path: "p", expectedBytes: 9, actualBytes: 3).description == "p: feature store truncated: 3 bytes, expected 9")
    }

    @Test func rebuildRemovesTemporariesOfKilledWritersOnly() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("f.store").path
        // A pid that cannot exist (above pid_max) stands for a killed writer; ours is alive.
        let dead = dir.appendingPathComponent(".f.store.tmp-99999999-1").path
        let live = dir.appendingPathComponent(".f.store.tmp-\(getpid())-2").path
        let other = dir.appendingPathComponent(".g.store.tmp-99999999-3").path
        for p in [dead, live, other] { FileManager.default.createFile(atPath: p, contents: Data("x".utf8)) }
        _ = try FeatureStore.openOrRebuild(path: path, sourceDigest: digest) { randomMatrix(rows: 2, columns: 2, seed: 1) }
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(FileManager.default.fileExists(atPath: other))
    }
}
