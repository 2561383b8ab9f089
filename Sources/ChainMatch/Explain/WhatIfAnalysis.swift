/// What changes in a campaign's list under a scenario: the new list and the diff against the baseline.
///
/// ```swift
/// let analysis = try engine.whatIf(campaign: campaign, scenario: scenario)
/// analysis.diff.entered      // enterprises that join the list
/// analysis.changes.first?.reason   // "产业链 +0.12" — the block that moved most
/// ```
public struct WhatIfAnalysis: Sendable {
    /// One enterprise whose place changed, with the score block that changed most.
    public struct Change: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case entered, left, moved

            /// 新进 / 退出 / 变动, or the English word.
            public func label(chinese: Bool) -> String {
                guard chinese else { return rawValue }
                switch self {
                case .entered: return "新进"
                case .left: return "退出"
                case .moved: return "变动"
                }
            }
        }
        public var kind: Kind
        public var enterpriseID: String
        public var name: String
        public var oldRank: Int?
        public var newRank: Int?
        public var oldScore: Float?
        public var newScore: Float?
        /// Per block, new contribution minus old (0 for a block that did not change).
        public var blockDeltas: [FeatureLayout.Block: Double]
        /// The block whose contribution changed most, or a hard rule that now applies.
        public var reason: String
    }

    public var scenario: Scenario
    public var baseline: RankedList
    public var result: RankedList
    public var diff: RunDiff
    public var changes: [Change]
}

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

        func explain(_ kind: WhatIfAnalysis.Change.Kind, id: String, oldRank: Int?, newRank: Int?, oldScore: Float?, newScore: Float?) -> WhatIfAnalysis.Change {
            let row = enterpriseIndex[id]!
            let before = ScoreBreakdown(features: encoding.features, row: row, weights: baseEncoded.weights, column: 0, layout: layout)
            let after = ScoreBreakdown(features: encoding.features, row: row, weights: newEncoded.weights, column: 0, layout: layout)
            var deltas: [FeatureLayout.Block: Double] = [:]
            for b in FeatureLayout.Block.allCases { deltas[b] = after[b] - before[b] }
            var reason: String
            let newRules = masks.violations(enterprise: row, campaign: 0)
            let oldRules = oldMasks.violations(enterprise: row, campaign: 0)
            if kind == .left, let rule = newRules.first(where: { !oldRules.contains($0) }) {
                reason = language == .zh ? "新规则排除：\(rule.rawValue)" : "now excluded by rule: \(rule.rawValue)"
            } else if kind == .entered, let rule = oldRules.first(where: { !newRules.contains($0) }) {
                reason = language == .zh ? "不再受规则限制：\(rule.rawValue)" : "no longer excluded by rule: \(rule.rawValue)"
            } else if let (block, delta) = deltas.max(by: { abs($0.value) != abs($1.value) ? abs($0.value) < abs($1.value) : $0.key.rawValue > $1.key.rawValue }), abs(delta) > 1e-9 {
                let name = language == .zh ? block.nameZh : block.rawValue
                reason = String(format: "%@ %+.4f", name, delta)
            } else {
                reason = language == .zh ? "其他企业得分变化，名次随之变化" : "others' scores changed around it"
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
