import Foundation

/// Province coordination (省级统筹, 错位发展): the campaigns of one province share their enterprises.
extension Recommender {
    /// The bundled (or given) campaigns of one province: `province` is the canonical name or its start (甘肃).
    public static func campaigns(_ all: [Campaign], inProvince province: String) throws -> [Campaign] {
        let chosen = all.filter { $0.province == province || $0.province.hasPrefix(province) }
        guard !chosen.isEmpty else {
            let known = Array(Set(all.map(\.province))).sorted().joined(separator: ", ")
            throw ChainMatchError.usage("no campaign in province '\(province)'; campaigns are in: \(known)")
        }
        return chosen
    }

    /// Ranks the campaigns together: each enterprise on at most `maxCampaigns` lists, every campaign keeping
    /// its list size, quotas and group cap, the province's total score maximal (`ProvinceAllocator`, exact).
    /// Every eligible enterprise of every campaign is a candidate, scored with the lists' exact score.
    public func coordinate(_ campaigns: [Campaign], maxCampaigns: Int = 1, top: Int? = nil,
                           language: Reasons.Language = .zh) throws -> ProvinceCoordination {
        guard maxCampaigns >= 1 else { throw ChainMatchError.usage("--max-campaigns must be at least 1") }
        let encoded = try encode(campaigns)
        let independent = try rank(campaigns, encoded: encoded, top: top, language: language)
        let plan = RankingPlan(campaigns: campaigns, encoded: encoded, top: top, layout: layout, taxonomy: models.taxonomy)
        let masks = ConstraintMasks(needs: encoding.needs, limits: encoded.limits)
        var groupIDs: [String: Int] = [:]
        var eligible: [[ScoredItem]] = []
        var problems: [ProvinceAllocator.Campaign] = []
        for (c, campaign) in campaigns.enumerated() {
            var items: [ScoredItem] = []
            CampaignScorePass.run(features: encoding.features, weights: encoded.weights, column: c, masks: masks) { row, score, allowed in
                if allowed { items.append(ScoredItem(index: row, score: score)) }
            }
            items.sort(by: ScoredItem.ranksBefore)
            let projects = ConstraintMasks(needs: encoding.needs, limits: [encoded.limits[c]])
            let candidates = items.map { item -> ProvinceAllocator.Candidate in
                let e = datasets.enterprises[item.index]
                let key = e.parentGroupID ?? e.id
                let group = groupIDs[key] ?? { groupIDs[key] = groupIDs.count; return groupIDs.count - 1 }()
                return ProvinceAllocator.Candidate(
                    enterprise: item.index, score: Double(item.score),
                    category: rankingContext.quotaCategory(of: item.index, campaign: campaign, projects: projects), group: group)
            }
            eligible.append(items)
            problems.append(ProvinceAllocator.Campaign(
                count: plan.sizes[c], minimum: campaign.quotas.map(\.minimum), maximum: campaign.quotas.map(\.maximum),
                perGroup: campaign.maxPerGroup, candidates: candidates))
        }
        let assignment = ProvinceAllocator.assign(problems, maxCampaigns: maxCampaigns)
        let rows = RankingRows(enterprises: datasets.enterprises, encoding: encoding)
        let lists = campaigns.indices.map { c -> RankedList in
            var shortfall: [String: Int] = [:]
            for (q, missing) in assignment.shortfall[c].enumerated() where missing > 0 { shortfall[campaigns[c].quotas[q].scope] = missing }
            return rankingContext.list(campaign: c, plan: plan, chosen: assignment.chosen[c].map { eligible[c][$0] },
                                       shortfall: shortfall, poolSize: eligible[c].count, rows: rows)
        }
        let explained = rankingContext.explained(lists, plan: plan, rows: rows, language: language)
        let province = Set(campaigns.map(\.province)).sorted().joined(separator: "、")
        return ProvinceCoordination(
            province: province, maxCampaigns: maxCampaigns, lists: explained, independent: independent,
            conflicts: conflicts(independent: independent, coordinated: explained, maxCampaigns: maxCampaigns),
            exchanges: exchanges(independent: independent, coordinated: explained),
            chains: chainStandings(campaigns, coordinated: explained), solves: assignment.solves)
    }

    /// The place a campaign is for: its park's name, or its province.
    func placeName(_ campaign: Campaign) -> String {
        campaign.parkID.flatMap { parksByID[$0]?.name } ?? campaign.province
    }

    /// The chain of the project an enterprise would bring to a campaign.
    func projectChain(_ result: RankedEnterprise) -> Chain? {
        result.project.node.flatMap { models.taxonomy.chain(models.taxonomy.nodes[$0].chain) }
    }

