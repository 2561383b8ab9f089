import Foundation

extension Recommender {
    /// Ranks a campaign before and after a scenario and explains every change.
    public func whatIf(campaign: Campaign, scenario: Scenario, top: Int? = nil, language: Reasons.Language = .zh) throws -> WhatIfAnalysis {
        let changed = scenario.applied(to: campaign)
        let encoder = scenario.endowment.isEmpty
            ? campaignEncoder
            : CampaignEncoder(models: models, layout: layout, endowment: endowment.overriding(province: campaign.province, values: scenario.endowment))
        // The park's uptake (the slow part of the relatedness side) is worked out once, then the two rankings run
        // side by side, one per core.
        _ = try relatedness?.uptake(park: campaign.parkID, province: campaign.province)
        let (before, after) = Parallel.both(
            { Result { () throws -> (CampaignEncoding, RankedList) in
                let encoded = try encode([campaign])
                return (encoded, try rank([campaign], encoded: encoded, top: top, language: language)[0])
            } },
            { Result { () throws -> (CampaignEncoding, RankedList) in
                let encoded = try encode([changed], with: encoder)
                return (encoded, try rank([changed], encoded: encoded, top: top, language: language)[0])
            } })
        let (baseEncoded, baseline) = try before.get()
        let (newEncoded, result) = try after.get()

        func entries(_ list: RankedList) -> [RankedEntry] {
            list.results.map { RankedEntry(id: $0.enterprise.id, rank: $0.rank, score: $0.score) }
        }
        let diff = try RunDiff(old: entries(baseline), new: entries(result), label: campaign.id)
        let masks = ConstraintMasks(needs: encoding.needs, limits: newEncoded.limits)
        let oldMasks = ConstraintMasks(needs: encoding.needs, limits: baseEncoded.limits)

        let causes = WhatIfCauses(models: models, layout: layout, campaign: campaign, scenario: scenario, language: language)
        func explain(_ kind: WhatIfAnalysis.Change.Kind, id: String, oldRank: Int?, newRank: Int?, oldScore: Float?, newScore: Float?) -> WhatIfAnalysis.Change {
            let row = enterpriseIndex[id]!
            let before = ScoreBreakdown(features: encoding.features, row: row, weights: baseEncoded.weights, column: 0, layout: layout,
                                        project: oldMasks.projectTerm(enterprise: row, campaign: 0))
            let after = ScoreBreakdown(features: encoding.features, row: row, weights: newEncoded.weights, column: 0, layout: layout,
                                       project: masks.projectTerm(enterprise: row, campaign: 0))
            var deltas: [FeatureLayout.Block: Double] = [:]
            for b in FeatureLayout.Block.allCases { deltas[b] = after[b] - before[b] }
            let newRules = masks.violations(enterprise: row, campaign: 0)
            let oldRules = oldMasks.violations(enterprise: row, campaign: 0)
            // A project the park can no longer host (or now can) moves to another node, and its credit with it.
            var moved: WhatIfCauses.ProjectMove?
            if let old = oldMasks.projectTerm(enterprise: row, campaign: 0)?.node, let new = masks.projectTerm(enterprise: row, campaign: 0)?.node,
               old != new {
                moved = .init(from: old, to: new,
                              rules: masks.capacityRules(of: encoding.needs.needs(of: row, node: old), campaign: 0),
                              lifted: oldMasks.capacityRules(of: encoding.needs.needs(of: row, node: new), campaign: 0))
            }
            let reason = causes.reason(kind, oldRules: oldRules, newRules: newRules, before: before, after: after, deltas: deltas, moved: moved)
            return WhatIfAnalysis.Change(kind: kind, enterpriseID: id, name: datasets.enterprises[row].name, oldRank: oldRank, newRank: newRank,
                          oldScore: oldScore, newScore: newScore, blockDeltas: deltas, reason: reason)
        }
        var changes: [WhatIfAnalysis.Change] = []
        for e in diff.entered { changes.append(explain(.entered, id: e.id, oldRank: nil, newRank: e.rank, oldScore: nil, newScore: e.score)) }
        for e in diff.left { changes.append(explain(.left, id: e.id, oldRank: e.rank, newRank: nil, oldScore: e.score, newScore: nil)) }
        for m in diff.moved { changes.append(explain(.moved, id: m.id, oldRank: m.oldRank, newRank: m.newRank, oldScore: m.oldScore, newScore: m.newScore)) }
        return WhatIfAnalysis(scenario: scenario, baseline: baseline, result: result, diff: diff, changes: changes)
    }
}
