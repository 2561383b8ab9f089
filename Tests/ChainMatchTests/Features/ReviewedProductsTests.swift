import Foundation
import Testing
@testable import ChainMatch

/// Reviewed products that replace a firm's class, node quotas and the best-neighbour spill, on the
/// bundled data and on hand-checked small cases.
@Suite struct ReviewedProductsTests {
    func evidence(_ engine: Recommender, _ id: String) throws -> [NodeEvidence] {
        let row = try #require(engine.enterpriseIndex[id], "\(id) is not in the bundled data")
        return engine.encoding.evidence[row]
    }

    @Test func aCompleteReviewReplacesTheClassAndTheBoards() throws {
        let engine = try BundledEngine.get()
        #expect(engine.models.placement.productsComplete.count >= 40)
        for id in engine.models.placement.productsComplete {
            let kinds = Set(try evidence(engine, id).map(\.kind))
            #expect(!kinds.contains(.shenwan) && !kinds.contains(.concept), "\(id): \(kinds)")
            #expect(kinds.contains(.product), "\(id)")
        }
        // 光伏辅材: the glass maker is on glass only; the paste makers supply cells through their own node.
        #expect(Set(try evidence(engine, "SH601865").map(\.node)) == ["pv.glass"])          // 福莱特
        for paste in ["SZ300842", "SH688503"] {                                              // 帝科股份, 聚和材料
            #expect(Set(try evidence(engine, paste).map(\.node)) == ["fc.electronic_chem"], "\(paste)")
        }
        // A junction-box maker supplies modules and makes no cells.
        let box = try evidence(engine, "SZ301168")                                           // 通灵股份
        #expect(box.map(\.node) == ["pv.module"] && box.allSatisfy { $0.role == .supplier })
        // Without the review (a firm not listed as complete) the class still places it.
        #expect(try evidence(engine, "SZ000159").contains { $0.kind == .shenwan })           // 国际实业
    }