    func conflicts(independent: [RankedList], coordinated: [RankedList], maxCampaigns: Int) -> [ProvinceCoordination.Conflict] {
        var wanted: [String: [(Int, RankedEnterprise)]] = [:]
        for (c, list) in independent.enumerated() { for r in list.results { wanted[r.enterprise.id, default: []].append((c, r)) } }
        let kept = coordinated.map { Set($0.results.map(\.enterprise.id)) }
        return wanted.filter { $0.value.count > maxCampaigns }.map { id, claims -> ProvinceCoordination.Conflict in
            let list = claims.map { c, r -> ProvinceCoordination.Claim in
                let campaign = independent[c].campaign
                let chain = projectChain(r)
                let density = chain.flatMap { ch in relatedness?.density(nodes: ch.nodeIDs, park: campaign.parkID, province: campaign.province) }
                return ProvinceCoordination.Claim(
                    campaignID: campaign.id, place: campaign.nameZh, placeEn: campaign.nameEn, independentRank: r.rank, score: r.score,
                    chainID: chain?.id, chainName: chain?.nameZh, density: density, landMu: r.project.landMu,
                    parkLandMu: campaign.capacity.landMu, kept: kept[c].contains(id))
            }
            return ProvinceCoordination.Conflict(enterpriseID: id, name: claims[0].1.enterprise.shortName ?? claims[0].1.enterprise.name, claims: list)
        }.sorted { ($0.claims.map(\.score).max()!, $1.enterpriseID) > ($1.claims.map(\.score).max()!, $0.enterpriseID) }
    }

    func exchanges(independent: [RankedList], coordinated: [RankedList]) -> [ProvinceCoordination.Exchange] {
        var holders: [String: [String]] = [:]
        for list in coordinated { for r in list.results { holders[r.enterprise.id, default: []].append(list.campaign.id) } }
        return zip(independent, coordinated).map { alone, together in
            let before = Set(alone.results.map(\.enterprise.id)), after = Set(together.results.map(\.enterprise.id))
            func entry(_ r: RankedEnterprise) -> ProvinceCoordination.Exchange.Entry {
                .init(enterpriseID: r.enterprise.id, name: r.enterprise.shortName ?? r.enterprise.name, score: r.score,
                      wentTo: holders[r.enterprise.id] ?? [])
            }
            return ProvinceCoordination.Exchange(
                campaignID: alone.campaign.id, place: alone.campaign.nameZh, placeEn: alone.campaign.nameEn,
                gaveUp: alone.results.filter { !after.contains($0.enterprise.id) }.map(entry),
                gained: together.results.filter { !before.contains($0.enterprise.id) }.map(entry),
                totalAlone: alone.results.reduce(0) { $0 + Double($1.score) },
                totalCoordinated: together.results.reduce(0) { $0 + Double($1.score) })
        }
    }

    func chainStandings(_ campaigns: [Campaign], coordinated: [RankedList]) -> [ProvinceCoordination.ChainStanding] {
        let taxonomy = models.taxonomy
        var priority: [String: [Int: Double]] = [:]
        for (c, campaign) in campaigns.enumerated() {
            for target in campaign.targets {
                for node in target.nodes { if let chain = taxonomy.node(node)?.chain { priority[chain, default: [:]][c, default: 0] += target.priority } }
            }
        }
        return priority.filter { $0.value.count > 1 }.keys.sorted().compactMap { chainID -> ProvinceCoordination.ChainStanding? in
            guard let chain = taxonomy.chain(chainID) else { return nil }
            let nodes = chain.nodeIDs
            let places = campaigns.indices.map { c -> ProvinceCoordination.ChainStanding.Place in
                let campaign = campaigns[c]
                let fit = campaignEncoder.endowmentFit(province: campaign.province)
                let endowment = nodes.compactMap { taxonomy.nodeIndex[$0].map { fit[$0] } }.reduce(0, +) / Double(max(1, nodes.count))
                return .init(campaignID: campaign.id, place: campaign.nameZh, placeEn: campaign.nameEn, park: placeName(campaign),
                             density: relatedness?.density(nodes: nodes, park: campaign.parkID, province: campaign.province) ?? 0,
                             endowment: endowment, priority: priority[chainID]?[c] ?? 0,
                             listed: coordinated[c].results.filter { projectChain($0)?.id == chainID }.count)
            }.sorted { ($0.density, $0.endowment, $1.campaignID) > ($1.density, $1.endowment, $0.campaignID) }
            return .init(chainID: chainID, nameZh: chain.nameZh, nameEn: chain.nameEn, places: places)
        }
    }
}
