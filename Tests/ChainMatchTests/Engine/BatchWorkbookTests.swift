import Foundation
import Testing
@testable import ChainMatch

/// Batch runs with workbooks: one `<campaign>.xlsx` beside each list, named in the manifest with its digest,
/// the same bytes however the scoring was split — and a run without them exactly as before.
@Suite(.serialized) struct BatchWorkbookTests {
    static let runName = "2026-12-01T000000Z"

    /// Every file of a finished run but timings.json, by name.
    static func files(_ run: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: run) where name != BatchRunWriter.timingsName {
            out[name] = try Data(contentsOf: URL(fileURLWithPath: run + "/" + name))
        }
        return out
    }

    /// The manifest as JSON with the workbook keys taken out of every campaign entry.
    static func withoutWorkbooks(_ manifest: Data) throws -> NSDictionary {
        var object = try #require(try JSONSerialization.jsonObject(with: manifest) as? [String: Any])
        object["campaigns"] = (object["campaigns"] as? [[String: Any]] ?? []).map { $0.filter { !$0.key.hasPrefix("xlsx") } }
        return object as NSDictionary
    }

    @Test func workbooksAreListedWithTheirDigestsAndLeaveTheRestAsItWas() throws {
        let folder = temporaryFolder("batch-xlsx")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let inputs = try syntheticInputs(count: 40, seed: 11, folder: folder)
        let engine = try BatchEngine(inputs: inputs, storePath: folder + "/e.store")
        let plan = try engine.plan()
        let candidates = try engine.score(plan: plan).map { $0.sorted() }
        func run(_ root: String, workbooks: Bool, candidates: [[ScoredItem]], shards: Int = 1) throws -> [String: Data] {
            let batch = BatchRun(out: folder + "/" + root, lock: nil, inputs: inputs, storePath: folder + "/e.store", runName: Self.runName, workbooks: workbooks)
            return try Self.files(try batch.finish(engine: engine, plan: plan, candidates: candidates, shards: shards).path)
        }
        let plain = try run("plain", workbooks: false, candidates: candidates)
        let books = try run("books", workbooks: true, candidates: candidates)
        let ids = inputs.campaigns.map(\.id)

        // Without workbooks: the lists and the manifest, no workbook and no workbook key.
        #expect(Set(plain.keys) == Set(ids.flatMap { [$0 + ".csv", $0 + ".json"] } + ["manifest.json"]))
        #expect(!String(decoding: plain["manifest.json"]!, as: UTF8.self).contains("\"xlsx"), "no workbook key")
        #expect(try BatchRunWriter.readManifest(run: folder + "/plain/" + Self.runName).campaigns.allSatisfy { $0.xlsx == nil && $0.xlsx_sha256 == nil })
        // With them: the same lists and manifest besides, and one workbook per list, named with its digest.
        #expect(Set(books.keys) == Set(plain.keys).union(ids.map { $0 + ".xlsx" }))
        for (name, data) in plain where name != "manifest.json" { #expect(books[name] == data, "\(name)") }
        #expect(try Self.withoutWorkbooks(books["manifest.json"]!) == Self.withoutWorkbooks(plain["manifest.json"]!))
        let manifest = try BatchRunWriter.readManifest(run: folder + "/books/" + Self.runName)
        let lists = try engine.lists(plan: plan, candidates: candidates, language: .zh)
        for (entry, list) in zip(manifest.campaigns, lists) {
            #expect(entry.id == list.campaign.id && entry.xlsx == entry.id + ".xlsx")
            let data = try #require(books[entry.id + ".xlsx"])
            #expect(entry.xlsx_sha256 == SHA256.digest(data).hex)
            let book = try XLSXReader(data)
            #expect(book.sheets.map(\.name) == ["名单", "理由"])
            // The 名单 sheet holds the run's own CSV, cell by cell.
            #expect(RankingWriter.csv(list) == books[entry.csv])
            RankingWorkbookTests.compare(try book.sheet("名单"), with: try RankingWorkbookTests.csvCells(list), entry.id)
        }

        // The same inputs give the same bytes: again, and from scoring split into shards and merged.
        #expect(try run("again", workbooks: true, candidates: candidates) == books)
        var paths: [String] = []
        for i in 0..<3 {
            let shard = try ShardSpec(index: i, count: 3)
            let part = try PartialTopK(inputDigest: inputs.inputDigest, campaignIDs: engine.columnIDs(plan), k: plan.k,
                                       shard: shard, totalRows: engine.store.rows, tops: engine.score(plan: plan, shard: shard))
            paths.append(folder + "/part-\(i)-of-3.ptk")
            try part.write(to: paths[i])
        }
        let merged = try PartialTopK.merge(files: paths).map { $0.sorted() }
        let sharded = try run("sharded", workbooks: true, candidates: merged, shards: 3)
        for (name, data) in books where name != "manifest.json" { #expect(sharded[name] == data, "\(name) from 3 shards") }
        #expect(try Self.withoutShards(sharded["manifest.json"]!) == Self.withoutShards(books["manifest.json"]!))
    }

    /// The manifest without its shard count, the one field a sharded run records differently.
    static func withoutShards(_ manifest: Data) throws -> NSDictionary {
        var object = try #require(try JSONSerialization.jsonObject(with: manifest) as? [String: Any])
        object["shards"] = nil
        return object as NSDictionary
    }

    @Test func aRunWithoutWorkbooksIsNotCompleteForARequestWithThem() throws {
        let folder = temporaryFolder("batch-xlsx-rerun")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let inputs = try syntheticInputs(count: 30, seed: 4, folder: folder)
        let engine = try BatchEngine(inputs: inputs, storePath: folder + "/e.store")
        let plan = try engine.plan()
        func batch(workbooks: Bool) -> BatchRun {
            BatchRun(out: folder + "/runs", lock: nil, inputs: inputs, storePath: folder + "/e.store", runName: Self.runName, workbooks: workbooks)
        }
        _ = try batch(workbooks: false).finish(engine: engine, plan: plan, candidates: try engine.score(plan: plan).map { $0.sorted() })
        #expect(try batch(workbooks: false).completedRun(log: { _ in }) != nil)
        do {
            _ = try batch(workbooks: true).completedRun(log: { _ in })
            Issue.record("a run without workbooks was taken as complete")
        } catch let error as ChainMatchError {
            #expect(error.exitCode == 73 && "\(error)".contains("without workbooks"), "\(error)")
        }
        let path = folder + "/runs/" + Self.runName
        #expect(try FileManager.default.contentsOfDirectory(atPath: path).allSatisfy { !$0.hasSuffix(".xlsx") }, "the run is left as it was")
    }
}
