import Foundation
import Testing
@testable import ChainMatch

/// A fresh temporary folder.
func temporaryFolder(_ name: String) -> String {
    let path = NSTemporaryDirectory() + "chainmatch-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Small synthetic inputs: `count` enterprises drawn from the real ones, the bundled campaigns.
func syntheticInputs(count: Int, seed: UInt64, folder: String, top: Int? = 10) throws -> BatchInputs {
    let location = DataLocation(root: repositoryRoot)
    let path = folder + "/e\(count)-\(seed).synthetic.csv"
    if !FileManager.default.fileExists(atPath: path) {
        try SyntheticEnterprises(real: BatchTests.real.get(), seed: seed).write(count: count, to: path)
    }
    return try BatchInputs.load(location: location, campaignsFolder: location.datasets + "/campaigns", enterprisesPath: path, top: top)
}

/// Every list rendered as a run writes it (CSV and JSON), in campaign order.
func renderedLists(_ lists: [RankedList]) throws -> [Data] {
    try lists.flatMap { [RankingWriter.csv($0), try RankingWriter.json([$0])] }
}

@Suite(.serialized) struct BatchTests {
    static let real: Result<[Enterprise], Error> = Result { try Datasets.load(from: DataLocation(root: repositoryRoot)).enterprises }

    @Test func mergedShardsEqualTheSingleRunByteForByte() throws {
        let folder = temporaryFolder("shards")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let inputs = try syntheticInputs(count: 40, seed: 11, folder: folder)
        let engine = try BatchEngine(inputs: inputs, storePath: folder + "/e.store")
        let plan = try engine.plan()
        let single = try renderedLists(try engine.lists(plan: plan, candidates: engine.score(plan: plan).map { $0.sorted() }))
        #expect(single.count == 2 * inputs.campaigns.count)
        for n in [1, 2, 3, 7, 41, 64] {   // 41 and 64 > 40 enterprises: some shards are empty
            var paths: [String] = []
            for i in 0..<n {
                let shard = try ShardSpec(index: i, count: n)
                let part = try PartialTopK(inputDigest: inputs.inputDigest, campaignIDs: engine.columnIDs(plan), k: plan.k,
                                           shard: shard, totalRows: engine.store.rows, tops: engine.score(plan: plan, shard: shard))
                let path = folder + "/part-\(i)-of-\(n).ptk"
                try part.write(to: path)
                paths.append(path)
            }
            let merged = try PartialTopK.merge(files: paths.reversed())
            let lists = try renderedLists(try engine.lists(plan: plan, candidates: merged.map { $0.sorted() }))
            #expect(lists == single, "\(n) shards")
        }
    }

    @Test func batchListsEqualRankOnTheBundledData() throws {
        let folder = temporaryFolder("rank")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let location = DataLocation(root: repositoryRoot)
        let inputs = try BatchInputs.load(location: location, campaignsFolder: location.datasets + "/campaigns")
        let engine = try BatchEngine(inputs: inputs, storePath: folder + "/e.store")
        let plan = try engine.plan()
        let lists = try engine.lists(plan: plan, candidates: try engine.score(plan: plan).map { $0.sorted() })
        let recommender = try Recommender.load(from: location)
        for (i, campaign) in inputs.campaigns.enumerated() where i % 4 == 0 {   // a few, to stay quick in debug
            let alone = try recommender.rank([campaign])[0]
            #expect(RankingWriter.csv(alone) == RankingWriter.csv(lists[i]), "\(campaign.id)")
            #expect(try RankingWriter.json([alone]) == RankingWriter.json([lists[i]]), "\(campaign.id)")
        }
    }

    @Test func corruptOrTruncatedStoresAreRebuiltNeverUsed() throws {
        let folder = temporaryFolder("store")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let inputs = try syntheticInputs(count: 30, seed: 4, folder: folder)
        let store = folder + "/cache/e.store"
        let first = try BatchEngine(inputs: inputs, storePath: store)
        #expect(first.rebuildReason == .missing(path: store))
        let plan = try first.plan()
        let reference = try renderedLists(try first.lists(plan: plan, candidates: first.score(plan: plan).map { $0.sorted() }))
        #expect(try BatchEngine(inputs: inputs, storePath: store).rebuildReason == nil)

        func damage(_ path: String, _ change: (inout [UInt8]) -> Void) throws {
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            change(&bytes)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        let cases: [(String, String, (inout [UInt8]) -> Void)] = [
            ("payload checksum mismatch", store, { $0[$0.count - 3] ^= 0x40 }),
            ("truncated", store, { $0.removeLast(12) }),
            ("header checksum mismatch", store, { $0[20] ^= 1 }),
            ("payload checksum mismatch", EnterpriseSidecar.path(besideStore: store), { $0[40] ^= 1 }),
            ("payload checksum mismatch", RowIDTable.path(besideStore: store), { $0[$0.count - 2] ^= 1 }),
        ]
        for (reason, path, change) in cases {
            try damage(path, change)
            let engine = try BatchEngine(inputs: inputs, storePath: store)
            #expect(engine.rebuildReason?.reason == reason, "\(path)")
            let lists = try renderedLists(try engine.lists(plan: plan, candidates: engine.score(plan: plan).map { $0.sorted() }))
            #expect(lists == reference)
            #expect(try BatchEngine(inputs: inputs, storePath: store).rebuildReason == nil)
        }
        // Other sources: stale, rebuilt.
        let other = try syntheticInputs(count: 31, seed: 4, folder: folder)
        #expect(try BatchEngine(inputs: other, storePath: store).rebuildReason?.reason == "stale")
    }

    @Test func candidateRowsAreEncodedAsTheFullEncodingWouldBe() throws {
        let folder = temporaryFolder("rows")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let inputs = try syntheticInputs(count: 50, seed: 9, folder: folder)
        let all = inputs.datasets.enterprises
        let engine = try BatchEngine(inputs: inputs, storePath: folder + "/e.store")
        #expect(inputs.datasets.enterprises.isEmpty)   // re-read from the file when needed
        let full = EnterpriseEncoder(taxonomy: inputs.models.taxonomy, layout: engine.layout, placement: inputs.models.placement, relatedness: engine.relatedness).encode(all)
        let picked = [3, 0, 49, 17]
        let rows = try engine.rows(for: Set(picked))
        for g in picked {
            let l = rows.row(g)
            #expect((0..<full.features.columns).allSatisfy { rows.encoding.features[l, $0] == full.features[g, $0] })
            #expect(rows.encoding.evidence[l] == full.evidence[g])
            #expect(rows.encoding.projectInvestment100m[l] == full.projectInvestment100m[g])
            #expect(rows.encoding.chainLeaderOf[l] == full.chainLeaderOf[g])
            #expect(rows.encoding.needs.rows([l]) == full.needs.rows([g]))
            #expect(rows.enterprises[l] == all[g])
        }
    }

    @Test func synthIsDeterministicForASeedAndMarkedSynthetic() throws {
        let folder = temporaryFolder("synth")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let real = try BatchTests.real.get()
        let a = folder + "/a.synthetic.csv", b = folder + "/b.synthetic.csv", c = folder + "/c.synthetic.csv"
        try SyntheticEnterprises(real: real, seed: 42).write(count: 500, to: a)
        try SyntheticEnterprises(real: real, seed: 42).write(count: 500, to: b)
        try SyntheticEnterprises(real: real, seed: 43).write(count: 500, to: c)
        let bytesA = try Data(contentsOf: URL(fileURLWithPath: a))
        #expect(bytesA == (try Data(contentsOf: URL(fileURLWithPath: b))))
        #expect(bytesA != (try Data(contentsOf: URL(fileURLWithPath: c))))
        let firstLine = String(decoding: bytesA.prefix { $0 != 10 }, as: UTF8.self)
        #expect(firstLine.hasSuffix(",synthetic"))
        let enterprises = try DatasetReader.enterprises(CSVReader.read(path: a))
        #expect(enterprises.count == 500)
        #expect(enterprises.allSatisfy { $0.id.hasPrefix("SYN") && $0.name.hasPrefix("合成") && $0.notes == "synthetic" })
        #expect(throws: ChainMatchError.self) { try SyntheticEnterprises(real: real, seed: 1).write(count: 1, to: folder + "/real.csv") }
    }

    @Test func sidecarRoundTripsAndRejectsDamage() throws {
        let folder = temporaryFolder("sidecar")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var needs = EnterpriseNeeds(count: 3, nodes: 70, unit: NodeUnitNeeds(
            landMuPer100m: (0..<70).map(Double.init), energyTcePer100m: (0..<70).map { Double($0) * 2 },
            waterTPer100m: (0..<70).map { Double($0) * 3 }, twoHigh: (0..<70).map { $0 % 2 == 0 }))
        needs.lists = [[.listed], [], [.global500, .chainLeader]]
        needs.projectInvestment100m = [1.5, 5, 50]
        needs.setNodes([3], enterprise: 0); needs.setNodes([], enterprise: 1); needs.setNodes([65, 2], enterprise: 2)
        let sidecar = EnterpriseSidecar(needs: needs, projectInvestment100m: [1.5, 5, 50], chainLeaderOf: [[], ["li"], ["li", "pv"]])
        let path = folder + "/s.needs"
        try sidecar.write(sourceDigest: "d1", to: path)
        #expect(try EnterpriseSidecar.read(path: path, expectedSourceDigest: "d1", expectedRows: 3) == sidecar)
        #expect(throws: FeatureStoreError.self) { try EnterpriseSidecar.read(path: path, expectedSourceDigest: "d2") }
        #expect(throws: FeatureStoreError.self) { try EnterpriseSidecar.read(path: path, expectedRows: 4) }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes.removeLast(5)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: FeatureStoreError.self) { try EnterpriseSidecar.read(path: path) }
    }

    @Test func runNamesFollowTheDate() throws {
        #expect(try BatchRunWriter.runName(date: "2026-11-30") == "2026-11-30T000000Z")
        #expect(try BatchRunWriter.runName(date: "2026-11-30T021500Z") == "2026-11-30T021500Z")
        #expect(try BatchRunWriter.runName(date: nil, now: Date(timeIntervalSince1970: 1_764_555_000)) == "2025-12-01T000000Z")
        #expect(throws: ChainMatchError.self) { try BatchRunWriter.runName(date: "30/11/2026") }
    }
}

@Suite struct EnterpriseChunkTests {
    @Test func chunkedReadingEqualsTheWholeFileAndNamesTheLine() throws {
        let folder = temporaryFolder("chunks")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/e.synthetic.csv"
        try SyntheticEnterprises(real: BatchTests.real.get(), seed: 21).write(count: 300, to: path)
        let whole = try DatasetReader.enterprises(CSVReader.read(path: path))
        let reader = try EnterpriseRowReader(path: path, expectedRows: 300)
        #expect(try reader.allEnterprises(chunkRows: 7) == whole)
        #expect(try reader.enterprises([299, 0, 150]) == [whole[299], whole[0], whole[150]])
        // A bad cell in row 200 (line 201) is reported at its line in the file, not the chunk's — and before
        // one in row 206, which the other core parses at the same time (chunks 28 and 29 of 7 rows).
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: whole[205].id + ",", with: whole[205].id + ",,")
        text = text.replacingOccurrences(of: whole[199].id + ",", with: whole[199].id + ",,")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try EnterpriseRowReader(path: path, expectedRows: nil).allEnterprises(chunkRows: 7)
            Issue.record("a bad row was accepted")
        } catch let error as ChainMatchError {
            let whole = { () -> String in
                do { _ = try DatasetReader.enterprises(CSVReader.read(path: path)); return "" } catch { return "\(error)" }
            }()
            #expect("\(error)" == whole)
        }
    }

    @Test func rowReaderSplitsAndCountsLinesAsTheWholeFileReaderDoes() throws {
        let folder = temporaryFolder("quoted")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/e.synthetic.csv"
        try SyntheticEnterprises(real: BatchTests.real.get(), seed: 5).write(count: 40, to: path)
        // Notes with line breaks inside quotes (LF, CRLF and a lone CR), blank lines and a byte-order mark:
        // the record splitter must see rows and lines exactly as CSVReader does.
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let notes = try #require(try CSVReader.parse(Data(lines[0].utf8), path: "h").header.firstIndex(of: "notes"))
        for (k, row) in [3, 17, 30].enumerated() {
            var cells = try #require(try CSVReader.parse(Data((lines[0] + "\n" + lines[row]).utf8), path: "r").rows.first)
            cells[notes] = ["第一行\n第二行", "a\r\nb", "x\ry"][k]
            let encoded = CSVWriter.encode(header: cells, rows: [], byteOrderMark: false, neutralizeFormulas: false)
            lines[row] = String(decoding: encoded.dropLast(), as: UTF8.self)   // without its final LF
        }
        lines.insert("", at: 10)
        try Data(([0xEF, 0xBB, 0xBF] as [UInt8]) + Array(lines.joined(separator: "\n").utf8)).write(to: URL(fileURLWithPath: path))
        let table = try CSVReader.read(path: path)
        let reader = try EnterpriseRowReader(path: path, expectedRows: 40)
        #expect(reader.rowLines == table.lines)
        let whole = try DatasetReader.enterprises(table)
        #expect(try reader.allEnterprises(chunkRows: 6) == whole)
        #expect(try reader.enterprises([17, 3, 30]) == [whole[17], whole[3], whole[30]])
        #expect(whole[2].notes == "第一行\n第二行")   // file line 3 is data row 2
    }
}
