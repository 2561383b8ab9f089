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
        return ModelSet(taxonomy: taxonomy, profiles: [profile], prior: prior, placement: placement())
    }

    /// Placement for the mini taxonomy: 锂电池 → li.b (exact), 锂业 → li.a (partial), Shenwan 630701 → li.b,
    /// Shenwan 999999 (a broad class) → li.b and li.c, board 储能 → li.c (exact).
    static func placement() -> PlacementModel {
        func rule(_ node: String, _ spec: PlacementModel.Specificity) -> PlacementModel.Rule {
            .init(node: node, role: .producer, specificity: spec, basis: "test")
        }
        return PlacementModel(
            shenwan: ["630701": [rule("li.b", .exact)], "999999": [rule("li.b", .broad), rule("li.c", .broad)]],
            concepts: ["储能": [rule("li.c", .exact)]],
            nameTerms: [.init(term: "锂电池", rule: rule("li.b", .exact), notInside: []),
                        .init(term: "锂业", rule: rule("li.a", .partial), notInside: [])])
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
        // w = α·g + β·A·g (suppliers) + γ·Aᵀ·g (customers) = [0.5, 1, 0.25], peak 1, times block weight 0.5:
        // the block weights (0.5, 0.3, 0, 0.2) are scaled to 100 points.
        #expect(chain == [25, 50, 12.5])
        #expect(encoded.chainParts[0][0] == ChainWeightPart(gap: 0, supplier: 0.5, customer: 0))
        #expect(encoded.chainParts[0][2] == ChainWeightPart(gap: 0, supplier: 0, customer: 0.25))
        // Endowment: lithium prior 1 in Qinghai and a green capacity share of 0.9, the largest → 1, so
        // nodes a and b fit 1 and node c (no resources) 0; only the target node b earns it (a project is
        // credited for the node it is in): 1 × chain weight 1 × 0.3.
        let endow = layout.range(of: .endowment).map { encoded.weights[$0, 0] }
        #expect(endow == [0, 30, 0])
        // An extend target wants its neighbours: they become targets for the endowment too.
        var extend = campaign
        extend.targets = [.init(reference: "li.b", nodes: ["li.b"], gap: .extend, priority: 1)]
        let extended = try encoder.encode([extend], enterpriseIndex: [:])
        let endowExtend = layout.range(of: .endowment).map { extended.weights[$0, 0] }
        #expect(endowExtend[0] > 0 && endowExtend[2] == 0)
        // Profile: preferences global500 1, listed 1, partner 2 → divided by 4, times 20 points.
        #expect(abs(encoded.weights[layout.profileColumn("global500"), 0] - 5) < 1e-4)
        #expect(abs(encoded.weights[layout.provinceColumn("江苏省")!, 0] - 10) < 1e-4)
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
        #expect(chain == [50, 0, 25])   // [0.5, 0, 0.25] / peak 0.5, times block weight 0.5 of 100 points
        // Node b is not wanted itself, so its endowment fit earns nothing.
        let endow = layout.range(of: .endowment).map { encoded.weights[$0, 0] }
        #expect(endow == [30, 0, 0])
    }

    @Test func enterpriseEvidenceAndNeedsByHand() throws {
        let models = try MiniModel.models()
        let layout = FeatureLayout(taxonomy: models.taxonomy, relatedness: [])
        let encoder = EnterpriseEncoder(taxonomy: models.taxonomy, layout: layout, placement: models.placement)
        let enterprises = [
            Enterprise(id: "E1", name: "某某锂电池有限公司", province: "江苏省", lists: [.listed], revenueCNY100m: 1000),
            Enterprise(id: "E2", name: "某某电气", stockCode: "000001.SZ", lists: [.global500], revenueCNY100m: 10, shenwanL3Code: "999999", shenwanL3: "宽类"),
            Enterprise(id: "E3", name: "某某锂业", revenueCNY100m: nil),
            Enterprise(id: "E4", name: "某某银行", revenueCNY100m: 5000),
        ]
        let e = encoder.encode(enterprises)
        let chain = { (row: Int) in layout.range(of: .chain).map { e.features[row, $0] } }
        // 锂电池 is an exact term (weight 0.9 for a name term): 0.9 in node b.
        #expect(chain(0) == [0, 0.9, 0])
        #expect(e.evidence[0] == [NodeEvidence(node: "li.b", kind: .nameTerm, matched: "锂电池", weight: 0.9)])
        // A broad class over two nodes: s = 0.3 each, equally prominent, so each keeps its strength: s² / max(s) = 0.3.
        #expect(abs(chain(1)[1] - 0.3) < 1e-6 && abs(chain(1)[2] - 0.3) < 1e-6)
        // A partial term: 0.9 × 0.6.
        #expect(abs(chain(2)[0] - 0.54) < 1e-6)
        #expect(chain(3) == [0, 0, 0])
        // The endowment block's features stay zero: a campaign credits its endowment weights to the project's node.
        #expect(layout.range(of: .endowment).map { e.features[0, $0] } == [0, 0, 0])
        // The needs carry each node's strength, the feature the project's credit multiplies.
        #expect(Array(e.needs.nodeStrength[Int(e.needs.nodeOrderStart[1])..<Int(e.needs.nodeOrderStart[2])]) == [chain(1)[1], chain(1)[2]])
        // Needs: project = 2% of 1000 亿 = 20 亿 (band 20–30 for R ≥ 1000); in node b: land 50 mu per 亿 → 1000 mu;
        // energy 0.1 tce/万元 × 200,000 万元.
        let all: [UInt64] = [0b111]
        #expect(e.projectInvestment100m[0] == 20)
        let p0 = e.needs.project(enterprise: 0, wanted: all, fallback: nil)
        #expect(p0.node == 1 && p0.landMu == 1000 && p0.energyTce == 20_000 && !p0.twoHigh)
        // Unknown revenue: 5 亿, in node a (100 mu per 亿), which is two-high.
        let p2 = e.needs.project(enterprise: 2, wanted: all, fallback: nil)
        #expect(p2.node == 0 && p2.landMu == 500 && p2.twoHigh)
        // The bank is in no node: its project is the campaign's fallback node, never zero land.
        let p3 = e.needs.project(enterprise: 3, wanted: all, fallback: 2)
        #expect(p3.node == 2 && p3.investment100m == 30 && p3.landMu == 1500)
        // The project follows the campaign: a campaign wanting only node c puts E2's project there.
        #expect(e.needs.project(enterprise: 1, wanted: [0b100], fallback: nil).node == 2)
        // Profile: list flags and HQ province.
        #expect(e.features[0, layout.profileColumn("listed")] == 1)
        #expect(e.features[0, layout.provinceColumn("江苏省")!] == 1)
        #expect(e.features[3, layout.profileColumn("size")] == 1)   // largest revenue
    }
}

