import Foundation
import Testing
@testable import ChainMatch

/// The strict model reader on small hand-written documents: schema errors name the key.
@Suite struct ModelReaderTests {
    static let resources = """
      "resources": [
        {"id": "lithium", "name_zh": "锂", "name_en": "Lithium", "description_zh": "锂", "description_en": "Lithium", "source": "prior"},
        {"id": "green_power", "name_zh": "绿电", "name_en": "Green power", "description_zh": "绿电", "description_en": "Green power", "source": "regions"}
      ]
    """

    static func node(_ id: String, chain: String = "li", upstream: [String] = [], gbt: String = "C3841",
                     land: String = "10", extra: String = "") -> String {
        let up = upstream.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
        {
          "id": "\(id)", "chain": "\(chain)", "name_zh": "环节", "name_en": "Node", "stage": "midstream",
          "gbt4754": ["\(gbt)"], "listed_industries": ["电气设备"], "global500_industries": [], "keywords": ["锂电"],
          "upstream": [\(up)],
          "needs": {"land_mu_per_100m_cny": \(land), "energy_tce_per_10k_cny": 0.1, "water_t_per_10k_cny": 1, "resources": ["lithium"]},
          "two_high": false\(extra),
          "basis": {"land": "judgement", "energy": "judgement", "water": "judgement", "two_high": "judgement"}
        }
        """
    }

    static func taxonomy(_ nodes: [String], chains: String = #"[{"id": "li", "name_zh": "锂电", "name_en": "Lithium", "policy": []}]"#) -> Data {
        Data("""
        {
          "version": "t", "date": "2026-01-01",
          "description": {"zh": "测试", "en": "test"},
        \(resources),
          "chains": \(chains),
          "nodes": [
        \(nodes.joined(separator: ",\n"))
          ]
        }
        """.utf8)
    }

    func parse(_ data: Data) throws -> ChainTaxonomy {
        try ModelReader.parseTaxonomy(data: data, file: "test/chains.json")
    }

    @Test func smallTaxonomyLoadsAndBuildsAdjacency() throws {
        let t = try parse(Self.taxonomy([Self.node("li.a"), Self.node("li.b", upstream: ["li.a"]), Self.node("li.c", upstream: ["li.a", "li.b"])]))
        #expect(t.nodes.count == 3)
        #expect(t.linkCount == 3)
        #expect(t.downstream(of: "li.a") == ["li.b", "li.c"])
        #expect(t.upstream(of: "li.c") == ["li.a", "li.b"])
        #expect(t.chain("li")?.nodeIDs == ["li.a", "li.b", "li.c"])
        let a = t.adjacency()
        #expect(a == Matrix([[0, 1, 1], [0, 0, 1], [0, 0, 0]]))
    }

    @Test func unknownNodeKeyIsAnErrorNamingKeyPathAndLine() throws {
        let data = Self.taxonomy([Self.node("li.a"), Self.node("li.b", extra: ",\n      \"twohigh\": true")])
        do {
            _ = try parse(data)
            Issue.record("expected an error")
        } catch let error as ChainMatchError {
            guard case .badData(let at, let message) = error else { Issue.record("wrong error \(error)"); return }
            #expect(message.contains("unknown key 'twohigh'"))
            #expect(at.field == "nodes[li.b].twohigh")
            #expect(at.file == "test/chains.json")
            let text = String(decoding: data, as: UTF8.self)
            let expectedLine = text.components(separatedBy: "\n").firstIndex { $0.contains("\"twohigh\"") }.map { $0 + 1 }
            #expect(at.line == expectedLine)
            #expect(error.description.contains("twohigh"))
        }
    }

    @Test func unknownNestedKeyIsAnError() throws {
        let bad = Self.node("li.a").replacingOccurrences(of: "\"water_t_per_10k_cny\": 1", with: "\"water_t_per_10k_cny\": 1, \"land_mu\": 3")
        #expect(throws: ChainMatchError.self) { try parse(Self.taxonomy([bad])) }
        do { _ = try parse(Self.taxonomy([bad])) } catch let error as ChainMatchError {
            #expect(error.description.contains("nodes[li.a].needs.land_mu"))
        }
    }

    @Test func unknownTopLevelKeyIsAnError() throws {
        var text = String(decoding: Self.taxonomy([Self.node("li.a")]), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"version\": \"t\",", with: "\"version\": \"t\", \"verison\": 2,")
        do {
            _ = try parse(Data(text.utf8))
            Issue.record("expected an error")
        } catch let error as ChainMatchError {
            #expect(error.description.contains("verison"))
            #expect(error.description.contains("test/chains.json:2:"))
        }
    }

    @Test func linksMustResolveAndNotLoop() throws {
        let dangling = Self.taxonomy([Self.node("li.a", upstream: ["li.zz"])])
        do {
            _ = try parse(dangling)
            Issue.record("expected an error")
        } catch let error as ChainMatchError {
            guard case .unknownReference(let at?, let kind, let id) = error else { Issue.record("wrong error \(error)"); return }
            #expect(kind == "node" && id == "li.zz")
            #expect(at.field == "nodes[li.a].upstream")
            let text = String(decoding: dangling, as: UTF8.self)
            #expect(at.line == text.components(separatedBy: "\n").firstIndex { $0.contains("\"upstream\"") }.map { $0 + 1 })
        }
        do {
            _ = try parse(Self.taxonomy([Self.node("li.a", upstream: ["li.a"])]))
            Issue.record("expected an error")
        } catch let error as ChainMatchError {
            #expect(error.description.contains("links to itself"))
        }
    }

    @Test func idsAreUnique() throws {
        do {
            _ = try parse(Self.taxonomy([Self.node("li.a"), Self.node("li.a")]))
            Issue.record("expected an error")
        } catch let error as ChainMatchError {
            #expect(error.description.contains("duplicate node id 'li.a'"))
        }
    }

    @Test func everyChainHasNodesAndEveryNodeAChain() throws {
        let twoChains = #"[{"id": "li", "name_zh": "锂电", "name_en": "Lithium", "policy": []}, {"id": "pv", "name_zh": "光伏", "name_en": "PV", "policy": []}]"#
        do {
            _ = try parse(Self.taxonomy([Self.node("li.a")], chains: twoChains))
            Issue.record("expected an error")
        } catch let error as ChainMatchError {
            #expect(error.description.contains("chain 'pv' has no nodes"))
            let text = String(decoding: Self.taxonomy([Self.node("li.a")], chains: twoChains), as: UTF8.self)
            let line = text.components(separatedBy: "\n").firstIndex { $0.contains("\"id\": \"pv\"") }.map { $0 + 1 } ?? -1
            #expect(error.description.hasPrefix("test/chains.json:\(line):"), "\(error)")
        }
        #expect(throws: ChainMatchError.self) { try parse(Self.taxonomy([Self.node("x.a", chain: "x")])) }
    }

    @Test func gbtCodesAreWellFormed() throws {
        #expect(ChainTaxonomy.isWellFormedGBT4754("C3841"))
        #expect(ChainTaxonomy.isWellFormedGBT4754("C38"))
        #expect(ChainTaxonomy.isWellFormedGBT4754("I6450"))
        #expect(!ChainTaxonomy.isWellFormedGBT4754("3841"))
        #expect(!ChainTaxonomy.isWellFormedGBT4754("C38411"))
        #expect(!ChainTaxonomy.isWellFormedGBT4754("C3"))
        #expect(!ChainTaxonomy.isWellFormedGBT4754("Z3841"))
        #expect(!ChainTaxonomy.isWellFormedGBT4754("c3841"))
        do {
            _ = try parse(Self.taxonomy([Self.node("li.a", gbt: "3841")]))
            Issue.record("expected an error")
        } catch let error as ChainMatchError {
            #expect(error.description.contains("malformed GB/T 4754-2017 code '3841'"))
        }
    }

    @Test func numbersMustBeNonNegativeNumbers() throws {
        do {
            _ = try parse(Self.taxonomy([Self.node("li.a", land: "-1")]))
            Issue.record("expected an error")
        } catch let error as ChainMatchError {
            #expect(error.description.contains("nodes[li.a].needs.land_mu_per_100m_cny"))
            #expect(error.description.contains("≥ 0"))
        }
        #expect(throws: ChainMatchError.self) { try parse(Self.taxonomy([Self.node("li.a", land: "\"ten\"")])) }
        #expect(throws: ChainMatchError.self) { try parse(Self.taxonomy([Self.node("li.a", land: "true")])) }
    }

    @Test func unknownResourceIsAnError() throws {
        let bad = Self.node("li.a").replacingOccurrences(of: "\"resources\": [\"lithium\"]", with: "\"resources\": [\"unobtainium\"]")
        do {
            _ = try parse(Self.taxonomy([bad]))
            Issue.record("expected an error")
        } catch let error as ChainMatchError {
            #expect(error.description.contains("nodes[li.a].needs.resources"))
            #expect(error.description.contains("unknown resource 'unobtainium'"))
            #expect(error.description.hasPrefix("test/chains.json:"))
        }
    }

    @Test func notJSONIsBadData() throws {
        #expect(throws: ChainMatchError.self) { try parse(Data("{ not json".utf8)) }
        #expect(throws: ChainMatchError.self) { try parse(Data("[1, 2]".utf8)) }
    }

    static let profileText = """
    {
      "name": "p",
      "version": "1",
      "description": {"zh": "测试", "en": "test"},
      "blocks": {"chain": 0.4, "endowment": 0.3, "relatedness": 0.2, "profile": 0.1},
      "spill": {"alpha": 1, "beta": 0.5, "gamma": 0.5},
      "preferences": {
        "lists": {"global500": 1, "china500": 1, "private500": 1, "central_soe": 1, "listed": 1, "chain_leader": 1},
        "size": 0.5, "partner_province": 0.2
      }
    }
    """

    @Test func profileParsesAndRejectsUnknownKeys() throws {
        let p = try ModelReader.parseProfile(data: Data(Self.profileText.utf8), file: "p.json", expectedName: "p")
        #expect(p.blocks.chain == 0.4)
        #expect(p.spill.beta == 0.5)
        #expect(p.preferences.centralSOE == 1)
        let misspelt = Self.profileText.replacingOccurrences(of: "\"profile\": 0.1", with: "\"profile\": 0.1, \"chian\": 0.1")
        do {
            _ = try ModelReader.parseProfile(data: Data(misspelt.utf8), file: "p.json")
            Issue.record("expected an error")
        } catch let error as ChainMatchError {
            #expect(error.description.contains("p.json:5:"))
            #expect(error.description.contains("blocks.chian"))
        }
        let negative = Self.profileText.replacingOccurrences(of: "\"gamma\": 0.5", with: "\"gamma\": -0.5")
        #expect(throws: ChainMatchError.self) { try ModelReader.parseProfile(data: Data(negative.utf8), file: "p.json") }
        #expect(throws: ChainMatchError.self) { try ModelReader.parseProfile(data: Data(Self.profileText.utf8), file: "q.json", expectedName: "q") }
    }
}
