import Foundation
import Testing
@testable import ChainMatch

/// `synth pipeline` and `learn` together: a pipeline drawn over the bundled campaigns' real lists from a
/// hidden weight vector, learned back for the chain-first campaigns.
@Suite struct LearnFromSyntheticPipelineTests {
    @Test func learnRecoversTheHiddenModelAndBeatsTheShippedProfile() throws {
        let engine = try BundledEngine.get()
        let campaigns = try engine.bundledCampaigns()
        let targets = try SyntheticPipeline.targets(engine: engine, campaigns: campaigns, perCampaign: SyntheticPipeline.defaultPerCampaign)
        #expect(targets.count > 19_000)
        // Hidden weights on standardised raw scores, chosen so the profile's weights (w ÷ sd) are apart:
        // about endowment 0.46, chain 0.31, relatedness 0.16, profile 0.04.
        let synth = SyntheticPipeline(weights: .init(chain: 1.03, endowment: 0.45, relatedness: 0.4, profile: 0.037), seed: 11)
        let hidden = synth.hiddenProfileWeights(targets)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chainmatch-learn-synth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("p.synthetic.csv").path
        try synth.write(synth.draw(targets), to: path)

        let run = try OutcomeLearning.run(.init(pipeline: path, profile: "chain-first", out: dir.appendingPathComponent("learned-chain-first.json").path,
                                                date: "2026-12-05"), location: DataLocation(root: repositoryRoot))
        let order = { (w: [Double]) in w.indices.sorted { w[$0] > w[$1] } }
        #expect(order(run.fit.weights) == order(hidden), "learned \(run.fit.weights), hidden \(hidden)")
        #expect(run.fit.learned.mean > run.fit.current.mean)
        #expect(run.written)

        // The hidden model's own AUC on the rows learned from (mature chain-first targets), ranking by
        // its profile weights on the raw block scores.
        let file = try PipelineReader.read(path: path)
        let cutoff = file.lastDate!.adding(days: -365)
        let byID = Dictionary(uniqueKeysWithValues: campaigns.map { ($0.id, $0) })
        let profile = engine.models.profile("chain-first")!
        let items = file.entries.compactMap { e -> (score: Double, positive: Bool)? in
            guard let c = byID[e.campaignID], c.profile == "chain-first", let contacted = e.date(.contacted), contacted <= cutoff else { return nil }
            let points = CampaignEncoder.blockPoints(c, profile: profile)
            let raw = zip(e.scores.values.map { $0! }, points).map { $1 > 0 ? $0 / $1 : 0 }
            let converted = TargetOutcome.Stage(rawValue: e.stage.rawValue)!.converted
            return (zip(hidden, raw).reduce(0) { $0 + $1.0 * $1.1 }, converted)
        }
        #expect(items.count == run.fit.rows)
        let hiddenAUC = RelatednessBacktest.rocAUC(items)
        #expect(abs(run.fit.learned.mean - hiddenAUC) <= 0.02, "learned \(run.fit.learned.mean), hidden \(hiddenAUC)")
    }
}