@Suite struct NodeStrengthTests {
    /// Every bundled enterprise's chain features are its node strengths weighted by prominence (s² / max s): its
    /// strongest node keeps its full strength, no other node exceeds it, the needs carry the same values in the
    /// same order, and the endowment block stays zero.
    @Test func chainFeaturesAreProminenceWeightedStrengths() throws {
        let engine = try Recommender.load(from: DataLocation(root: repositoryRoot))
        let f = engine.encoding.features, layout = engine.layout, needs = engine.encoding.needs
        let chain = layout.range(of: .chain), endowment = layout.range(of: .endowment)
        var placed = 0, spread = 0
        for row in 0..<f.rows {
            #expect(endowment.allSatisfy { f[row, $0] == 0 })
            let range = Int(needs.nodeOrderStart[row])..<Int(needs.nodeOrderStart[row + 1])
            let nodes = needs.nodeOrder[range].map(Int.init), strengths = Array(needs.nodeStrength[range])
            #expect(nodes.map { f[row, chain.lowerBound + $0] } == strengths)
            #expect(chain.filter { f[row, $0] != 0 }.count == nodes.count)
            guard let top = strengths.first else { continue }
            placed += 1
            #expect(strengths.allSatisfy { $0 <= top }, "strongest first")
            if strengths.count > 1 && strengths.last! < top { spread += 1 }
        }
        #expect(placed > 3000 && spread > 500)
    }
}
