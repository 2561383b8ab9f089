import Foundation

extension Recommender {
    /// Ranks a campaign before and after a scenario and explains every change.
    public func whatIf(campaign: Campaign, scenario: Scenario, top: Int? = nil, language: Reasons.Language = .zh) throws -> WhatIfAnalysis {
        let changed = scenario.applied(to: campaign)
        let encoder = scenario.endowment.isEmpty
            ? campaignEncoder
            : CampaignEncoder(models: models, layout: layout, endowment: endowment.overriding(province: campaign.province, values: scenario.endowment))
        let baseEncoded = try encode([campaign])
        let baseline = try rank([campaign], encoded: baseEncoded, top: top, language: language)[0]
        let newEncoded = try encode([changed], with: encoder)
        let result = try rank([changed], encoded: newEncoded, top: top, language: language)[0]

        func entries(_ list: RankedList) -> [RankedEntry] {
            list.results.map { RankedEntry(id: $0.enterprise.id, rank: $0.rank, score: $0.score) }
        }
        let diff = try RunDiff(old: entries(baseline), new: entries(result), label: campaign.id)
        let masks = ConstraintMasks(needs: encoding.needs, limits: newEncoded.limits)
        let oldMasks = ConstraintMasks(needs: encoding.needs, limits: baseEncoded.limits)

        let changedNodes = Set(scenario.addTargets.flatMap(\.nodes) + campaign.targets.filter { scenario.removeTargets.contains($0.reference) }.flatMap(\.nodes))
        /// The true cause of a score change: the node whose term moved most, credited to the target change
        /// behind it (a node added or removed moves both its chain and endowment terms), else to the
        /// endowment, weight or profile change of the scenario, else to the block.
        func cause(row: Int, before: ScoreBreakdown, after: ScoreBreakdown, deltas: [FeatureLayout.Block: Double]) -> String {
            let zh = language == .zh
            var perColumn: [Int: Double] = [:]
            for (c, v) in after.columns { perColumn[c, default: 0] += v }
            for (c, v) in before.columns { perColumn[c, default: 0] -= v }
            let top = perColumn.filter { abs($0.value) > 1e-9 }.max { abs($0.value) != abs($1.value) ? abs($0.value) < abs($1.value) : $0.key > $1.key }
            let total = deltas.values.reduce(0, +)
            let amount = String(format: "%+.4f", total)
            func nodeOf(_ column: Int) -> String? {
                for block in [FeatureLayout.Block.chain, .endowment] where layout.range(of: block).contains(column) {
                    return layout.nodeIDs[column - layout.range(of: block).lowerBound]
                }
                return nil
            }
            if let (column, _) = top, let node = nodeOf(column), changedNodes.contains(node) {
                let name = models.taxonomy.node(node).map { zh ? $0.nameZh : $0.nameEn } ?? node
                let added = scenario.addTargets.contains { $0.nodes.contains(node) }
                return zh ? "\(added ? "新增" : "移除")目标环节「\(name)」，得分\(amount)" : "target node \(name) \(added ? "added" : "removed"), score \(amount)"
            }
            if let (column, _) = top, let node = nodeOf(column), !changedNodes.isEmpty {
                let name = models.taxonomy.node(node).map { zh ? $0.nameZh : $0.nameEn } ?? node
                return zh ? "目标调整后「\(name)」环节权重变化，得分\(amount)" : "targets changed the weight of \(name), score \(amount)"
            }
            if !scenario.endowment.isEmpty, abs(deltas[.endowment] ?? 0) > 1e-9 {
                let names = scenario.endowment.keys.sorted().map { id in models.taxonomy.resource(id).map { zh ? $0.nameZh : $0.nameEn } ?? id }
                return zh ? "资源禀赋设定变化（\(names.joined(separator: "、"))），得分\(amount)" : "endowment set to new values (\(names.joined(separator: ", "))), score \(amount)"
            }
            if scenario.weights != Campaign.WeightOverrides() || scenario.profile != nil {
                return zh ? "权重调整，得分\(amount)" : "weights changed, score \(amount)"
            }
            let (block, delta) = deltas.max { abs($0.value) != abs($1.value) ? abs($0.value) < abs($1.value) : $0.key.rawValue > $1.key.rawValue }!
            return String(format: "%@ %+.4f", zh ? block.nameZh : block.rawValue, delta)
        }

        func explain(_ kind: WhatIfAnalysis.Change.Kind, id: String, oldRank: Int?, newRank: Int?, oldScore: Float?, newScore: Float?) -> WhatIfAnalysis.Change {
            let row = enterpriseIndex[id]!
            let before = ScoreBreakdown(features: encoding.features, row: row, weights: baseEncoded.weights, column: 0, layout: layout)
            let after = ScoreBreakdown(features: encoding.features, row: row, weights: newEncoded.weights, column: 0, layout: layout)
            var deltas: [FeatureLayout.Block: Double] = [:]
            for b in FeatureLayout.Block.allCases { deltas[b] = after[b] - before[b] }
            let newRules = masks.violations(enterprise: row, campaign: 0)
            let oldRules = oldMasks.violations(enterprise: row, campaign: 0)
            let scoreMoved = deltas.values.contains { abs($0) > 1e-9 }
            var reason: String
            if kind == .left, case let added = newRules.filter({ !oldRules.contains($0) }), !added.isEmpty {
                // Every rule that now applies, not just the first.
                reason = (language == .zh ? "新规则排除：" : "now excluded by rule: ") + added.map { $0.label(chinese: language == .zh) }.joined(separator: language == .zh ? "、" : ", ")
            } else if kind == .entered, case let lifted = oldRules.filter({ !newRules.contains($0) }), !lifted.isEmpty {
                reason = (language == .zh ? "规则放宽后入选：" : "no longer excluded by rule: ") + lifted.map { $0.label(chinese: language == .zh) }.joined(separator: language == .zh ? "、" : ", ")
            } else if scoreMoved {
                reason = cause(row: row, before: before, after: after, deltas: deltas)
            } else if kind == .entered {
                reason = language == .zh ? "递补：前列企业被规则排除，得分未变" : "score unchanged: a rule removed enterprises ahead of it, freeing a place"
            } else if kind == .left {
                reason = language == .zh ? "被挤出：新进企业得分更高，本身得分未变" : "score unchanged: pushed out by higher-scoring entrants"
            } else {
                reason = language == .zh ? "前列企业进出，得分未变" : "score unchanged: enterprises ahead of it entered or left"
            }
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
