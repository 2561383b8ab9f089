import Testing
@testable import ChainMatch

/// A three-node chain a → b → c, small enough to check every weight by hand.
enum MiniModel {
    static func node(_ id: String, upstream: [String], keywords: [String], classes: [String] = [], resources: [String] = [],
                     land: Double = 50, energy: Double = 0.1, twoHigh: Bool = false) -> ChainNode {
        ChainNode(id: id, chain: "li", nameZh: id, nameEn: id, stage: .midstream, gbt4754: [], listedIndustries: classes,
                  global500Industries: [], keywords: keywords, upstream: upstream,
                  needs: .init(landMuPer100mCNY: land, energyTcePer10kCNY: energy, waterTPer10kCNY: 1, resources: resources),
                  twoHigh: twoHigh, basis: .init(land: "judgement", energy: "judgement", water: "judgement", twoHigh: "judgement"))
    }

    static func models() throws -> ModelSet {
        let resources = [
            Resource(id: "lithium", nameZh: "锂", nameEn: "lithium", descriptionZh: "", descriptionEn: "", source: .prior),
            Resource(id: "green_power", nameZh: "绿电", nameEn: "green power", descriptionZh: "", descriptionEn: "", source: .regions),
        ]
        let nodes = [
            node("li.a", upstream: [], keywords: ["锂"], resources: ["lithium"], land: 100, energy: 1.0, twoHigh: true),
            node("li.b", upstream: ["li.a"], keywords: ["锂电池"], classes: ["电气设备"], resources: ["lithium", "green_power"]),
            node("li.c", upstream: ["li.b"], keywords: ["储能"], classes: ["电气设备"]),
        ]
        let taxonomy = try ChainTaxonomy(version: "t", date: "2026-12-01", resources: resources,
                                         chains: [Chain(id: "li", nameZh: "锂电", nameEn: "lithium")], nodes: nodes)
        let profile = WeightProfile(
            name: "balanced", version: "t", descriptionZh: "", descriptionEn: "",
            blocks: .init(chain: 0.5, endowment: 0.3, relatedness: 0, profile: 0.2),
            spill: .init(alpha: 1, beta: 0.5, gamma: 0.25),
            preferences: .init(global500: 1, china500: 0, private500: 0, centralSOE: 0, listed: 1, chainLeader: 0, size: 0, partnerProvince: 2))
        var entries: [String: [String: EndowmentPrior.Entry]] = [:]
        for p in Province.names { entries[p] = ["lithium": .init(value: p == "青海省" ? 1 : 0.1)] }
        let prior = EndowmentPrior(version: "t", date: "2026-12-01", resources: ["lithium"], provinces: Province.names, entries: entries)
        return ModelSet(taxonomy: taxonomy, profiles: [profile], prior: prior)
    }

    static func regions() -> [Region] {
        Province.names.map { p in
            let green = p == "青海省" ? 900.0 : 100.0
            return Region(province: p, nameEn: Province.english[p] ?? p, populationYear: 2022, populationTotal: 1_000_000,
                          populationUrban: nil, populationRural: nil,
                          measures: ["capacity_hydro_10mw": .init(value: green, year: 2024),
                                     "capacity_thermal_10mw": .init(value: 1000 - green, year: 2024)])
        }
    }
}

@Suite struct FeatureEncodingTests {
    @Test func chainWeightsSpillByHand() throws {
        let models = try MiniModel.models()
        let layout = FeatureLayout(taxonomy: models.taxonomy, relatedness: [])
        let endowment = try RegionEndowment(taxonomy: models.taxonomy, prior: models.prior, regions: MiniModel.regions())
        let encoder = CampaignEncoder(models: models, layout: layout, endowment: endowment)
        let campaign = Campaign(id: "t", nameZh: "t", nameEn: "t", basis: "", parkID: nil, province: "青海省", profile: "balanced",
                                targets: [.init(reference: "li.b", nodes: ["li.b"], gap: .fill, priority: 1)],
                                partners: ["江苏省"])
        let encoded = try encoder.encode([campaign], enterpriseIndex: [:])
        let chain = layout.range(of: .chain).map { encoded.weights[$0, 0] }
        // w = α·g + β·A·g (suppliers) + γ·Aᵀ·g (customers) = [0.5, 1, 0.25], peak 1, times block weight 0.5.
        #expect(chain == [0.25, 0.5, 0.125])
        #expect(encoded.chainParts[0][0] == ChainWeightPart(gap: 0, supplier: 0.5, customer: 0))
        #expect(encoded.chainParts[0][2] == ChainWeightPart(gap: 0, supplier: 0, customer: 0.25))
        // Endowment: lithium prior 1 in Qinghai and a green capacity share of 0.9, the largest → 1, so
        // nodes a and b fit 1 and node c (no resources) 0; times the chain weights [0.5, 1, 0.25] and 0.3.
        let endow = layout.range(of: .endowment).map { encoded.weights[$0, 0] }
        #expect(endow == [0.15, 0.3, 0])
        // Profile: preferences global500 1, listed 1, partner 2 → divided by 4, times 0.2.
        #expect(abs(encoded.weights[layout.profileColumn("global500"), 0] - 0.05) < 1e-6)
        #expect(abs(encoded.weights[layout.provinceColumn("江苏省")!, 0] - 0.1) < 1e-6)
        #expect(encoded.weights[layout.provinceColumn("浙江省")!, 0] == 0)
    }

