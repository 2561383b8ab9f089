import Testing
@testable import ChainMatch

/// The objective written out independently of the allocator: quota-minimum places, then list places, then
/// the score in millionths, then the sum of enterprise ids (smaller preferred), each as the type's documentation states it.
private func referenceCost(_ chosen: [[Int]], _ campaigns: [ProvinceAllocator.Campaign]) -> (Int, Int, Int64, Int) {
    var minimumPlaces = 0, places = 0
    var score: Int64 = 0, ids = 0
    for (c, campaign) in campaigns.enumerated() {
        places += chosen[c].count
        for q in campaign.minimum.indices {
            let filled = chosen[c].filter { campaign.candidates[$0].category == q }.count
            minimumPlaces += min(filled, campaign.minimum[q], campaign.count)
        }
        for i in chosen[c] {
            let e = campaign.candidates[i]
            score += Int64((e.score * 1e6).rounded())
            ids += e.enterprise
        }
    }
    return (minimumPlaces, places, score, -ids)
}

private func isFeasible(_ chosen: [[Int]], _ campaigns: [ProvinceAllocator.Campaign], maxCampaigns: Int) -> Bool {
    var uses: [Int: Int] = [:]
    for (c, campaign) in campaigns.enumerated() {
        if chosen[c].count > campaign.count || Set(chosen[c]).count != chosen[c].count { return false }
        for q in campaign.maximum.indices {
            let filled = chosen[c].filter { campaign.candidates[$0].category == q }.count
            if let m = campaign.maximum[q], filled > m { return false }
        }
        var groups: [Int: Int] = [:]
        for i in chosen[c] {
            groups[campaign.candidates[i].group, default: 0] += 1
            uses[campaign.candidates[i].enterprise, default: 0] += 1
        }
        if let cap = campaign.perGroup, groups.values.contains(where: { $0 > cap }) { return false }
    }
    return !uses.values.contains { $0 > maxCampaigns }
}

/// Every assignment of every enterprise to at most `maxCampaigns` of the campaigns that list it.
private func exhaustiveBest(_ campaigns: [ProvinceAllocator.Campaign], maxCampaigns: Int) -> (Int, Int, Int64, Int) {
    let enterprises = Array(Set(campaigns.flatMap { $0.candidates.map(\.enterprise) })).sorted()
    var chosen = [[Int]](repeating: [], count: campaigns.count)
    var best = (-1, -1, Int64.min, Int.min)
    func visit(_ k: Int) {
        if k == enterprises.count {
            guard isFeasible(chosen, campaigns, maxCampaigns: maxCampaigns) else { return }
            let cost = referenceCost(chosen, campaigns)
            if cost > best { best = cost }
            return
        }
        let options = campaigns.indices.compactMap { c in campaigns[c].candidates.firstIndex { $0.enterprise == enterprises[k] }.map { (c, $0) } }
        for mask in 0..<(1 << options.count) where mask.nonzeroBitCount <= maxCampaigns {
            let picked = options.indices.filter { mask & (1 << $0) != 0 }.map { options[$0] }
            for (c, i) in picked { chosen[c].append(i) }
            visit(k + 1)
            for (c, _) in picked { chosen[c].removeLast() }
        }
    }
    visit(0)
    return best
}

/// A small random province: 2–3 campaigns over up to 7 enterprises in 4 groups, with quotas and caps.
private func randomProvince(_ rng: inout SplitMix64) -> [ProvinceAllocator.Campaign] {
    let enterprises = 4 + Int(rng.next() % 4)
    let group = (0..<enterprises).map { _ in Int(rng.next() % 4) }
    return (0..<(2 + Int(rng.next() % 2))).map { _ in
        let categories = Int(rng.next() % 3)
        var members = (0..<enterprises).filter { _ in rng.next() % 4 != 0 }
        members.shuffle(using: &rng)
        var candidates = members.map { e in
            ProvinceAllocator.Candidate(enterprise: e, score: Double(rng.next() % 40) / 4,   // ties on purpose
                                        category: categories == 0 || rng.next() % 3 == 0 ? nil : Int(rng.next() % UInt64(categories)),
                                        group: group[e])
        }
        candidates.sort { $0.score != $1.score ? $0.score > $1.score : $0.enterprise < $1.enterprise }
        let minimum = (0..<categories).map { _ in Int(rng.next() % 2) }
        let maximum: [Int?] = (0..<categories).map { _ in rng.next() % 2 == 0 ? nil : 1 + Int(rng.next() % 2) }
        return ProvinceAllocator.Campaign(count: 1 + Int(rng.next() % 3), minimum: minimum, maximum: maximum,
                                          perGroup: rng.next() % 2 == 0 ? nil : 1, candidates: candidates)
    }
}

@Suite struct ProvinceAllocatorTests {
    @Test func documentedExampleGivesTheContestedFirmToTheBetterTotal() {
        let a = ProvinceAllocator.Campaign(count: 1, minimum: [], maximum: [], perGroup: nil, candidates: [
            .init(enterprise: 7, score: 90, category: nil, group: 7), .init(enterprise: 8, score: 60, category: nil, group: 8)])
        let b = ProvinceAllocator.Campaign(count: 1, minimum: [], maximum: [], perGroup: nil, candidates: [
            .init(enterprise: 7, score: 95, category: nil, group: 7), .init(enterprise: 9, score: 20, category: nil, group: 9)])
        #expect(ProvinceAllocator.assign([a, b], maxCampaigns: 1).chosen == [[1], [0]])
        #expect(ProvinceAllocator.assign([a, b], maxCampaigns: 2).chosen == [[0], [0]])
    }

    @Test func equalsExhaustiveSearchOnSmallRandomProvinces() {
        var rng = SplitMix64(seed: 20261205)
        var capsThatBound = 0
        for _ in 0..<150 {
            let campaigns = randomProvince(&rng)
            for m in 1...2 {
                let result = ProvinceAllocator.assign(campaigns, maxCampaigns: m)
                #expect(isFeasible(result.chosen, campaigns, maxCampaigns: m))
                #expect(referenceCost(result.chosen, campaigns) == exhaustiveBest(campaigns, maxCampaigns: m))
                #expect(result.cost == ProvinceAllocator.cost(of: result.chosen, in: campaigns))
                if result.solves > 1 { capsThatBound += 1 }
            }
        }
        // The branch-and-bound path is exercised, not only the plain flow.
        #expect(capsThatBound > 10)
    }

    @Test func oneCampaignAloneEqualsTheListAllocator() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let campaign = randomProvince(&rng)[0]
            let single = QuotaAllocator.select(
                candidates: campaign.candidates.map { .init(score: $0.score, category: $0.category, group: $0.group) },
                count: campaign.count, minimum: campaign.minimum, maximum: campaign.maximum, perGroup: campaign.perGroup)
            let province = ProvinceAllocator.assign([campaign], maxCampaigns: 1)
            #expect(province.chosen[0] == single.chosen)
            #expect(province.shortfall[0] == single.shortfall)
        }
    }
}