    @Test func aCompleteRowNeedsProductsAndAppearsOnce() throws {
        let engine = try BundledEngine.get()
        let source = engine.location.models + "/" + PlacementModelReader.folder
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cm-evidence-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: source, toPath: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/" + PlacementModelReader.productsCompleteFile
        let original = try String(contentsOfFile: file, encoding: .utf8)
        let lines = original.split(separator: "\n").count
        for (extra, words) in [("SZ000159,国际实业,no products reviewed", "has no rows in products.csv"),
                               (String(original.split(separator: "\n")[1]), "appears twice")] {
            try (original + extra + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            do {
                _ = try PlacementModelReader.read(folder: folder, taxonomy: engine.models.taxonomy)
                Issue.record("accepted: \(extra)")
            } catch {
                let m = "\(error)"
                #expect(m.contains("products_complete.csv:\(lines + 1)") && m.contains(words), "\(m)")
            }
        }
    }

    @Test func spillCreditsTheBestTargetANodeFeedsNotTheirSum() {
        // Node 0 feeds nodes 1 and 2; node 3 buys from node 1.
        var a = Matrix(rows: 4, columns: 4)
        a[0, 1] = 1; a[0, 2] = 1; a[1, 3] = 1
        let g: [Float] = [0, 1, 0.5, 0]
        #expect(CampaignEncoder.strongestNeighbour(a, g) == [1, 0, 0, 0])
        #expect(CampaignEncoder.strongestNeighbour(a.transposed(), g) == [0, 0, 0, 1])
        #expect(CampaignEncoder.strongestNeighbour(a, [0, 0, 0, 0]) == [0, 0, 0, 0])
    }

    @Test func theSpillReasonNamesTheTargetThatEarnedTheCredit() throws {
        let engine = try BundledEngine.get()
        let campaign = try #require(try engine.bundledCampaigns().first { $0.id == "nm-wuhai-coal-based-materials" })
        let list = try #require(try engine.rank([campaign], top: 200).first)
        // cc.gasification feeds PVA (0.6), BDO (0.8) and engineering plastics (1.0): the reason names the last.
        let gasification = list.results.flatMap(\.reasons).filter { $0.contains("「煤气化与甲醇」环节") && $0.contains("供货") }
        #expect(!gasification.isEmpty)
        for reason in gasification { #expect(reason.contains("为目标环节「工程塑料(POM/PBT/PA)」供货"), "\(reason)") }
    }

    @Test func nodeQuotasAreReadAndKept() throws {
        let engine = try BundledEngine.get()
        let campaign = try #require(try engine.bundledCampaigns().first { $0.id == "yn-yunxian-green-silicon-pv" })
        #expect(campaign.quotas.map(\.scope) == ["pv.glass", "pv.film"] && campaign.quotas.allSatisfy(\.isNode))
        let list = try #require(try engine.rank([campaign]).first)
        for node in ["pv.glass", "pv.film"] {
            let index = try #require(engine.models.taxonomy.nodeIndex[node])
            let members = list.results.filter { $0.project.node == index }
            #expect(members.count >= 3, "\(node): \(members.map(\.enterprise.name))")
        }
        #expect(list.shortfall.isEmpty)

        let text = try String(contentsOfFile: campaign.source, encoding: .utf8)
        func message(_ replaced: String) -> String {
            let changed = text.replacingOccurrences(of: "\"node\": \"pv.glass\",\n      \"min\": 3", with: replaced)
            #expect(changed != text)
            do { _ = try CampaignReader.parse(Data(changed.utf8), file: "c.json", models: engine.models, parks: engine.parksByID); return "" }
            catch { return "\(error)" }
        }
        #expect(message("\"node\": \"pv.glass\", \"chain\": \"pv\", \"min\": 3").contains("either a chain or a node, not both"))
        #expect(message("\"min\": 3").contains("not neither"))
        #expect(message("\"node\": \"pv.nope\", \"min\": 3").contains("pv.nope"))
        #expect(message("\"chain\": \"pv\", \"min\": 3").contains("lies inside the quota for chain pv"))
    }

    @Test func alloyMakersAreNotTwoHighAndReachTheScreenedAluminiumList() throws {
        let engine = try BundledEngine.get()
        #expect(engine.models.taxonomy.node("al.alloy")?.twoHigh == false)
        #expect(engine.models.taxonomy.node("al.smelting")?.twoHigh == true)
        let campaign = try #require(try engine.bundledCampaigns().first { $0.id == "yn-yanshan-green-aluminium" })
        #expect(!campaign.capacity.allowsTwoHigh)
        let list = try #require(try engine.rank([campaign]).first)
        #expect(list.results.contains { $0.enterprise.id == "SZ002996" })                   // 顺博合金, recycled alloy
        let smelting = engine.models.taxonomy.nodeIndex["al.smelting"]
        #expect(list.results.allSatisfy { $0.project.node != smelting && !$0.project.twoHigh })
    }

    @Test func aLeaderLeftOutIsToldWhereItFallsBehindInChinese() throws {
        let engine = try BundledEngine.get()
        let campaigns = try engine.bundledCampaigns()
        // The leaders of devices and CRO are on Kunming biomedicine's list: a project is credited in its one node,
        // so a firm in several nodes no longer out-scores the leader of one.
        let kunming = try #require(campaigns.first { $0.id == "yn-kunming-biomedicine" })
        let kunmingList = try #require(try engine.rank([kunming]).first)
        for id in ["SZ300760", "SH603259"] { #expect(kunmingList.results.contains { $0.enterprise.id == id }, "\(id)") }
        // 巨化股份 in Lanzhou fine chemicals: below the cut, behind in the chain block, told which node each side
        // is credited in and the two factors of the credit.
        let lanzhou = try #require(campaigns.first { $0.id == "gs-lanzhou-new-area-fine-chemicals" })
        let juhua = try engine.explain(campaign: lanzhou, enterpriseID: "SH600160")
        #expect(!juhua.selected && juhua.rules.isEmpty)
        let list = try #require(try engine.rank([lanzhou]).first)
        let last = try #require(list.results.last)
        let gap = try #require(juhua.sentences.first { $0.hasPrefix("差距主要在") })
        #expect(gap.contains("产业链匹配") && gap.contains(String(format: "%.2f", juhua.breakdown[.chain]))
                && gap.contains(String(format: "%.2f", last.breakdown[.chain])), "\(gap)")
        let credited = try #require(juhua.breakdown.columns.first { engine.layout.range(of: .chain).contains($0.column) })
        let node = try #require(engine.models.taxonomy.node(engine.layout.nodeIDs[credited.column - engine.layout.range(of: .chain).lowerBound]))
        #expect(gap.contains("本企业按「\(node.nameZh)」环节计：环节权重") && gap.contains("×业务强度"), "\(gap)")
        // 华民股份 in Yunxian scores above the cut and is displaced by the node quotas, named in Chinese.
        let yunxian = try #require(campaigns.first { $0.id == "yn-yunxian-green-silicon-pv" })
        let zhonghuan = try engine.explain(campaign: yunxian, enterpriseID: "SZ300345")
        let displaced = try #require(zhonghuan.sentences.first)
        #expect(displaced.contains("高于入选线") && displaced.contains("「光伏玻璃」环节至少3家"), "\(displaced)")
        for sentence in juhua.sentences + zhonghuan.sentences {
            var rest = sentence
            for name in [last.enterprise.shortName ?? last.enterprise.name] { rest = rest.replacingOccurrences(of: name, with: "") }
            #expect(rest.range(of: "[A-Za-z_]", options: .regularExpression) == nil, "\(sentence)")
        }
    }
}
