import Foundation
import Testing
@testable import ChainMatch

/// Learning a profile from outcomes end to end: recovery of hidden weights on the real block scores of a
/// bundled campaign's eligible enterprises, the write-only-when-better rule, the written profile read back
/// by the product's own reader, and the choice of profile.
@Suite struct OutcomeLearningTests {
    static let location = DataLocation(root: repositoryRoot)
    static let lithium = "qh-golmud-salt-lake-lithium"   // resource-led: 25, 45, 15, 15 points
    static let resourceLed: [Double] = [25, 45, 15, 15]

    @Test func learnsHiddenWeightsFromRealBlockScores() throws {
        let engine = try BundledEngine.get()
        let campaign = try engine.campaign(named: Self.lithium)
        let points = CampaignEncoder.blockPoints(campaign, profile: try #require(engine.models.profile(campaign.profile)))
        #expect(points == Self.resourceLed)
        // Every enterprise the campaign's rules allow, with its raw block scores (contribution ÷ points).
        let eligible = try engine.rank([campaign], top: 10_000)[0].results
        #expect(eligible.count > 1_000)
        let pool = eligible.map { r in FeatureLayout.Block.allCases.enumerated().map { r.breakdown[$1] / points[$0] } }
        let hidden = OutcomeFixtures.Hidden(weights: [0.45, 0.08, 0.30, 0.17], intercept: -3.2, slope: 0.12)
        // Recorded under a deliberately wrong profile: most weight on the enterprise profile block.
        let wrong: [Double] = [5, 20, 5, 70]
        let drawn = OutcomeFixtures.draw(count: 20_000, campaign: campaign.id, points: wrong, hidden: hidden, seed: 2026) { rng in
            pool[Int(rng.next() % UInt64(pool.count))]
        }
        let fit = try ProfileLearner(folds: 5, seed: 1).fit(drawn.outcomes, recordWeights: [campaign.id: wrong])
        #expect(OutcomeFixtures.order(fit.weights) == OutcomeFixtures.order(hidden.weights), "\(fit.weights)")
        let hiddenAUC = OutcomeFixtures.heldOutAUC(drawn.logits, drawn.outcomes, folds: 5, seed: 1)
        #expect(abs(fit.learned.mean - hiddenAUC) <= 0.02, "learned \(fit.learned.mean), hidden \(hiddenAUC)")
        #expect(fit.learned.mean > fit.current.mean + 0.03, "learned \(fit.learned.mean), wrong profile \(fit.current.mean)")
        #expect(fit.beatsCurrent)
    }

    /// Targets of `campaign` with raw scores drawn like real ones, recorded under `points`.
    static func outcomes(_ campaign: String, points: [Double], count: Int, seed: UInt64,
                         converted: (([Double]) -> Bool)? = nil) -> [TargetOutcome] {
        let hidden = OutcomeFixtures.Hidden(weights: [0.45, 0.08, 0.30, 0.17], intercept: -3, slope: 0.08)
        var rows = OutcomeFixtures.draw(count: count, campaign: campaign, points: points, hidden: hidden, seed: seed,
                                        raw: ProfileLearnerTests.realisticRaw).outcomes
        for i in rows.indices {
            rows[i].enterprise = "\(campaign.prefix(2))-\(i)"
            if let converted { rows[i].stage = converted(rows[i].scores) ? .started : .negotiating }
        }
        return rows
    }

    static func write(_ outcomes: [TargetOutcome], in dir: URL, _ name: String = "pipeline.csv") throws -> String {
        let path = dir.appendingPathComponent(name).path
        try AtomicFile.write(OutcomeFixtures.csv(outcomes), to: path)
        return path
    }

    @Test func writesTheProfileWhenItWinsAndItReadsBack() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pipeline = try Self.write(Self.outcomes(Self.lithium, points: Self.resourceLed, count: 1_500, seed: 8), in: dir)
        let out = dir.appendingPathComponent("profiles/learned-resource-led.json").path
        let options = OutcomeLearning.Options(pipeline: pipeline, out: out, date: "2026-12-05")
        let run = try OutcomeLearning.run(options, location: Self.location)
        #expect(run.written && run.fit.beatsCurrent && run.path == out)
        #expect(run.report.contains("wrote \(out)") && run.report.contains("current (resource-led)"))
        let read = try ModelReader.readProfile(path: out)
        #expect(read == run.learned)
        #expect(read.name == "learned-resource-led" && read.version == "1.0.0+learned.2026-12-05")
        #expect(read.blocks.values == run.fit.weights && read.spill == run.current.spill && read.preferences == run.current.preferences)
        let provenance = try #require(read.provenance)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: pipeline))
        #expect(provenance.inputs.map(\.path) == [pipeline, "models/profiles/resource-led.json", "datasets/campaigns/\(Self.lithium).json"])
        #expect(provenance.inputs[0].sha256 == SHA256.digest(bytes).hex && provenance.inputs[0].bytes == bytes.count)
        #expect(provenance.inputs[1].sha256 == (try SHA256.digest(ofFile: repositoryRoot + "/models/profiles/resource-led.json").hex))
        #expect(provenance.rows == 1_500 && provenance.positives == run.fit.positives && provenance.folds == 5 && provenance.seed == 1)
        #expect(provenance.lambda == run.fit.lambda && provenance.date == "2026-12-05" && provenance.baseProfile == "resource-led")
        #expect(provenance.heldOutAUC == .init(learned: run.fit.learned.mean, current: run.fit.current.mean))
        // Loadable beside the shipped profiles by the reader the engine uses.
        let folder = dir.appendingPathComponent("profiles").path
        for name in ["balanced", "resource-led"] {
            try FileManager.default.copyItem(atPath: TestPaths.models + "/profiles/\(name).json", toPath: folder + "/\(name).json")
        }
        #expect(try ModelReader.readProfiles(folder: folder).map(\.name) == ["balanced", "learned-resource-led", "resource-led"])
        // Same inputs and date: the same bytes.
        let first = try Data(contentsOf: URL(fileURLWithPath: out))
        _ = try OutcomeLearning.run(options, location: Self.location)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == first)
    }

    @Test func writesNothingWhenTheCurrentProfileRanksAsWell() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Converted exactly when the score as ranked passes a bar: the current weights rank perfectly.
        let rows = Self.outcomes(Self.lithium, points: Self.resourceLed, count: 600, seed: 4) { $0.reduce(0, +) > 20 }
        let pipeline = try Self.write(rows, in: dir)
        let out = dir.appendingPathComponent("learned-resource-led.json").path
        try AtomicFile.write("what the user had\n", to: out)
        let run = try OutcomeLearning.run(.init(pipeline: pipeline, out: out), location: Self.location)
        #expect(run.fit.current.folds.allSatisfy { $0 == 1 })
        #expect(!run.written && !run.fit.beatsCurrent)
        #expect(run.report.contains("not written: the learned weights do not beat resource-led"))
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "what the user had\n")
    }

    @Test func learnsTheProfileItIsToldOrTheOnlyOneUsed() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let hq = "yn-kunming-headquarters"   // headquarters: 25, 15, 20, 40
        let rows = Self.outcomes(Self.lithium, points: Self.resourceLed, count: 300, seed: 1)
            + Self.outcomes(hq, points: [25, 15, 20, 40], count: 200, seed: 2)
        let pipeline = try Self.write(rows, in: dir)
        let out = dir.appendingPathComponent("x.json").path
        #expect(throws: ChainMatchError.usage("the rows' campaigns use several profiles — headquarters (200 rows), resource-led (300 rows); choose one with --profile NAME")) {
            _ = try OutcomeLearning.run(.init(pipeline: pipeline, out: out), location: Self.location)
        }
        let run = try OutcomeLearning.run(.init(pipeline: pipeline, profile: "headquarters", out: out), location: Self.location)
        #expect(run.fit.rows == 200 && run.leftOut == 300 && run.campaigns == [hq: 200] && run.current.name == "headquarters")
        #expect(run.learned.name == "x")
        #expect(throws: ChainMatchError.self) { _ = try OutcomeLearning.run(.init(pipeline: pipeline, profile: "balanced", out: out), location: Self.location) }
        #expect(throws: ChainMatchError.self) { _ = try OutcomeLearning.run(.init(pipeline: pipeline, profile: "nosuch", out: out), location: Self.location) }
        #expect(throws: ChainMatchError.self) {
            _ = try OutcomeLearning.run(.init(pipeline: pipeline, profile: "headquarters", out: dir.path + "/x.txt"), location: Self.location)
        }
        #expect(throws: ChainMatchError.missingInput(path: dir.path + "/none.csv", "no such file")) {
            _ = try OutcomeLearning.run(.init(pipeline: dir.path + "/none.csv"), location: Self.location)
        }
    }
}
