import Foundation
import Testing
@testable import ChainMatch

@Suite struct CoordinationTests {
    /// Each bundled province: every enterprise on at most one list, every list full and within its rules,
    /// the conflicts exactly the enterprises two lists wanted, and the province's total no higher than the
    /// lists ranked alone (coordination only takes away choices).
    @Test(arguments: ["甘肃省", "内蒙古自治区", "青海省", "云南省"])
    func everyProvinceKeepsEveryRule(province: String) throws {
        let engine = try BundledEngine.get()
        let campaigns = try Recommender.campaigns(try engine.bundledCampaigns(), inProvince: province)
        let result = try engine.coordinate(campaigns)
        var seen: [String: String] = [:]
        for list in result.lists {
            #expect(list.results.count == list.campaign.top, "\(list.campaign.id) is full")
            #expect(list.shortfall.isEmpty)
            var groups: [String: Int] = [:]
            for r in list.results {
                #expect(seen.updateValue(list.campaign.id, forKey: r.enterprise.id) == nil, "\(r.enterprise.id) on two lists")
                groups[r.enterprise.parentGroupID ?? r.enterprise.id, default: 0] += 1
                #expect(!r.reasons.isEmpty)
            }
            if let cap = list.campaign.maxPerGroup { #expect(groups.values.allSatisfy { $0 <= cap }) }
            #expect(list.results.map(\.rank) == Array(1...list.results.count))
        }
        var wanted: [String: Int] = [:]
        for list in result.independent { for r in list.results { wanted[r.enterprise.id, default: 0] += 1 } }
        #expect(Set(result.conflicts.map(\.enterpriseID)) == Set(wanted.filter { $0.value > 1 }.keys))
        for (alone, together) in zip(result.independent, result.lists) {
            let total = together.results.reduce(0.0) { $0 + Double($1.score) }
            #expect(total <= alone.results.reduce(0.0) { $0 + Double($1.score) } + 1e-3)
        }
        for e in result.exchanges { #expect(e.gaveUp.count == e.gained.count, "\(e.campaignID): a place given up is a place refilled") }
    }

    /// With room for every enterprise on every list, coordination changes nothing: each list equals `rank`'s.
    @Test func withoutALimitEveryListEqualsItsOwnRanking() throws {
        let engine = try BundledEngine.get()
        let campaigns = try Recommender.campaigns(try engine.bundledCampaigns(), inProvince: "内蒙古")
        let result = try engine.coordinate(campaigns, maxCampaigns: campaigns.count)
        #expect(result.conflicts.isEmpty)
        for (alone, together) in zip(result.independent, result.lists) {
            #expect(alone.results.map(\.enterprise.id) == together.results.map(\.enterprise.id))
            #expect(alone.results.map(\.score) == together.results.map(\.score))
            #expect(alone.results.map(\.reasons) == together.results.map(\.reasons))
        }
    }

    /// The Wuhai campaigns share a park and overlap (coal chemicals and hydrogen): each contested firm is
    /// kept by exactly one of the lists that wanted it, and every sentence quotes the claims' own figures.
    @Test func contestedFirmsGoToOneListAndTheSentencesQuoteTheirFigures() throws {
        let engine = try BundledEngine.get()
        let campaigns = try Recommender.campaigns(try engine.bundledCampaigns(), inProvince: "内蒙古")
        let result = try engine.coordinate(campaigns)
        #expect(!result.conflicts.isEmpty)
        for c in result.conflicts {
            #expect(c.claims.filter(\.kept).count == 1, "\(c.name)")
            let sentence = c.sentence(.zh)
            for claim in c.claims {
                #expect(sentence.contains("第\(claim.independentRank)名，\(String(format: "%.2f", claim.score))分"))
            }
            #expect(sentence.range(of: "[A-Za-z]", options: .regularExpression) == nil, "\(sentence)")
        }
    }

    @Test func anUnknownProvinceIsAUsageErrorNamingTheKnownOnes() throws {
        let engine = try BundledEngine.get()
        #expect(throws: ChainMatchError.self) { try Recommender.campaigns(try engine.bundledCampaigns(), inProvince: "广东省") }
        do { _ = try Recommender.campaigns(try engine.bundledCampaigns(), inProvince: "广东省") } catch {
            #expect("\(error)".contains("甘肃省"))
        }
    }
}
