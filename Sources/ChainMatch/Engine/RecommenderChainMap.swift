import Foundation

extension Recommender {
    /// The chain map of a campaign; `chains` limits it to some chains (default: those it targets).
    public func chainMap(campaign: Campaign, chains chainIDs: [String]? = nil, targetsPerNode: Int = 3) throws -> ChainMap {
        let encoded = try encode([campaign])
        let masks = ConstraintMasks(needs: encoding.needs, limits: encoded.limits)
        let targetNodes = Set(campaign.targets.flatMap(\.nodes))
        let chainStart = layout.range(of: .chain).lowerBound
        // One pass with the exact scores the lists report (so the map and the list agree at every cut):
        // the best allowed enterprises active in each target node.
        let targetColumns = targetNodes.compactMap { models.taxonomy.nodeIndex[$0] }.sorted()
        var best = Dictionary(uniqueKeysWithValues: targetColumns.map { ($0, TopK(k: targetsPerNode)) })
        CampaignScorePass.run(features: encoding.features, weights: encoded.weights, column: 0, projectCredit: layout.projectCredit, masks: masks) { row, score, allowed in
            guard allowed else { return }
            for i in targetColumns where encoding.features[row, chainStart + i] > 0 { best[i]!.offer(ScoredItem(index: row, score: score)) }
        }
        let wanted = chainIDs ?? campaign.targets.flatMap(\.nodes).compactMap { models.taxonomy.node($0)?.chain }
        var seen = Set<String>()
        let chainList = wanted.filter { seen.insert($0).inserted }.compactMap { models.taxonomy.chain($0) }
        let park = campaign.parkID.flatMap { parksByID[$0] }
        let terms = park?.leadingIndustries ?? []
        var nodes: [ChainMap.Node] = []
        for chain in chainList {
            for id in chain.nodeIDs {
                guard let node = models.taxonomy.node(id), let i = models.taxonomy.nodeIndex[id] else { continue }
                let mentions = terms.filter { term in
                    node.keywords.contains { term.contains($0) } || node.nameZh.hasPrefix(term) || term.hasPrefix(node.nameZh)
                }
                var local: [(String, Double)] = []
                for (row, e) in datasets.enterprises.enumerated() where e.province == campaign.province && encoding.features[row, chainStart + i] >= 0.3 {
                    local.append((e.name, e.revenueCNY100m ?? 0))
                }
                local.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
                let target = campaign.targets.first { $0.nodes.contains(id) }
                let part = encoded.chainParts[0][i]
                let bestTargets = (best[i]?.sorted() ?? []).map {
                    ChainMap.Target(enterpriseID: datasets.enterprises[$0.index].id, name: datasets.enterprises[$0.index].name, score: $0.score)
                }
                nodes.append(ChainMap.Node(
                    id: id, chain: chain.id, nameZh: node.nameZh, nameEn: node.nameEn, stage: node.stage,
                    parkMentions: mentions, regionEnterprises: local.map(\.0), gap: target?.gap, priority: target?.priority ?? 0,
                    weight: part.gap + part.supplier + part.customer, upstream: node.upstream, bestTargets: bestTargets))
            }
        }
        return ChainMap(campaign: campaign, parkName: park?.name, parkIndustries: terms, chains: chainList, nodes: nodes)
    }
}
