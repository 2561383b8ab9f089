/// The lists an enterprise belongs to, as bits, so list filters are one AND.
///
/// ```swift
/// let lists: ListMembership = [.global500, .listed]
/// lists.contains(.listed)   // true
/// ```
public struct ListMembership: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let global500 = ListMembership(rawValue: 1 << 0)    // 世界500强
    public static let china500 = ListMembership(rawValue: 1 << 1)     // 中国企业500强
    public static let private500 = ListMembership(rawValue: 1 << 2)   // 民营企业500强
    public static let centralSOE = ListMembership(rawValue: 1 << 3)   // 央企
    public static let listed = ListMembership(rawValue: 1 << 4)       // 上市公司
    public static let chainLeader = ListMembership(rawValue: 1 << 5)  // 链主

    /// Stable names used in data files and output, in bit order.
    public static let names: [(ListMembership, String)] = [
        (.global500, "global500"), (.china500, "china500"), (.private500, "private500"),
        (.centralSOE, "central_soe"), (.listed, "listed"), (.chainLeader, "chain_leader"),
    ]

    /// The lists that come from data files (`enterprises.csv`), in file order; chain leadership is
    /// computed by the encoder instead.
    public static let dataNames: [(ListMembership, String)] = Array(names.prefix(5))

    public init?(name: String) {
        guard let match = Self.names.first(where: { $0.1 == name }) else { return nil }
        self = match.0
    }

    public var names: [String] { Self.names.filter { contains($0.0) }.map(\.1) }

    /// Semicolon-separated data-file names, e.g. "global500;private500;listed".
    public var text: String { Self.dataNames.filter { contains($0.0) }.map(\.1).joined(separator: ";") }

    /// Parses the semicolon-separated data-file form; nil on an unknown name.
    public init?(text: String) {
        self = []
        for part in text.split(separator: ";") {
            guard let flag = Self.dataNames.first(where: { $0.1 == part })?.0 else { return nil }
            insert(flag)
        }
    }
}

/// What one campaign allows: the park's remaining capacities and the campaign's hard filters.
///
/// ```swift
/// var limits = CampaignLimits()
/// limits.landMu = 500                 // at most 500 mu of land left
/// limits.allowsTwoHigh = false        // 两高 projects screened out
/// limits.requiredLists = [.global500, .china500, .private500]   // any of 三个500强
/// ```
public struct CampaignLimits: Sendable, Equatable {
    /// Largest needs one project may have (exact values from the campaign file).
    public var landMu: Double = .infinity
    public var energyTce: Double = .infinity
    public var waterTonnes: Double = .infinity
    public var emissionTonnes: Double = .infinity
    public var allowsTwoHigh = true
    /// The nodes the campaign targets — its target nodes, and an extend target's suppliers and
    /// customers — as bits like `EnterpriseNeeds.nodeWords`: an enterprise's project is in the
    /// target node it is strongest in, …
    public var targetNodes: [UInt64] = []
    /// … else in the wanted node (any positive chain weight) it is strongest in.
    public var wantedNodes: [UInt64] = []
    /// The node of the project when the enterprise is in no wanted node: the campaign's first
    /// highest-priority target (a headquarters campaign's project is a headquarters).
    public var fallbackNode: Int?
    /// An enterprise must be on at least one of these lists; empty means no list filter.
    public var requiredLists: ListMembership = []
    /// Enterprise indices never to return (already landed, in negotiation).
    public var excluded: Set<Int> = []
    /// When set, an enterprise must be active in at least one of these chain nodes (same bit layout
    /// as `EnterpriseNeeds.nodeWords`): the campaign's targets and their neighbours.
    public var requiredNodes: [UInt64]?
    /// When set, the project's node must be one of these (same bit layout): a quota column holds the
    /// enterprises whose project — the wanted node they are strongest in — the quota counts.
    public var projectNodes: [UInt64]?

    public init() {}
}

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