    @Test func extendTargetsWantNeighboursNotThemselves() throws {
        let models = try MiniModel.models()
        let layout = FeatureLayout(taxonomy: models.taxonomy, relatedness: [])
        let endowment = try RegionEndowment(taxonomy: models.taxonomy, prior: models.prior, regions: MiniModel.regions())
        let campaign = Campaign(id: "t", nameZh: "t", nameEn: "t", basis: "", parkID: nil, province: "青海省", profile: "balanced",
                                targets: [.init(reference: "li.b", nodes: ["li.b"], gap: .extend, priority: 1)])
        let encoded = try CampaignEncoder(models: models, layout: layout, endowment: endowment).encode([campaign], enterpriseIndex: [:])
        let chain = layout.range(of: .chain).map { encoded.weights[$0, 0] }
        #expect(chain == [0.5, 0, 0.25])   // [0.5, 0, 0.25] / peak 0.5, times 0.5
        // Node b is not wanted itself, so its endowment fit earns nothing.
        let endow = layout.range(of: .endowment).map { encoded.weights[$0, 0] }
        #expect(endow == [0.3, 0, 0])
    }

    @Test func enterpriseEvidenceAndNeedsByHand() throws {
        let models = try MiniModel.models()
        let layout = FeatureLayout(taxonomy: models.taxonomy, relatedness: [])
        let encoder = EnterpriseEncoder(taxonomy: models.taxonomy, layout: layout)
        let enterprises = [
            Enterprise(id: "E1", name: "某某锂电池有限公司", province: "江苏省", lists: [.listed], revenueCNY100m: 1000),
            Enterprise(id: "E2", name: "某某电气", listedIndustry: "电气设备", lists: [.global500], revenueCNY100m: 10),
            Enterprise(id: "E3", name: "某某锂业", revenueCNY100m: nil),
            Enterprise(id: "E4", name: "某某银行", revenueCNY100m: 5000),
        ]
        let e = encoder.encode(enterprises)
        let chain = { (row: Int) in layout.range(of: .chain).map { e.features[row, $0] } }
        // 锂 yields to the longer 锂电池: only node b.
        #expect(chain(0) == [0, 1, 0])
        #expect(e.evidence[0] == [NodeEvidence(node: "li.b", kind: .keyword, matched: "锂电池", weight: 1)])
        // A class shared by two nodes: 0.6/√2 each, left below unit length.
        let classWeight = Float(0.6) / Float(2).squareRoot()
        #expect(abs(chain(1)[1] - classWeight) < 1e-6 && abs(chain(1)[2] - classWeight) < 1e-6)
        #expect(chain(2) == [1, 0, 0])
        #expect(chain(3) == [0, 0, 0])
        // The endowment block repeats the chain activity.
        #expect(layout.range(of: .endowment).map { e.features[0, $0] } == chain(0))
        // Needs: project = 2% of 1000 亿 = 20 亿; land 50 mu per 亿 → 1000 mu; energy 0.1 tce/万元 × 200,000 万元.
        #expect(e.projectInvestment100m[0] == 20)
        #expect(e.needs.landMu[0] == 1000)
        #expect(e.needs.energyTce[0] == 20_000)
        // Unknown revenue: 5 亿; node a is two-high.
        #expect(e.needs.landMu[2] == 500)
        #expect(e.needs.twoHigh[2] && !e.needs.twoHigh[0])
        // Profile: list flags and HQ province.
        #expect(e.features[0, layout.profileColumn("listed")] == 1)
        #expect(e.features[0, layout.provinceColumn("江苏省")!] == 1)
        #expect(e.features[3, layout.profileColumn("size")] == 1)   // largest revenue
    }
}
