import Foundation
import Testing
@testable import ChainMatch

/// The synthetic pipeline is deterministic, passes the strict reader, and follows its hidden weights.
@Suite struct SyntheticPipelineTests {
    /// Four campaigns × 600 targets with normal block scores from a fixed seed.
    static func targets(count: Int = 600) -> [SyntheticPipeline.Target] {
        var rng = SplitMix64(seed: 99)
        func normal() -> Double {
            (-2 * log(max(rng.nextDouble(), 1e-12))).squareRoot() * cos(2 * Double.pi * rng.nextDouble())
        }
        return (0..<4).flatMap { c in
            (0..<count).map { i in
                SyntheticPipeline.Target(campaignID: "c\(c)", enterpriseID: "E\(i)", listRank: i + 1,
                                         scores: [20 + 5 * normal(), 10 + 3 * normal(), 5 + normal(), 8 + 2 * normal()], investment100m: Double(i % 7) * 3)
            }
        }
    }

    static func order(_ e: PipelineEntry) -> Int { e.progress(asOf: nil)!.order }

    @Test func sameSeedSameRowsAndTheStrictReaderAcceptsThem() throws {
        let targets = Self.targets(count: 150)
        let a = SyntheticPipeline(seed: 7).draw(targets), b = SyntheticPipeline(seed: 7).draw(targets)
        #expect(a == b)
        #expect(a != SyntheticPipeline(seed: 8).draw(targets))
        let data = PipelineWriter.encode(a, synthetic: true)
        #expect(data == PipelineWriter.encode(b, synthetic: true))
        let back = try PipelineReader.parse(data, path: "x.synthetic.csv", campaigns: ["c0", "c1", "c2", "c3"],
                                            enterprises: Set(targets.map(\.enterpriseID)))
        #expect(back.isSynthetic && back.entries.count == a.count)
        for (read, drawn) in zip(back.entries, a) {
            #expect(read.stage == drawn.stage && read.dates == drawn.dates && read.signed100m == drawn.signed100m
                    && read.funded100m == drawn.funded100m && read.listRank == drawn.listRank && read.notes == "synthetic")
        }
        // Every stage occurs, and every date lies in 2025–2026.
        #expect(Set(a.map(\.stage)) == Set(PipelineStage.allCases))
        #expect(a.allSatisfy { $0.dates.values.allSatisfy { $0 >= SyntheticPipeline.firstContact && $0 <= SyntheticPipeline.horizon } })
    }

    @Test func aRowDependsOnlyOnItsOwnTargetAndItsCampaign() {
        let targets = Self.targets(count: 100)
        let all = SyntheticPipeline(seed: 3).draw(targets)
        let reversed = SyntheticPipeline(seed: 3).draw(targets.reversed())
        #expect(all == reversed.reversed())
    }

    /// Raising one block's weight moves every target with a positive z in that block at least as far (and
    /// every one with a negative z at most as far), and more of the block's top quarter sign; its bottom quarter
    /// signs less. Checked for each of the four blocks.
    @Test(arguments: 0..<4) func aHigherWeightOnABlockConvertsMoreOfItsHighScorers(block: Int) {
        let targets = Self.targets()
        var base = SyntheticPipeline.Weights.standard.values, raised = base
        base[block] = 0.3
        raised[block] = 2.4
        let weights = { (w: [Double]) in SyntheticPipeline.Weights(chain: w[0], endowment: w[1], relatedness: w[2], profile: w[3]) }
        let low = SyntheticPipeline(weights: weights(base), seed: 11).draw(targets)
        let high = SyntheticPipeline(weights: weights(raised), seed: 11).draw(targets)
        let z = SyntheticPipeline.standardised(targets).map { $0[block] }
        for i in targets.indices where z[i] > 0 { #expect(Self.order(high[i]) >= Self.order(low[i]), "\(targets[i].enterpriseID)") }
        for i in targets.indices where z[i] < 0 { #expect(Self.order(high[i]) <= Self.order(low[i]), "\(targets[i].enterpriseID)") }
        let sorted = z.sorted(), q1 = sorted[z.count / 4], q3 = sorted[3 * z.count / 4]
        let signed = { (rows: [PipelineEntry], keep: (Double) -> Bool) in
            targets.indices.filter { keep(z[$0]) && rows[$0].reached(.signed, asOf: nil) }.count
        }
        #expect(signed(high) { $0 >= q3 } > signed(low) { $0 >= q3 } + 30)
        #expect(signed(high) { $0 <= q1 } < signed(low) { $0 <= q1 })
    }

    @Test func moneyIsPlausibleAndFundsNeverExceedTheSignedAmount() {
        let targets = Self.targets()
        let rows = SyntheticPipeline(seed: 5).draw(targets)
        for e in rows where e.signed100m != nil {
            #expect(e.signed100m! >= 0.01 && e.signed100m! == (e.signed100m! * 100).rounded() / 100)
            if let f = e.funded100m { #expect(f > 0 && f <= e.signed100m!) }
        }
        // A target whose engine states no project size signs about 1 亿元 (e^N(0, 0.35²)).
        let unsized = rows.enumerated().filter { targets[$0.offset].investment100m == 0 }.compactMap(\.element.signed100m)
        #expect(!unsized.isEmpty && unsized.allSatisfy { $0 > 0.2 && $0 < 5 })
    }

    @Test func weightsParseStrictly() throws {
        #expect(try SyntheticPipeline.Weights(parsing: "1.2,0.6,0.9,0.3") == .standard)
        #expect(try SyntheticPipeline.Weights(parsing: "-1,0,0,2.5").values == [-1, 0, 0, 2.5])
        for bad in ["1,2,3", "1,2,3,4,5", "1,,3,4", "a,b,c,d", "1,2,3,inf", "1,2,3,99", " 1,2,3,4"] {
            #expect(throws: ChainMatchError.self, "\(bad)") { try SyntheticPipeline.Weights(parsing: bad) }
        }
    }

    /// Over the bundled campaigns' real lists: the engine's first places, their scores and ranks.
    @Test func realListsGiveRowsTheStrictReaderAccepts() throws {
        let engine = try BundledEngine.get()
        let campaigns = try engine.bundledCampaigns()
        let targets = try SyntheticPipeline.targets(engine: engine, campaigns: campaigns, perCampaign: 40)
        #expect(targets.count == 40 * campaigns.count)
        for c in campaigns { #expect(targets.filter { $0.campaignID == c.id }.map(\.listRank) == Array(1...40), "\(c.id)") }
        let lists = try engine.rank(campaigns, top: 40)
        #expect(targets.map(\.enterpriseID) == lists.flatMap { $0.results.map(\.enterprise.id) })
        let first = lists[0].results[0]
        #expect(targets[0].scores == FeatureLayout.Block.allCases.map { first.breakdown[$0] } && targets[0].investment100m == first.project.investment100m)
        let synth = SyntheticPipeline(seed: 2)
        let data = PipelineWriter.encode(synth.draw(targets), synthetic: true)
        #expect(data == PipelineWriter.encode(synth.draw(targets), synthetic: true))
        let file = try PipelineReader.parse(data, path: "real.synthetic.csv", campaigns: Set(campaigns.map(\.id)),
                                            enterprises: Set(engine.datasets.enterprises.map(\.id)))
        #expect(file.entries.count == targets.count && file.entries.allSatisfy { $0.scores.chain != nil && $0.listRank != nil })
        #expect(throws: ChainMatchError.self) { try synth.write([], to: "/tmp/not-marked.csv") }
    }
}
