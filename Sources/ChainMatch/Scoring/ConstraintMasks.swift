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
/// The project is the enterprise's project in the node where it earns the most credit among those the park
/// can host (`EnterpriseNeeds.projectChoice`), so its land, energy, water, emissions and two-high status are
/// that node's, never the firm's whole mix; capacities compare exact Double values.
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
        needs.project(enterprise: e, limits: limits[c])
    }

    /// The project credit of enterprise `e` in campaign `c`: its project node's chain and endowment weights ×
    /// its strength there (`EnterpriseNeeds.projectChoice`), 0 when no node earns any.
    @inlinable
    public func projectCredit(enterprise e: Int, campaign c: Int) -> Float {
        needs.projectChoice(enterprise: e, limits: limits[c])?.credit ?? 0
    }

    /// The project enterprise `e` would bring to campaign `c`, with its node and credit (the breakdown's
    /// chain and endowment terms).
    public func projectTerm(enterprise e: Int, campaign c: Int) -> ProjectChoice? {
        needs.projectChoice(enterprise: e, limits: limits[c])
    }

    /// The capacity and two-high rules project `p` breaks in campaign `c` (what keeps a project out of a node).
    public func capacityRules(of p: ProjectNeeds, campaign c: Int) -> [MaskRule] {
        let l = limits[c]
        var rules: [MaskRule] = []
        if p.landMu > l.landMu { rules.append(.land) }
        if p.energyTce > l.energyTce { rules.append(.energy) }
        if p.waterTonnes > l.waterTonnes { rules.append(.water) }
        if p.emissionTonnes > l.emissionTonnes { rules.append(.emissions) }
        if p.twoHigh && !l.allowsTwoHigh { rules.append(.twoHigh) }
        return rules
    }

    /// Whether enterprise `e` may appear in campaign `c`'s results.
    ///
    /// `e` indexes the needs arrays; `global` is the enterprise's index in the whole enterprise set,
    /// which is what `excluded` holds (they differ only when scoring a shard).
    @inlinable
    public func allows(enterprise e: Int, global: Int? = nil, campaign c: Int) -> Bool {
        broken(enterprise: e, global: global, campaign: c, cheap: true, firstOnly: true) == 0
    }

    /// Whether enterprise `e`'s project for campaign `c` fits the park's capacities and two-high rule
    /// (and, in a quota column, lies in the quota's nodes).
    @inlinable
    public func projectFits(enterprise e: Int, campaign c: Int) -> Bool {
        broken(enterprise: e, global: nil, campaign: c, cheap: false, firstOnly: true) == 0
    }

    /// Every rule enterprise `e` breaks in campaign `c` (empty when allowed), in `MaskRule` order.
    public func violations(enterprise e: Int, global: Int? = nil, campaign c: Int) -> [MaskRule] {
        let bits = broken(enterprise: e, global: global, campaign: c, cheap: true, firstOnly: false)
        return MaskRule.allCases.filter { bits & Self.bit($0) != 0 }
    }

    /// The rules, written once: the bits (by `MaskRule` case order) of those enterprise `e` breaks in
    /// campaign `c`. `cheap` adds the list, exclusion and chain-match rules to the project's; with
    /// `firstOnly` it stops at the first broken rule (the mask's question), else it finds all (explain's).
    @inlinable
    func broken(enterprise e: Int, global: Int?, campaign c: Int, cheap: Bool, firstOnly: Bool) -> UInt16 {
        var bits: UInt16 = 0
        let l = limits[c]
        if cheap {
            if Self.missesLists(needs.lists[e].rawValue, l.requiredLists.rawValue) { bits |= Self.bit(.listFilter); if firstOnly { return bits } }
            if !l.excluded.isEmpty && l.excluded.contains(global ?? e) { bits |= Self.bit(.excluded); if firstOnly { return bits } }
            if let required = l.requiredNodes, !sharesNode(e, required) { bits |= Self.bit(.offChain); if firstOnly { return bits } }
        }
        let p = needs.project(enterprise: e, limits: l)
        if let nodes = l.projectNodes, !(p.node.map { $0 / 64 < nodes.count && nodes[$0 / 64] & (1 << UInt64($0 % 64)) != 0 } ?? false) {
            bits |= Self.bit(.offChain); if firstOnly { return bits }
        }
        if p.landMu > l.landMu { bits |= Self.bit(.land); if firstOnly { return bits } }
        if p.energyTce > l.energyTce { bits |= Self.bit(.energy); if firstOnly { return bits } }
        if p.waterTonnes > l.waterTonnes { bits |= Self.bit(.water); if firstOnly { return bits } }
        if p.emissionTonnes > l.emissionTonnes { bits |= Self.bit(.emissions); if firstOnly { return bits } }
        if p.twoHigh && !l.allowsTwoHigh { bits |= Self.bit(.twoHigh) }
        return bits
    }

    /// The bit of `rule` in `broken`'s answer: its position among `MaskRule.allCases`.
    @inlinable
    static func bit(_ rule: MaskRule) -> UInt16 {
        switch rule {
        case .land: 1 << 0
        case .energy: 1 << 1
        case .water: 1 << 2
        case .emissions: 1 << 3
        case .twoHigh: 1 << 4
        case .listFilter: 1 << 5
        case .excluded: 1 << 6
        case .offChain: 1 << 7
        }
    }

    /// The list rule, on the bits of `ListMembership`: a filter is set and the enterprise is on none of its lists.
    @inlinable
    static func missesLists(_ lists: UInt32, _ required: UInt32) -> Bool { required != 0 && lists & required == 0 }

    /// The chain-match rule: the enterprise shares no node with `required` (the node bits of one row).
    @inlinable
    static func sharesNode(_ row: UnsafePointer<UInt64>, _ required: UnsafePointer<UInt64>, words: Int) -> Bool {
        for w in 0..<words where row[w] & required[w] != 0 { return true }
        return false
    }

    @inlinable
    func sharesNode(_ e: Int, _ required: [UInt64]) -> Bool {
        needs.nodeWords.withUnsafeBufferPointer { rows in
            required.withUnsafeBufferPointer { r in
                Self.sharesNode(rows.baseAddress! + e * needs.nodeWordsPerRow, r.baseAddress!, words: min(r.count, needs.nodeWordsPerRow))
            }
        }
    }
}
