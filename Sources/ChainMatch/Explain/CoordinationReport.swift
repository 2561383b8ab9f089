import Foundation

/// What a province's coordination report says, from the lists ranked alone and together.
extension RankingContext {
    /// The report of one province's coordination: who wanted whom, what each place gave up and gained, and the
    /// chains two or more places target with the places ranked for each. `independent` and `coordinated` hold
    /// the same campaigns in the same order, lists with reasons.
    public func coordinationReport(independent: [RankedList], coordinated: [RankedList], maxCampaigns: Int,
                                   solves: Int) -> ProvinceCoordination {
        let campaigns = coordinated.map(\.campaign)
        return ProvinceCoordination(
            province: Set(campaigns.map(\.province)).sorted().joined(separator: "、"), maxCampaigns: maxCampaigns,
            lists: coordinated, independent: independent,
            conflicts: conflicts(independent: independent, coordinated: coordinated, maxCampaigns: maxCampaigns),
            exchanges: exchanges(independent: independent, coordinated: coordinated),
            chains: chainStandings(campaigns, coordinated: coordinated), solves: solves)
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
                let fit = endowment.nodeFit(province: campaign.province, taxonomy: taxonomy)
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
