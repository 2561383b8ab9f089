import Foundation
import Testing
@testable import ChainMatch

/// Placement on the bundled data: enterprises checked by hand against what they make.
@Suite struct PlacementTests {
    func activity(_ engine: Recommender, _ id: String) throws -> [String: Float] {
        let row = try #require(engine.enterpriseIndex[id], "\(id) is not in the bundled data")
        return Dictionary(uniqueKeysWithValues: EnterpriseEncoder.activity(engine.encoding.evidence[row]).map { ($0.node, $0.a) })
    }

    @Test func cathodeMakersSitOnCathodeNotCells() throws {
        let engine = try BundledEngine.get()
        // 当升科技, 容百科技 (NCM cathode), 湖南裕能 (LFP cathode).
        for id in ["SZ300073", "SH688005", "SZ301358"] {
            let a = try activity(engine, id)
            let cathode = a["li.cathode"] ?? 0
            // Cathode is its strongest node, well above cells.
            #expect(cathode == a.values.max(), "\(id) is placed elsewhere first: \(a)")
            #expect(cathode > 2 * (a["li.cell"] ?? 0), "\(id) is placed on cells: \(a)")
        }
    }

    @Test func aPETMakerIsOnNoLithiumNode() throws {
        let engine = try BundledEngine.get()
        let a = try activity(engine, "SZ301216")   // 万凯新材: PET bottle chips
        #expect(!a.keys.contains { $0.hasPrefix("li.") }, "\(a)")
    }

