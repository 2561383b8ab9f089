import Foundation
import Testing
@testable import ChainMatch

/// A campaign judges the enterprise's project in the node it wants, not the firm's whole mix.
@Suite struct ProjectNeedsTests {
    func project(_ engine: Recommender, campaign id: String, enterprise: String) throws -> (ProjectNeeds, String) {
        let campaign = try engine.campaign(named: id)
        let encoded = try engine.encode([campaign])
        let row = try #require(engine.enterpriseIndex[enterprise])
        let p = ConstraintMasks(needs: engine.encoding.needs, limits: encoded.limits).project(enterprise: row, campaign: 0)
        return (p, engine.layout.nodeIDs[try #require(p.node)])
    }

    @Test func aGreenHydrogenProjectIsNotTwoHighBecauseItsOwnerRunsCoalChemicals() throws {
        let engine = try BundledEngine.get()
        // 宝丰能源: coal-to-olefins (two-high) and green hydrogen.
        let (h2, h2Node) = try project(engine, campaign: "nm-wuhai-hydrogen", enterprise: "SH600989")
        #expect(h2Node.hasPrefix("h2.") && !h2.twoHigh, "\(h2Node)")
        let (coal, coalNode) = try project(engine, campaign: "nm-wuhai-coal-based-materials", enterprise: "SH600989")
        #expect(coalNode.hasPrefix("cc."), "\(coalNode)")
        #expect(coal.node != h2.node)
    }

    @Test func anAluminiumRollingProjectIsNotASmelter() throws {
        let engine = try BundledEngine.get()
        let mingtai = try #require(engine.datasets.enterprises.first { $0.name.hasPrefix("河南明泰铝业") })
        let (p, node) = try project(engine, campaign: "yn-yanshan-green-aluminium", enterprise: mingtai.id)
        #expect(node != "al.smelting" && node.hasPrefix("al."), "\(node)")
        #expect(!p.twoHigh)
        let list = try engine.rank([try engine.campaign(named: "yn-yanshan-green-aluminium")])[0]
        #expect(list.results.prefix(10).contains { $0.enterprise.id == mingtai.id })
    }

    @Test func aHeadquartersProjectNeedsLittleLand() throws {
        let engine = try BundledEngine.get()
        let list = try engine.rank([try engine.campaign(named: "yn-kunming-headquarters")])[0]
        let capacity = try #require(list.campaign.capacity.landMu)
        for r in list.results {
            #expect(r.project.landMu <= capacity)
            #expect(r.project.landMu > 0 || r.project.energyTce > 0, "\(r.enterprise.name)")
        }
        // No bank, insurer or property developer: they are on no chain node.
        for r in list.results { #expect(!r.chainNodes.isEmpty, "\(r.enterprise.name)") }
        #expect(!list.results.contains { $0.enterprise.name.contains("银行") || $0.enterprise.name.contains("保险") || $0.enterprise.name.contains("地产") })
    }

    @Test func needsComeFromTheProjectNodeAndAreNeverZero() throws {
        let engine = try BundledEngine.get()
        let unit = engine.encoding.needs.unit
        for list in try engine.rank(try engine.bundledCampaigns()) {
            for r in list.results {
                let n = try #require(r.project.node)
                #expect(r.project.landMu == unit.landMuPer100m[n] * r.project.investment100m)
                #expect(r.project.energyTce == unit.energyTcePer100m[n] * r.project.investment100m)
                #expect(r.project.twoHigh == engine.models.taxonomy.nodes[n].twoHigh)
                #expect(r.project.landMu > 0 || r.project.energyTce > 0)
            }
        }
    }

    @Test func projectSizeBandsFollowEnterpriseSize() {
        #expect(EnterpriseEncoder.projectInvestment(revenue: nil) == 5)
        #expect(EnterpriseEncoder.projectInvestment(revenue: 10) == 1)
        #expect(EnterpriseEncoder.projectInvestment(revenue: 99) == 1.98)
        #expect(EnterpriseEncoder.projectInvestment(revenue: 100) == 5)
        #expect(EnterpriseEncoder.projectInvestment(revenue: 600) == 12)
        #expect(EnterpriseEncoder.projectInvestment(revenue: 1_000) == 20)
        #expect(EnterpriseEncoder.projectInvestment(revenue: 3_620) == 30)
    }

    @Test func aThresholdComparesExactValues() {
        // 0.5 亿 × 60 mu per 亿 = 30 mu exactly: a limit of 30 mu allows it, 29.999999 does not.
        var needs = EnterpriseNeeds(count: 1, nodes: 1, unit: NodeUnitNeeds(landMuPer100m: [60], energyTcePer100m: [0.1],
                                                                            waterTPer100m: [0], twoHigh: [false]))
        needs.projectInvestment100m = [0.5]
        needs.setNodes([0], enterprise: 0)
        var limits = CampaignLimits()
        limits.landMu = 30
        #expect(ConstraintMasks(needs: needs, limits: [limits]).allows(enterprise: 0, campaign: 0))
        limits.landMu = 29.999999
        #expect(!ConstraintMasks(needs: needs, limits: [limits]).allows(enterprise: 0, campaign: 0))
        // A value float32 would round across the limit: 0.1 × 5 = 0.5 against a limit of 0.5 tce.
        needs.projectInvestment100m = [5]
        var energy = CampaignLimits()
        energy.energyTce = 0.5
        #expect(ConstraintMasks(needs: needs, limits: [energy]).allows(enterprise: 0, campaign: 0))
    }
}

/// Reasons read as a bureau reads them: Chinese sentences quoting true figures.
@Suite struct ReasonTextTests {
    @Test func chineseReasonsHaveNoLatinTagsOrPlaceholders() throws {
        let engine = try BundledEngine.get()
        // Names quoted from the data may hold Latin letters (数据中心(IDC), TOPCon电池, 600084.SH); nothing else may.
        var quoted = engine.models.taxonomy.nodes.map(\.nameZh) + engine.models.taxonomy.chains.map(\.nameZh)
        quoted += engine.models.taxonomy.resources.map(\.nameZh)
        quoted += engine.models.placement.concepts.keys
        for list in try engine.rank(try engine.bundledCampaigns()) {
            let parkName = list.campaign.parkID.flatMap { engine.parksByID[$0]?.name }
            for r in list.results {
                var allowed = quoted + [r.enterprise.name, r.enterprise.shortName ?? "", r.enterprise.stockCode ?? "",
                                        r.enterprise.shenwanL3 ?? "", parkName ?? ""]
                allowed += r.enterprise.concepts + r.chainNodes.map(\.matched)
                allowed.sort { $0.count > $1.count }
                for sentence in r.reasons {
                    var rest = sentence
                    for a in allowed where !a.isEmpty { rest = rest.replacingOccurrences(of: a, with: "") }
                    #expect(rest.range(of: "[A-Za-z_]", options: .regularExpression) == nil, "\(list.campaign.id) \(r.enterprise.name): \(sentence)")
                    #expect(!sentence.contains("prior") && !sentence.contains("（）"), "\(sentence)")
                }
            }
        }
    }

    @Test func quotedFiguresEqualTheData() throws {
        let engine = try BundledEngine.get()
        for list in try engine.rank(try engine.bundledCampaigns()) {
            for r in list.results {
                guard let capacity = r.reasons.first(where: { $0.hasPrefix("承载能力") }) else {
                    Issue.record("\(r.enterprise.name) has no capacity sentence"); continue
                }
                #expect(capacity.contains("约\(Reasons.number(r.project.investment100m))亿元"), "\(capacity)")
                #expect(capacity.contains("约\(Reasons.number(r.project.landMu))亩"), "\(capacity)")
                #expect(capacity.contains("约\(Reasons.number(r.project.energyTce))吨标煤"), "\(capacity)")
                if let revenue = r.enterprise.revenueCNY100m, let profile = r.reasons.first(where: { $0.hasPrefix("企业画像") }) {
                    #expect(profile.contains("营业收入约\(Reasons.number(revenue))亿元"), "\(profile)")
                }
                // An endowment value quoted is at least the notable level and is the province's value.
                if let s = r.reasons.first(where: { $0.hasPrefix("资源禀赋") }) {
                    let pattern = try Regex("（([0-9]\\.[0-9][0-9])：")
                    let values = s.matches(of: pattern).compactMap { $0.output[1].substring.flatMap { Double(String($0)) } }
                    #expect(!values.isEmpty && values.allSatisfy { $0 >= Reasons.notableEndowment }, "\(s)")
                }
            }
        }
    }
}

@Suite struct AnchorExplanationTests {
    @Test func explainCallsAnAnchorAnAnchor() throws {
        let engine = try BundledEngine.get()
        let campaign = try engine.campaign(named: "qh-golmud-salt-lake-lithium")
        let anchor = try #require(campaign.anchors.first)
        let explanation = try engine.explain(campaign: campaign, enterpriseID: anchor.enterpriseID)
        #expect(explanation.sentences.contains { $0.contains("锚定企业") })
        #expect(!explanation.sentences.contains { $0.contains("排除名单") })
    }
}

@Suite struct WhatIfCauseTests {
    @Test func aCapacityOnlyScenarioCreditsRulesNotScores() throws {
        let engine = try BundledEngine.get()
        let campaign = try engine.campaign(named: "qh-golmud-salt-lake-lithium")
        let data = Data(#"{"name": "tight park", "capacity": {"land_mu": 120, "energy_tce": 15000, "two_high": "screen"}}"#.utf8)
        let scenario = try ScenarioReader.parse(data, file: "s.json", models: engine.models, enterprises: Set(engine.enterpriseIndex.keys))
        let analysis = try engine.whatIf(campaign: campaign, scenario: scenario)
        let entered = analysis.changes.filter { $0.kind == .entered }
        let left = analysis.changes.filter { $0.kind == .left }
        #expect(!entered.isEmpty && !left.isEmpty)
        // Every entrant came in because a rule freed a place; a capacity-only scenario changes a score only by
        // moving a project the park can no longer host to another node, and then the reason says which rules did.
        for c in entered {
            #expect(c.reason.hasPrefix("递补：") || c.reason.hasPrefix("规则放宽后入选"), "\(c.name): \(c.reason)")
            if !c.blockDeltas.values.allSatisfy({ abs($0) < 1e-12 }) { #expect(c.reason.contains("改按"), "\(c.name): \(c.reason)") }
        }
        // Every exit names every rule that now applies to it.
        let encoded = try engine.encode([scenario.applied(to: campaign)])
        let masks = ConstraintMasks(needs: engine.encoding.needs, limits: encoded.limits)
        var multiRule = 0
        var moved = 0
        for c in left {
            let row = engine.enterpriseIndex[c.enterpriseID]!
            let rules = masks.violations(enterprise: row, campaign: 0)
            if rules.count > 1 { multiRule += 1 }
            for rule in rules { #expect(c.reason.contains(rule.label(chinese: true)), "\(c.name): \(c.reason)") }
            if rules.isEmpty {
                // Not masked: its best project no longer fits, and the reason names every rule its old node breaks.
                let before = try #require(ConstraintMasks(needs: engine.encoding.needs, limits: try engine.encode([campaign]).limits)
                    .projectTerm(enterprise: row, campaign: 0))
                let broken = masks.capacityRules(of: engine.encoding.needs.needs(of: row, node: before.node), campaign: 0)
                #expect(!broken.isEmpty && c.reason.contains("改按"), "\(c.name): \(c.reason)")
                for rule in broken { #expect(c.reason.contains(rule.label(chinese: true)), "\(c.name): \(c.reason)") }
                moved += 1
            }
        }
        #expect(moved > 0, "the scenario should move some projects to another node")
        #expect(multiRule > 0, "the scenario should make some exits break several rules")
    }

    @Test func anAddedTargetIsCreditedAsATargetNotAsEndowment() throws {
        let engine = try BundledEngine.get()
        // Jinchang extends to cells (its suppliers and customers); making cells a fill target brings cell makers in.
        let campaign = try engine.campaign(named: "gs-jinchang-nickel-cobalt-battery")
        let data = Data(#"{"name": "add cells", "targets": {"add": [{"node": "li.cell", "gap": "fill", "priority": 1}]}}"#.utf8)
        let scenario = try ScenarioReader.parse(data, file: "s.json", models: engine.models, enterprises: Set(engine.enterpriseIndex.keys))
        let analysis = try engine.whatIf(campaign: campaign, scenario: scenario)
        let cellEntrants = analysis.changes.filter { $0.kind == .entered && $0.reason.hasPrefix("新增目标环节「锂电池电芯」") }
        #expect(cellEntrants.count >= 3, "\(analysis.changes.map(\.reason))")
        #expect(!analysis.changes.contains { $0.kind == .entered && $0.reason.hasPrefix("资源禀赋") })
    }
}
