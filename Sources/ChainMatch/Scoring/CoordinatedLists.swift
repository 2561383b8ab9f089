/// One province's campaigns ranked together (`ProvinceAllocator`) from each campaign's candidates.
extension RankingContext {
    /// The allocation problem of campaigns `members` of `plan`: `pools[i]` holds campaign `members[i]`'s eligible
    /// candidates best first (global rows, all of them or a lead deep enough by `CoordinationDepth`).
    /// Groups are numbered across the province, so one group is the same group in every campaign.
    public func coordinationProblem(plan: RankingPlan, members: [Int], pools: [[ScoredItem]],
                                    rows: RankingRows) -> [ProvinceAllocator.Campaign] {
        var groupIDs: [String: Int] = [:]
        return zip(members, pools).map { c, pool in
            let campaign = plan.campaigns[c]
            let projects = ConstraintMasks(needs: rows.encoding.needs, limits: [plan.encoded.limits[c]])
            let candidates = pool.map { item -> ProvinceAllocator.Candidate in
                let local = rows.row(item.index)
                let e = rows.enterprises[local]
                let key = e.parentGroupID ?? e.id
                let group = groupIDs[key] ?? { groupIDs[key] = groupIDs.count; return groupIDs.count - 1 }()
                return ProvinceAllocator.Candidate(enterprise: item.index, score: Double(item.score),
                                                   category: quotaCategory(of: local, campaign: campaign, projects: projects), group: group)
            }
            return ProvinceAllocator.Campaign(
                count: plan.sizes[c], minimum: campaign.quotas.map(\.minimum), maximum: campaign.quotas.map(\.maximum),
                perGroup: campaign.maxPerGroup, candidates: candidates)
        }
    }

    /// The coordinated lists (reasons empty) of campaigns `members`, each enterprise on at most `maxCampaigns`
    /// of them, from the problem `coordinationProblem` made of the same pools; and the flow problems solved.
    public func coordinatedLists(plan: RankingPlan, members: [Int], pools: [[ScoredItem]], problem: [ProvinceAllocator.Campaign],
                                 rows: RankingRows, maxCampaigns: Int) -> (lists: [RankedList], solves: Int) {
        let assignment = ProvinceAllocator.assign(problem, maxCampaigns: maxCampaigns)
        let lists = members.indices.map { i -> RankedList in
            let campaign = plan.campaigns[members[i]]
            var shortfall: [String: Int] = [:]
            for (q, missing) in assignment.shortfall[i].enumerated() where missing > 0 { shortfall[campaign.quotas[q].scope] = missing }
            return list(campaign: members[i], plan: plan, chosen: assignment.chosen[i].map { pools[i][$0] },
                        shortfall: shortfall, poolSize: pools[i].count, rows: rows)
        }
        return (lists, assignment.solves)
    }
}