    @Test func gasUtilitiesAreOnHydrogenOnlyWithHydrogenEvidence() throws {
        let engine = try BundledEngine.get()
        var utilities = 0
        for (row, e) in engine.datasets.enterprises.enumerated() where e.shenwanL3 == "燃气Ⅲ" {
            utilities += 1
            for ev in engine.encoding.evidence[row] where ev.node.hasPrefix("h2.") {
                // Only hydrogen evidence — a board or term naming hydrogen, or a reviewed hydrogen product
                // (佛燃能源 runs refuelling stations) — may put a gas utility on hydrogen, never its industry.
                #expect(ev.kind == .concept || ev.kind == .nameTerm || ev.kind == .product, "\(e.name): \(ev)")
                if ev.kind != .product { #expect(ev.matched.contains("氢") || ev.matched.contains("燃料电池"), "\(e.name): \(ev)") }
            }
            // Its strongest node is gas distribution, not hydrogen.
            if let first = engine.encoding.evidence[row].nodes.first { #expect(!first.hasPrefix("h2."), "\(e.name)") }
        }
        #expect(utilities >= 20)
    }

    @Test func dongfengTechnologyIsOnNoWindNode() throws {
        let engine = try BundledEngine.get()
        let a = try activity(engine, "SH600081")   // 东风电子科技: car parts; "东风电子" contains 风电
        #expect(!a.keys.contains { $0.hasPrefix("re.") }, "\(a)")
        #expect(a["eq.auto_parts"] ?? 0 > 0)
    }

    @Test func chipMakersAreNotPolysiliconOrWaferMakers() throws {
        let engine = try BundledEngine.get()
        for (row, e) in engine.datasets.enterprises.enumerated()
        where ["数字芯片设计", "模拟芯片设计", "集成电路制造", "集成电路封测"].contains(e.shenwanL3 ?? "") {
            for ev in engine.encoding.evidence[row] where ev.node == "pv.polysilicon" || ev.node == "pv.wafer" {
                #expect(ev.kind != .shenwan, "\(e.name): \(ev)")
            }
        }
    }

    @Test func specificEvidenceOutranksBroadEvidence() throws {
        let engine = try BundledEngine.get()
        for (row, evidence) in engine.encoding.evidence.enumerated() {
            let activity = EnterpriseEncoder.activity(evidence)
            // An enterprise placed by one broad class alone never has more than 0.3 anywhere.
            if !evidence.isEmpty && evidence.allSatisfy({ $0.specificity == .broad && $0.kind != .subsidiary })
                && Set(evidence.map { "\($0.kind)\($0.matched)" }).count == 1 {
                #expect(activity.allSatisfy { $0.a <= 0.3 + 1e-6 }, "\(engine.datasets.enterprises[row].name)")
            }
        }
        // 天齐锂业 (Shenwan 锂, exact for lithium carbonate) is placed on lithium carbonate first, whatever its
        // boards say (刀片电池, 固态电池, 锂电池 put it on cells).
        let tianqi = try activity(engine, "SZ002466")
        #expect(tianqi["li.carbonate"] == tianqi.values.max(), "\(tianqi)")
        #expect((tianqi["li.carbonate"] ?? 0) > (tianqi["li.cell"] ?? 0), "\(tianqi)")
    }

    @Test func unlistedGroupsInheritTheirListedMembersNodes() throws {
        let engine = try BundledEngine.get()
        // 通威集团 → 通威股份 (group link in models/evidence/group_links.csv): polysilicon and cells.
        let group = try #require(engine.datasets.enterprises.first { $0.name.hasPrefix("通威集团") })
        let a = try activity(engine, group.id)
        #expect((a["pv.polysilicon"] ?? 0) > 0 || (a["pv.cell"] ?? 0) > 0, "\(a)")
        let row = engine.enterpriseIndex[group.id]!
        #expect(engine.encoding.evidence[row].contains { $0.kind == .subsidiary && $0.matched == "通威股份" })
    }

    @Test func noForeignConsumerElectronicsGroupLeadsAChineseChain() throws {
        let engine = try BundledEngine.get()
        for (row, chains) in engine.encoding.chainLeaderOf.enumerated() where !chains.isEmpty {
            let e = engine.datasets.enterprises[row]
            #expect(["中国", "中国香港", "中国澳门"].contains(e.country ?? "中国"), "\(e.name) leads \(chains)")
        }
        for name in ["三星电子", "索尼", "LG电子"] {
            if let e = engine.datasets.enterprises.first(where: { $0.name.hasPrefix(name) }) {
                #expect(engine.encoding.chainLeaderOf[engine.enterpriseIndex[e.id]!].isEmpty, "\(name)")
            }
        }
    }

    @Test func everyReviewedTableNamesRealEnterprises() throws {
        let engine = try BundledEngine.get()
        try PlacementModelReader.check(engine.models.placement, against: engine.datasets.enterprises,
                                       folder: engine.location.models + "/" + PlacementModelReader.folder)
        #expect(engine.models.placement.leaders.count >= 100)
        #expect(Set(engine.models.placement.leaders.map(\.chain)).count == engine.models.taxonomy.chains.count)
    }

    @Test func nameTermsAreWholeWords() throws {
        let models = try ModelReader.load(from: DataLocation(root: repositoryRoot))
        let layout = FeatureLayout(taxonomy: models.taxonomy, relatedness: [])
        let encoder = EnterpriseEncoder(taxonomy: models.taxonomy, layout: layout, placement: models.placement)
        #expect(models.placement.nameTerms.allSatisfy { $0.term.unicodeScalars.count >= 2 })
        // 风电 inside 东风电子 does not count; 葡萄 inside 葡萄酒 yields to the longer term.
        #expect(!encoder.termHits(in: "东风电子科技股份有限公司").contains { $0.term == "风电" })
        #expect(encoder.termHits(in: "某某风电股份有限公司").contains { $0.term == "风电" })
        let wine = encoder.termHits(in: "某某葡萄酒有限公司").map(\.term)
        #expect(wine.contains("葡萄酒") && !wine.contains("葡萄"))
    }

    /// A group inherits, in row order, one subsidiary item per node of each listed member's own evidence —
    /// computed on two cores for a set of several thousand members, equal to the one-pass reference written out here.
    @Test func inheritedEvidenceEqualsTheOnePassReference() throws {
        let engine = try BundledEngine.get()
        let models = engine.models
        // The bundled set four times over (ids and parents suffixed), so the members are split between the cores.
        let bundled = engine.datasets.enterprises
        let enterprises = (0..<4).flatMap { copy in
            bundled.map { e -> Enterprise in
                var e = e
                e.id += "#\(copy)"
                e.parentGroupID = e.parentGroupID.map { $0 + "#\(copy)" }
                return e
            }
        }
        let layout = FeatureLayout(taxonomy: models.taxonomy, relatedness: [])
        let encoder = EnterpriseEncoder(taxonomy: models.taxonomy, layout: layout, placement: models.placement)
        let groups = Set(enterprises.filter { $0.stockCode == nil }.map(\.id))
        var expected: [String: [NodeEvidence]] = [:]
        var members = 0
        for e in enterprises where e.stockCode != nil {
            guard let group = e.parentGroupID, groups.contains(group) else { continue }
            members += 1
            let own = encoder.ownEvidence(for: e)
            for (node, a) in EnterpriseEncoder.nodeStrengths(own) {
                let best = own.filter { $0.node == node }.map(\.specificity).max() ?? .broad
                expected[group, default: []].append(NodeEvidence(node: node, kind: .subsidiary, matched: e.shortName ?? e.name,
                                                                 specificity: best, weight: EnterpriseEncoder.sourceWeight[.subsidiary]! * a))
            }
        }
        #expect(members >= 512, "enough members for both cores (\(members))")
        let got = encoder.prepared(for: enterprises).inherited
        // The placement model's group links name bundled ids, so the suffixed copies are linked by parent only.
        #expect(got == expected)
    }
}

/// The list evaluation never judges by evidence its scorer used.
@Suite struct ListEvaluationTests {
    @Test func theGoldSourceIsNotAScorerInput() throws {
        let location = DataLocation(root: repositoryRoot)
        let datasets = try Datasets.load(from: location)
        let models = try ModelReader.load(from: location)
        for source in [ListEvaluation.GoldSource.concept, .shenwan] {
            let engine = try Recommender(location: location, datasets: datasets, models: models, excluding: source.excluded)
            // No evidence of the excluded kind, directly or through a group's members.
            let kind: PlacementModel.Source = source == .concept ? .concept : .shenwan
            #expect(!engine.encoding.evidence.joined().contains { $0.kind == kind })
            // Removing that evidence from the data leaves the scorer's lists unchanged.
            var stripped = datasets
            stripped.enterprises = datasets.enterprises.map { e in
                var e = e
                if source == .concept { e.concepts = [] } else { e.shenwanL3Code = nil; e.shenwanL3 = nil }
                return e
            }
            let blind = try Recommender(location: location, datasets: stripped, models: models, excluding: source.excluded)
            let campaigns = try engine.bundledCampaigns()
            let a = try engine.rank(campaigns, top: 30), b = try blind.rank(campaigns, top: 30)
            for (x, y) in zip(a, b) {
                #expect(x.results.map(\.enterprise.id) == y.results.map(\.enterprise.id), "\(source) \(x.campaign.id)")
                #expect(x.results.map(\.score) == y.results.map(\.score))
            }
        }
    }

    @Test func precisionCountsOnlyJudgedEnterprises() {
        let ranked = (0..<30).map { Enterprise(id: "E\($0)", name: "企业\($0)") }
        // Every third is unjudged; of the judged, the even ones are gold.
        let row = ListEvaluation.score(campaign: "c", source: .concept, ranked: ranked, judge: { e in
            let i = Int(e.id.dropFirst())!
            return i % 3 == 2 ? nil : i % 2 == 0
        }, goldSize: 40)
        // Top 10: judged 0,1,3,4,6,7,9 → gold 0,4,6 → 3/7.
        #expect(abs(row.pAt10 - 3.0 / 7.0) < 1e-12)
        #expect(row.judgedAt30 == 20)
        #expect(row.hitsAt30 == 10)
        #expect(abs(row.recallAt30 - 10.0 / 30.0) < 1e-12)
    }

    @Test func reviewedGoldListsNameRealEnterprisesWithABasis() throws {
        let location = DataLocation(root: repositoryRoot)
        let datasets = try Datasets.load(from: location)
        let gold = try ListEvaluation.readReviewed(path: location.datasets + "/" + ListEvaluation.reviewedFile, enterprises: datasets.enterprises)
        let campaigns = try FileManager.default.contentsOfDirectory(atPath: location.datasets + "/campaigns").filter { $0.hasSuffix(".json") }
        #expect(Set(gold.keys) == Set(campaigns.map { String($0.dropLast(5)) }))
        #expect(gold.values.allSatisfy { $0.count >= 15 })
        let judged = try ListEvaluation.readJudged(path: location.datasets + "/" + ListEvaluation.judgedFile, enterprises: datasets.enterprises)
        #expect(Set(judged.keys) == Set(gold.keys))
        // The pool holds no name of the blind list: each name is judged once per campaign.
        for (campaign, verdicts) in judged { #expect(verdicts.keys.allSatisfy { !(gold[campaign]?.contains($0) ?? false) }, "\(campaign)") }
    }
}

@Suite struct ListsFolderEvaluationTests {
    /// Judging the lists the engine writes gives the same figures as judging the engine directly.
    @Test func judgingWrittenListsEqualsJudgingTheEngine() throws {
        let engine = try BundledEngine.get()
        let folder = NSTemporaryDirectory() + "chainmatch-lists-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for list in try engine.rank(try engine.bundledCampaigns(), top: 30) {
            try RankingWriter.csv(list).write(to: URL(fileURLWithPath: folder + "/" + list.campaign.id + ".csv"))
        }
        let location = DataLocation(root: repositoryRoot)
        let direct = try ListEvaluation.run(location: location, sources: [.reviewed])
        let written = try ListEvaluation.run(location: location, sources: [.reviewed], listsFolder: folder)
        #expect(direct.rows == written.rows)
    }
}
