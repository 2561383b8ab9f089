import Foundation
import Testing
@testable import ChainMatch

/// One engine over the bundled data, shared by the ranking tests (loading takes ~100 ms).
enum BundledEngine {
    static let shared: Result<Recommender, Error> = Result {
        try Recommender.load(from: DataLocation(root: repositoryRoot))
    }
    static func get() throws -> Recommender { try shared.get() }
}

@Suite struct RankingTests {
    @Test func everyBundledCampaignResolvesAndRanks() throws {
        let engine = try BundledEngine.get()
        let campaigns = try engine.bundledCampaigns()
        #expect(campaigns.count >= 10)
        let lists = try engine.rank(campaigns)
        for list in lists {
            #expect(list.campaign.parkID.flatMap { engine.parksByID[$0] } != nil, "\(list.campaign.id) park")
            #expect(list.results.count == list.campaign.top, "\(list.campaign.id) is full")
            #expect(list.shortfall.isEmpty, "\(list.campaign.id) shortfall \(list.shortfall)")
        }
    }

    /// Tolerance: the score is a float32 GEMM, the parts double-precision sums of the same terms.
    @Test func contributionsSumToTheScore() throws {
        let engine = try BundledEngine.get()
        for list in try engine.rank(try engine.bundledCampaigns()) {
            for r in list.results {
                #expect(abs(r.breakdown.total - Double(r.score)) <= 1e-4, "\(list.campaign.id) \(r.enterprise.id)")
            }
        }
    }

