/// A hard rule that keeps an enterprise out of a campaign's results.
public enum MaskRule: String, Sendable, CaseIterable, Codable {
    case land, energy, water, emissions, twoHigh = "two_high", listFilter = "list_filter", excluded
    /// Not active in any targeted chain node or its neighbours.
    case offChain = "off_chain"

    /// What the rule checks, in words.
    public func label(chinese: Bool) -> String {
        switch (self, chinese) {
        case (.land, true): return "用地超出园区可用量"
        case (.land, false): return "land need above the park's capacity"
        case (.energy, true): return "能耗超出能耗指标"
        case (.energy, false): return "energy need above the quota"
        case (.water, true): return "用水超出用水指标"
        case (.water, false): return "water need above the quota"
        case (.emissions, true): return "排放超出排放指标"
        case (.emissions, false): return "emissions above the quota"
        case (.twoHigh, true): return "两高项目不予接受"
        case (.twoHigh, false): return "two-high project screened out"
        case (.listFilter, true): return "不在限定名单中"
        case (.listFilter, false): return "on none of the lists drawn from"
        case (.excluded, true): return "列入排除名单"
        case (.excluded, false): return "on the exclusion list"
        case (.offChain, true): return "不在目标环节及其上下游"
        case (.offChain, false): return "in no target node or neighbour"
        }
    }
}

/// Hard constraints as data: each enterprise's project for a campaign against the campaign's limits.
///
/// ```swift
/// let masks = ConstraintMasks(needs: needs, limits: [limits])
/// masks.allows(enterprise: 1, campaign: 0)       // false: its project is two-high, screened out
/// masks.violations(enterprise: 1, campaign: 0)   // [.twoHigh]
/// masks.project(enterprise: 1, campaign: 0)      // the project those rules judged
/// ```
///
/// The project is the enterprise's project in the wanted node it is strongest in
/// (`EnterpriseNeeds.project`), so its land, energy, water, emissions and two-high status are that
/// node's, never the firm's whole mix; capacities compare exact Double values.
///
/// The scorer asks only about enterprises whose score reaches a campaign's current top-k threshold.
/// That is exact: a mask only removes candidates, so one that cannot enter the top k unmasked cannot
/// enter it masked either.
public struct ConstraintMasks: Sendable, Equatable {
    public var needs: EnterpriseNeeds
    public var limits: [CampaignLimits]

    public init(needs: EnterpriseNeeds, limits: [CampaignLimits]) {
        self.needs = needs
        self.limits = limits
    }

    /// The project enterprise `e` would bring to campaign `c`.
    @inlinable
    public func project(enterprise e: Int, campaign c: Int) -> ProjectNeeds {
        needs.project(enterprise: e, preferring: [limits[c].targetNodes, limits[c].wantedNodes], fallback: limits[c].fallbackNode)
    }

    /// Whether enterprise `e` may appear in campaign `c`'s results.
    ///
    /// `e` indexes the needs arrays; `global` is the enterprise's index in the whole enterprise set,
    /// which is what `excluded` holds (they differ only when scoring a shard).
    @inlinable
    public func allows(enterprise e: Int, global: Int? = nil, campaign c: Int) -> Bool {
        let l = limits[c]
        if !l.requiredLists.isEmpty && needs.lists[e].isDisjoint(with: l.requiredLists) { return false }
        if !l.excluded.isEmpty && l.excluded.contains(global ?? e) { return false }
        if let required = l.requiredNodes, !sharesNode(e, required) { return false }
        return projectFits(enterprise: e, campaign: c)
    }

    /// Whether enterprise `e`'s project for campaign `c` fits the park's capacities and two-high rule.
    @inlinable
    public func projectFits(enterprise e: Int, campaign c: Int) -> Bool {
        let l = limits[c]
        let p = needs.project(enterprise: e, preferring: [l.targetNodes, l.wantedNodes], fallback: l.fallbackNode)
        if let nodes = l.projectNodes {
            guard let n = p.node, n / 64 < nodes.count, nodes[n / 64] & (1 << UInt64(n % 64)) != 0 else { return false }
        }
        if p.landMu > l.landMu || p.energyTce > l.energyTce || p.waterTonnes > l.waterTonnes || p.emissionTonnes > l.emissionTonnes {
            return false
        }
        return !(p.twoHigh && !l.allowsTwoHigh)
    }

    @inlinable
    func sharesNode(_ e: Int, _ required: [UInt64]) -> Bool {
        let base = e * needs.nodeWordsPerRow
        for w in 0..<min(required.count, needs.nodeWordsPerRow) where needs.nodeWords[base + w] & required[w] != 0 {
            return true
        }
        return false
    }

    /// Every rule enterprise `e` breaks in campaign `c` (empty when allowed).
    public func violations(enterprise e: Int, global: Int? = nil, campaign c: Int) -> [MaskRule] {
        let l = limits[c]
        let p = project(enterprise: e, campaign: c)
        var rules: [MaskRule] = []
        if p.landMu > l.landMu { rules.append(.land) }
        if p.energyTce > l.energyTce { rules.append(.energy) }
        if p.waterTonnes > l.waterTonnes { rules.append(.water) }
        if p.emissionTonnes > l.emissionTonnes { rules.append(.emissions) }
        if p.twoHigh && !l.allowsTwoHigh { rules.append(.twoHigh) }
        if !l.requiredLists.isEmpty && needs.lists[e].isDisjoint(with: l.requiredLists) { rules.append(.listFilter) }
        if l.excluded.contains(global ?? e) { rules.append(.excluded) }
        if let required = l.requiredNodes, !sharesNode(e, required) { rules.append(.offChain) }
        return rules
    }
}
