import Foundation
import Testing
@testable import ChainMatch

/// Explain and the chain map score with the list's exact score, so they never disagree at the cut.
@Suite struct ExplainScoreTests {
    @Test func explainReportsTheListsScoreAndRank() throws {
        let engine = try BundledEngine.get()
        var unruled = 0
        for var campaign in try engine.bundledCampaigns() {
            for ruled in [true, false] {
                // Without quotas and group caps the list is the plain top N, so explain's rank is the list's.
                if !ruled { campaign.quotas = []; campaign.maxPerGroup = nil; unruled += 1 }
                let list = try #require(try engine.rank([campaign]).first)
                // The first and the last listed (the cut, where a rounded score could order differently).
                for r in [list.results.first, list.results.last].compactMap({ $0 }) {
                    let e = try engine.explain(campaign: campaign, enterpriseID: r.enterprise.id)
                    #expect(e.selected && e.listRank == r.rank && e.score == r.score, "\(campaign.id) \(r.enterprise.name)")
                    if !ruled { #expect(e.eligibleRank == r.rank, "\(campaign.id) \(r.enterprise.name): \(String(describing: e.eligibleRank)) vs \(r.rank)") }
                }
            }
        }
        #expect(unruled == 13)
    }

    @Test func theScorePassGivesEveryRowItsExactScoreAndTheRulesVerdict() throws {
        let engine = try BundledEngine.get()
        let campaign = try #require(try engine.bundledCampaigns().first)
        let encoded = try engine.encode([campaign])
        let masks = ConstraintMasks(needs: engine.encoding.needs, limits: encoded.limits)
        var seen = 0, allowed = 0
        CampaignScorePass.run(features: engine.encoding.features, weights: encoded.weights, column: 0, projectCredit: engine.layout.projectCredit,
                              masks: masks) { row, score, ok in
            #expect(row == seen)
            seen += 1
            if ok { allowed += 1 }
            if row % 97 == 0 {
                #expect(score == BlockedScorer.exactScore(features: engine.encoding.features, row: row, weights: encoded.weights, column: 0,
                                                          projectCredit: engine.layout.projectCredit, masks: masks))
                #expect(ok == masks.allows(enterprise: row, campaign: 0))
            }
        }
        #expect(seen == engine.encoding.features.rows && allowed > 0 && allowed < seen)
    }
}