    @Test func hardRulesHoldOnRealCampaigns() throws {
        let engine = try BundledEngine.get()
        for list in try engine.rank(try engine.bundledCampaigns()) {
            let c = list.campaign
            var perGroup: [String: Int] = [:]
            for r in list.results {
                if let land = c.capacity.landMu { #expect(r.project.landMu <= land) }
                if let energy = c.capacity.energyTce { #expect(r.project.energyTce <= energy) }
                if !c.capacity.allowsTwoHigh { #expect(!r.project.twoHigh, "\(c.id): two-high \(r.enterprise.name)") }
                // Every project has a node and needs land or energy (a generator uses no energy quota).
                #expect(r.project.node != nil && (r.project.landMu > 0 || r.project.energyTce > 0), "\(c.id) \(r.enterprise.name)")
                if !c.lists.isEmpty { #expect(!r.lists.isDisjoint(with: ListMembership(text: c.lists.joined(separator: ";"))!)) }
                #expect(!c.exclusions.contains { $0.enterpriseID == r.enterprise.id })
                perGroup[r.enterprise.parentGroupID ?? r.enterprise.id, default: 0] += 1
            }
            if let cap = c.maxPerGroup { #expect(perGroup.values.allSatisfy { $0 <= cap }, "\(c.id) group cap") }
            for quota in c.quotas {
                // An enterprise counts toward the quota its project (the wanted node it is strongest in) is in.
                let inScope = list.results.filter { r in
                    r.project.node.map { quota.covers(engine.models.taxonomy.nodes[$0]) } ?? false
                }.count
                #expect(inScope >= quota.minimum, "\(c.id) quota \(quota.scope): \(inScope) < \(quota.minimum)")
            }
        }
    }

    @Test func lithiumCampaignRanksLithiumAboveBanks() throws {
        let engine = try BundledEngine.get()
        let list = try engine.rank([try engine.campaign(named: "qh-golmud-salt-lake-lithium")])[0]
        let names = list.results.map(\.enterprise.name)
        // Nine of the top ten are placed on the lithium or salt-lake chain first.
        let onChain = list.results.prefix(10).filter { r in
            guard let first = r.chainNodes.nodes.first, let chain = engine.models.taxonomy.node(first)?.chain else { return false }
            return chain == "li" || chain == "sl"
        }
        #expect(onChain.count >= 9, "\(names.prefix(10))")
        #expect(!names.contains { $0.contains("银行") })
        // A bank scores below every listed enterprise even without the chain rule.
        var campaign = try engine.campaign(named: "qh-golmud-salt-lake-lithium")
        campaign.requireChainMatch = false
        let open = try engine.rank([campaign])[0]
        #expect(!open.results.contains { $0.enterprise.name.contains("银行") })
    }

    @Test func twoHighAndLandRulesMaskHighScorers() throws {
        let engine = try BundledEngine.get()
        var campaign = try engine.campaign(named: "nm-wuhai-coal-based-materials")
        let allowed = try engine.rank([campaign])[0]
        let twoHighInAllowed = allowed.results.filter { $0.project.twoHigh }
        #expect(!twoHighInAllowed.isEmpty, "the coal-materials campaign has two-high candidates to screen")
        campaign.capacity.allowsTwoHigh = false
        campaign.capacity.landMu = 100
        let screened = try engine.rank([campaign])[0]
        for r in screened.results {
            #expect(!r.project.twoHigh)
            #expect(r.project.landMu <= 100)
        }
        let explanation = try engine.explain(campaign: campaign, enterpriseID: twoHighInAllowed[0].enterprise.id)
        #expect(!explanation.selected && explanation.rules.contains(.twoHigh))
    }

    @Test func reasonsNameRealData() throws {
        let engine = try BundledEngine.get()
        for list in try engine.rank(try engine.bundledCampaigns()) {
            for r in list.results {
                // Capacity and profile always; a chain sentence whenever the chain block contributes.
                #expect(r.reasons.count >= 2, "\(list.campaign.id) \(r.enterprise.id)")
                if r.breakdown[.chain] > 0 { #expect(r.reasons.first?.hasPrefix("产业链") == true) }
                // The chain sentence quotes evidence the enterprise really has.
                if let first = r.reasons.first, first.hasPrefix("产业链") {
                    let e = r.enterprise
                    let quoted = r.chainNodes.contains { ev in
                        guard first.contains(ev.matched) else { return false }
                        switch ev.kind {
                        case .nameTerm: return e.name.contains(ev.matched) || (e.shortName ?? "").contains(ev.matched)
                        case .shenwan: return e.shenwanL3 == ev.matched
                        case .concept: return e.concepts.contains(ev.matched)
                        case .product:
                            return engine.models.placement.products[e.id]?.contains {
                                $0.node == ev.node && engine.models.taxonomy.node($0.node)?.nameZh == ev.matched
                            } ?? false
                        case .subsidiary:
                            let linked = Set(engine.models.placement.groupLinks.filter { $0.groupID == e.id }.map(\.memberID))
                            return engine.datasets.enterprises.contains {
                                ($0.parentGroupID == e.id || linked.contains($0.id)) && ($0.shortName ?? $0.name) == ev.matched
                            }
                        case .chainLeader:
                            return engine.models.placement.leaders.contains {
                                $0.enterpriseID == e.id && engine.models.taxonomy.chain($0.chain)?.nameZh == ev.matched && $0.nodes.contains(ev.node)
                            }
                        }
                    }
                    #expect(quoted, "\(first)")
                }
                // The capacity sentence states the land need computed for this enterprise.
                let land = Reasons.number(r.project.landMu)
                #expect(r.reasons.contains { $0.hasPrefix("承载能力") && $0.contains("\(land)亩") })
                // The endowment sentence quotes the region's basis.
                if let s = r.reasons.first(where: { $0.hasPrefix("资源禀赋") }) {
                    let province = list.campaign.province
                    let quotesBasis = engine.models.taxonomy.resources.contains { res in
                        guard let basis = engine.endowment.basis(province: province, resource: res.id), !basis.isEmpty else { return false }
                        return s.contains(basis)
                    }
                    #expect(quotesBasis, "\(s)")
                }
            }
        }
    }

    @Test func explainsUnselectedEnterprisesByRuleOrDistance() throws {
        let engine = try BundledEngine.get()
        let campaign = try engine.campaign(named: "qh-golmud-salt-lake-lithium")
        let list = try engine.rank([campaign])[0]
        let first = try engine.explain(campaign: campaign, enterpriseID: list.results[0].enterprise.id)
        #expect(first.selected && first.listRank == 1)
        let bank = try engine.explain(campaign: campaign, enterpriseID: "SH601398")
        #expect(!bank.selected && bank.rules == [.offChain])
        // An eligible enterprise below the cut: the best of a longer list that the real list left out.
        var open = campaign
        open.top = 60
        open.quotas = []
        open.maxPerGroup = nil
        let longer = try engine.rank([open])[0]
        let listed = Set(list.results.map(\.enterprise.id))
        let left = try #require(longer.results.first { !listed.contains($0.enterprise.id) && $0.score < list.results.last!.score })
        let below = try engine.explain(campaign: campaign, enterpriseID: left.enterprise.id)
        #expect(!below.selected && below.rules.isEmpty && below.eligibleRank != nil)
        #expect(below.sentences[0].contains("入选线"))
        #expect(throws: ChainMatchError.self) { try engine.explain(campaign: campaign, enterpriseID: "NOPE") }
    }

    @Test func emptyScenarioEqualsTheBaselineByteForByte() throws {
        let engine = try BundledEngine.get()
        for campaign in try engine.bundledCampaigns().prefix(4) {
            let analysis = try engine.whatIf(campaign: campaign, scenario: Scenario(name: "nothing"))
            #expect(analysis.diff.isEmpty && analysis.changes.isEmpty)
            #expect(try RankingWriter.json([analysis.baseline]) == RankingWriter.json([analysis.result]))
            #expect(RankingWriter.csv(analysis.baseline) == RankingWriter.csv(analysis.result))
        }
    }

    @Test func scenarioChangesAreExplained() throws {
        let engine = try BundledEngine.get()
        let campaign = try engine.campaign(named: "qh-golmud-salt-lake-lithium")
        let data = Data("""
        {"name": "cell plant landed", "targets": {"add": [{"node": "li.pack", "gap": "fill"}], "remove": ["li.cell"]},
         "capacity": {"land_mu": 100}}
        """.utf8)
        let scenario = try ScenarioReader.parse(data, file: "s.json", models: engine.models, enterprises: Set(engine.enterpriseIndex.keys))
        let analysis = try engine.whatIf(campaign: campaign, scenario: scenario)
        #expect(!analysis.changes.isEmpty)
        for r in analysis.result.results { #expect(r.project.landMu <= 100) }
        let left = analysis.changes.filter { $0.kind == .left }
        #expect(left.contains { $0.reason.contains("用地") })
        #expect(throws: ChainMatchError.self) {
            try ScenarioReader.parse(Data(#"{"targets": {"add": [{"node": "li.nope"}]}}"#.utf8), file: "s.json", models: engine.models, enterprises: [])
        }
        #expect(throws: ChainMatchError.self) {
            try ScenarioReader.parse(Data(#"{"capacity": {"land": 5}}"#.utf8), file: "s.json", models: engine.models, enterprises: [])
        }
    }

    @Test func chainMapCoversTargetChains() throws {
        let engine = try BundledEngine.get()
        let campaign = try engine.campaign(named: "gs-jinchang-nickel-cobalt-battery")
        let map = try engine.chainMap(campaign: campaign)
        let targets = Set(campaign.targets.flatMap(\.nodes))
        #expect(Set(map.nodes.map(\.id)).isSuperset(of: targets))
        for node in map.nodes where targets.contains(node.id) { #expect(node.gap != nil) }
        #expect(map.nodes.contains { !$0.bestTargets.isEmpty })
    }
}

@Suite struct AnchorTests {
    @Test func anchorsWantTheirNeighboursAndAreNotProposed() throws {
        let engine = try BundledEngine.get()
        var campaign = try engine.campaign(named: "qh-golmud-salt-lake-lithium")
        #expect(campaign.anchors.map(\.enterpriseID) == ["SZ000792"])
        let withAnchor = try engine.rank([campaign])[0]
        #expect(!withAnchor.results.contains { $0.enterprise.id == "SZ000792" })
        let encoded = try engine.encode([campaign])
        campaign.anchors = []
        let without = try engine.encode([campaign])
        // The anchor's nodes spill to their suppliers and customers (weights are rescaled to a peak of 1,
        // so compare the spill parts, which only the anchor can raise).
        let chain = engine.layout.range(of: .chain)
        var grew = 0
        for f in chain {
            if encoded.chainParts[0][f - chain.lowerBound].supplier + encoded.chainParts[0][f - chain.lowerBound].customer
                > without.chainParts[0][f - chain.lowerBound].supplier + without.chainParts[0][f - chain.lowerBound].customer { grew += 1 }
        }
        #expect(grew > 0)
        let why = try engine.explain(campaign: try engine.campaign(named: "qh-golmud-salt-lake-lithium"), enterpriseID: "SZ000792")
        #expect(why.rules.contains(.excluded))
    }
}

@Suite struct ChainLeaderTests {
    @Test func leadersAreTheLargestInEachChainsCore() throws {
        let engine = try BundledEngine.get()
        let taxonomy = engine.models.taxonomy
        let chainStart = engine.layout.range(of: .chain).lowerBound
        func core(_ row: Int, _ chain: String) -> Float {
            taxonomy.nodes.enumerated().reduce(Float(0)) { sum, item in
                let (i, node) = item
                guard node.chain == chain, node.stage == .midstream || node.stage == .downstream else { return sum }
                return sum + engine.encoding.features[row, chainStart + i]
            }
        }
        var chainsWithLeaders = 0
        let reviewed = Dictionary(grouping: engine.models.placement.leaders, by: \.chain)
        let rowOf = engine.enterpriseIndex
        for chain in taxonomy.chains {
            let leaders = engine.encoding.chainLeaderOf.indices.filter { engine.encoding.chainLeaderOf[$0].contains(chain.id) }
            if !leaders.isEmpty { chainsWithLeaders += 1 }
            // Every reviewed leader of the chain is a leader.
            let reviewedRows = Set((reviewed[chain.id] ?? []).compactMap { rowOf[$0.enterpriseID] })
            #expect(reviewedRows.count == (reviewed[chain.id] ?? []).count, "\(chain.id): a reviewed leader is not an enterprise")
            #expect(reviewedRows.isSubset(of: leaders), "\(chain.id)")
            // The others are derived: at most three, Chinese, at least half their activity in the chain's core,
            // and no eligible non-leader is larger than the smallest of them when three were named.
            let derived = leaders.filter { !reviewedRows.contains($0) }
            #expect(derived.count <= 3)
            for row in derived {
                #expect(core(row, chain.id) >= 0.5, "\(chain.id) \(engine.datasets.enterprises[row].name)")
                #expect(engine.datasets.enterprises[row].province != nil)
            }
            let smallestLeader = derived.compactMap { engine.datasets.enterprises[$0].revenueCNY100m }.min() ?? .infinity
            if derived.count == 3 {
                let exact = Set(engine.datasets.enterprises.indices.filter { row in
                    engine.encoding.evidence[row].contains { $0.kind != .subsidiary && $0.specificity == .exact && taxonomy.node($0.node)?.chain == chain.id }
                })
                for row in engine.datasets.enterprises.indices where !leaders.contains(row) && core(row, chain.id) >= 0.5
                    && exact.contains(row) && engine.datasets.enterprises[row].province != nil {
                    #expect((engine.datasets.enterprises[row].revenueCNY100m ?? 0) <= smallestLeader)
                }
            }
            for row in leaders { #expect(engine.encoding.needs.lists[row].contains(.chainLeader)) }
            // No foreign enterprise leads a Chinese chain unless reviewed.
            for row in derived { #expect(engine.datasets.enterprises[row].country == "中国") }
        }
        #expect(chainsWithLeaders >= 15)
    }
}
