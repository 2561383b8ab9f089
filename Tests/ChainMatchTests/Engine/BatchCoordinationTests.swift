import Foundation
import Testing
@testable import ChainMatch

/// `batch --coordinate`: every province of the bundled campaigns ranked together from the pass's columns,
/// the same lists and reports as `chainmatch coordinate`, and runs that say what they are.
@Suite(.serialized) struct BatchCoordinationTests {
    static let runName = "2026-12-05T000000Z"

    /// The bundled inputs and an engine over them, its store in `folder`.
    static func bundled(_ folder: String) throws -> (inputs: BatchInputs, engine: BatchEngine) {
        let location = DataLocation(root: repositoryRoot)
        let inputs = try BatchInputs.load(location: location, campaignsFolder: location.datasets + "/campaigns")
        return (inputs, try BatchEngine(inputs: inputs, storePath: folder + "/e.store"))
    }

    @Test func coordinatedRunEqualsCoordinateForEveryProvince() throws {
        let folder = temporaryFolder("batch-coordinate")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (inputs, engine) = try Self.bundled(folder)
        let plan = try engine.plan(coordinating: 1)
        let candidates = try engine.score(plan: plan).map { $0.sorted() }
        let run = BatchRun(out: folder + "/runs", lock: nil, inputs: inputs, storePath: folder + "/e.store", runName: Self.runName, coordination: 1)
        let path = try run.finish(engine: engine, plan: plan, candidates: candidates).path
        let manifest = try BatchRunWriter.readManifest(run: path)
        let coordination = try #require(manifest.coordination)
        #expect(coordination.max_campaigns == 1)
        let recommender = try Recommender.load(from: DataLocation(root: repositoryRoot))
        let provinces = BatchEngine.provinces(inputs.campaigns)
        #expect(provinces.count == 4, "the bundled campaigns cover four provinces, each with two or more")
        #expect(coordination.provinces.map(\.province) == provinces.map(\.province))
        for (entry, (province, members)) in zip(coordination.provinces, provinces) {
            let alone = try recommender.coordinate(members.map { inputs.campaigns[$0] }, maxCampaigns: 1)
            #expect(entry.campaigns == alone.lists.map(\.campaign.id))
            for list in alone.lists {
                let written = try Data(contentsOf: URL(fileURLWithPath: path + "/" + list.campaign.id + ".csv"))
                #expect(written == RankingWriter.csv(list), "\(list.campaign.id) as coordinate ranks it")
            }
            let report = try Data(contentsOf: URL(fileURLWithPath: path + "/coordination-\(province).json"))
            #expect(report == (try CoordinationWriter.json(alone)), "\(province)'s report")
            for file in entry.reports {
                let data = try Data(contentsOf: URL(fileURLWithPath: path + "/" + file.name))
                #expect(SHA256.digest(data).hex == file.sha256, "\(file.name)")
            }
        }

        // The same date without coordination, or with another M, is another run: refused, never overwritten.
        for other in [nil, 2] as [Int?] {
            let again = BatchRun(out: folder + "/runs", lock: nil, inputs: inputs, storePath: folder + "/e.store", runName: Self.runName, coordination: other)
            #expect(throws: ChainMatchError.self) { try again.completedRun(log: { _ in }) }
        }
        #expect(try run.completedRun(log: { _ in }) == path)
    }

    @Test func shallowColumnsAreScoredAgainDeeperAndSaySo() throws {
        let folder = temporaryFolder("batch-coordinate-shallow")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let engine = try Self.bundled(folder).engine
        // The plain plan's columns are shallower than coordination needs.
        let plain = try engine.plan()
        var said: [String] = []
        let deep = try engine.coordinated(plan: plain, candidates: try engine.score(plan: plain).map { $0.sorted() }, maxCampaigns: 1) { said.append($0) }
        #expect(deep.rescored >= 1 && deep.plan.k > plain.k)
        #expect(said.contains { $0.contains("too shallow") })
        let planned = try engine.plan(coordinating: 1)
        let direct = try engine.coordinated(plan: planned, candidates: try engine.score(plan: planned).map { $0.sorted() }, maxCampaigns: 1)
        #expect(deep.lists.map(RankingWriter.csv) == direct.lists.map(RankingWriter.csv))
    }
}
