import Foundation
import Testing
@testable import ChainMatch

/// A copy of the bundled `datasets/*.csv`, campaigns and `models/` in a temporary root, to edit freely.
private func copiedDataRoot() throws -> URL {
    let root = try temporaryDirectory("snapshot-data")
    let fm = FileManager.default
    let source = URL(fileURLWithPath: repositoryRoot)
    try fm.createDirectory(at: root.appendingPathComponent("datasets"), withIntermediateDirectories: true)
    for name in try fm.contentsOfDirectory(atPath: source.appendingPathComponent("datasets").path) where name.hasSuffix(".csv") || name == "campaigns" {
        try fm.copyItem(at: source.appendingPathComponent("datasets/" + name), to: root.appendingPathComponent("datasets/" + name))
    }
    try fm.copyItem(at: source.appendingPathComponent("models"), to: root.appendingPathComponent("models"))
    return root
}

@Suite(.serialized) struct SnapshotTests {
    @Test func aSnapshotEngineEqualsTheLoadedOneAndRanksAlike() throws {
        let cache = try temporaryDirectory("snapshot-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let snapshot = LoadSnapshot(location: DataLocation(root: repositoryRoot), folder: cache.path)
        let (first, written) = try snapshot.recommender()
        #expect(written.hasPrefix("no snapshot yet"), "\(written)")
        #expect(written.contains("wrote"), "\(written)")
        let (read, note) = try snapshot.recommender()
        #expect(note.hasPrefix("snapshot current"), "\(note)")

        let loaded = try BundledEngine.get()
        for engine in [first, read] {
            #expect(engine.datasets.enterprises == loaded.datasets.enterprises)
            #expect(engine.datasets.parks == loaded.datasets.parks)
            #expect(engine.datasets.regions.map(\.id) == loaded.datasets.regions.map(\.id))
            #expect(engine.datasets.industries.map(\.code) == loaded.datasets.industries.map(\.code))
            #expect(engine.models == loaded.models)
            #expect(engine.layout == loaded.layout)
            #expect(engine.encoding.features == loaded.encoding.features)
            #expect(engine.encoding.needs == loaded.encoding.needs)
            #expect(engine.encoding.evidence == loaded.encoding.evidence)
            #expect(engine.encoding.chainLeaderOf == loaded.encoding.chainLeaderOf)
            #expect(engine.encoding.projectInvestment100m == loaded.encoding.projectInvestment100m)
            #expect(engine.enterpriseIndex == loaded.enterpriseIndex)
        }
        // The snapshot kept each bundled campaign's uptake, bit for bit the one worked out from the parks.
        let campaigns = try loaded.bundledCampaigns()
        let known = read.relatedness?.knownUptakes ?? [:]
        #expect(known.count == Set(campaigns.map { RelatednessIndex.uptakeKey(park: $0.parkID, province: $0.province) }).count)
        for c in campaigns {
            let kept = known[RelatednessIndex.uptakeKey(park: c.parkID, province: c.province)]
            let worked = try loaded.relatedness?.uptake(park: c.parkID, province: c.province)
            #expect(kept?.map(\.bitPattern) == worked?.map(\.bitPattern), "\(c.id)")
        }
        // Every bundled list, with its reasons, is byte for byte the loaded engine's.
        let expected = try loaded.rank(campaigns)
        let got = try read.rank(campaigns)
        for (a, b) in zip(expected, got) {
            #expect(try RankingWriter.render(a, format: .json) == RankingWriter.render(b, format: .json), "\(a.campaign.id)")
        }
    }

    @Test func aChangedSourceOrADamagedFileRebuildsIt() throws {
        let root = try copiedDataRoot()
        let cache = try temporaryDirectory("snapshot-cache")
        defer { try? FileManager.default.removeItem(at: root); try? FileManager.default.removeItem(at: cache) }
        let snapshot = LoadSnapshot(location: DataLocation(root: root.path), folder: cache.path)
        func note() throws -> String { try snapshot.recommender().1 }
        #expect(try note().hasPrefix("no snapshot yet"))
        #expect(try note().hasPrefix("snapshot current"))

        // A new modification time with the same bytes: hashed again, still current.
        let readme = root.appendingPathComponent("models/README.md").path
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: readme)
        #expect(try note().hasPrefix("snapshot current"))

        // Changed bytes: stale, rebuilt, then current again.
        try (String(contentsOfFile: readme, encoding: .utf8) + "\n").write(toFile: readme, atomically: true, encoding: .utf8)
        let changed = try note()
        #expect(changed.hasPrefix("models/README.md changed"), "\(changed)")
        #expect(try note().hasPrefix("snapshot current"))

        // A flipped payload byte, a truncated file, a foreign file.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: snapshot.path)))
        bytes[bytes.count - 100] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: snapshot.path))
        #expect(try note().hasPrefix("snapshot damaged (checksum)"))
        let whole = try Data(contentsOf: URL(fileURLWithPath: snapshot.path))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: snapshot.path))
        #expect(try note().hasPrefix("snapshot damaged"))
        try Data("id,name\n".utf8).write(to: URL(fileURLWithPath: snapshot.path))
        #expect(try note().hasPrefix("snapshot damaged (not a snapshot file)"))

        // A source file added.
        try Data("a,b\n1,2\n".utf8).write(to: root.appendingPathComponent("datasets/extra.csv"))
        #expect(try note().hasPrefix("source files added: datasets/extra.csv"))
        #expect(try note().hasPrefix("snapshot current"))
    }

    @Test func aSnapshotThatCannotBeWrittenIsOnlyReported() throws {
        let blocker = try temporaryDirectory("snapshot-blocker")
        defer { try? FileManager.default.removeItem(at: blocker) }
        let file = blocker.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: file)
        let (engine, note) = try LoadSnapshot(location: DataLocation(root: repositoryRoot), folder: file.path).recommender()
        #expect(note.contains("could not write the snapshot"), "\(note)")
        #expect(engine.datasets.enterprises.count == (try BundledEngine.get()).datasets.enterprises.count)
    }

    @Test func theFolderFollowsTheEnvironment() {
        #expect(LoadSnapshot.defaultFolder(environment: ["CHAINMATCH_SNAPSHOT": "0", "HOME": "/h"]) == nil)
        #expect(LoadSnapshot.defaultFolder(environment: ["CHAINMATCH_CACHE": "/c", "XDG_CACHE_HOME": "/x", "HOME": "/h"]) == "/c")
        #expect(LoadSnapshot.defaultFolder(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"]) == "/x/chainmatch")
        #expect(LoadSnapshot.defaultFolder(environment: ["HOME": "/h"]) == "/h/.cache/chainmatch")
        #expect(LoadSnapshot.defaultFolder(environment: [:]) == nil)
    }
}
