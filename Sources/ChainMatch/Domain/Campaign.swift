/// A precision-investment campaign (精准招商专项行动): where, which chain gaps, which lists, which rules.
///
/// ```swift
/// let campaign = try CampaignReader.read(path: "datasets/campaigns/qh-golmud-lithium.json", ...)
/// campaign.targets.first?.gap    // .fill (补链)
/// campaign.capacity.landMu       // remaining land quota of the park, in mu
/// ```
///
/// A campaign names a park from the development-zone catalogue (or only a province), the chain nodes
/// it wants with their gap type and priority, the lists to draw from, a weight profile with optional
/// overrides, hard constraints (the park's remaining capacity, two-high screening), exclusions,
/// partner provinces to favour, per-chain quotas, a cap per parent group, and how many to return.
public struct Campaign: Equatable, Sendable, Identifiable {
    /// How a campaign wants a chain node (产业链缺口).
    public enum GapType: String, Equatable, Sendable, CaseIterable {
        /// 补链: the node is missing; attract enterprises that are in it.
        case fill
        /// 延链: extend from the node up- or downstream; attract its suppliers and customers.
        case extend
        /// 强链: the node exists but is weak; attract more of it.
        case strengthen

        public var nameZh: String {
            switch self {
            case .fill: return "补链"
            case .extend: return "延链"
            case .strengthen: return "强链"
            }
        }
    }

    /// One chain node (or every node of a chain) the campaign targets.
    public struct Target: Equatable, Sendable {
        /// Node ids the target resolves to (a chain target expands to all its nodes).
        public var nodes: [String]
        /// The id as written in the file: a node id, or a chain id.
        public var reference: String
        public var gap: GapType
        /// Relative importance, > 0 (1 = normal).
        public var priority: Double

        public init(reference: String, nodes: [String], gap: GapType, priority: Double) {
            self.reference = reference
            self.nodes = nodes
            self.gap = gap
            self.priority = priority
        }
    }

    /// The park's remaining carrying capacity for this campaign and its screening rules.
    public struct Capacity: Equatable, Sendable {
        /// Largest land need one project may have, in mu (亩); `nil` = no limit.
        public var landMu: Double?
        /// Largest yearly energy use one project may have, in tce (能耗指标); `nil` = no limit.
        public var energyTce: Double?
        /// Largest yearly fresh-water use, in tonnes; `nil` = no limit.
        public var waterTonnes: Double?
        /// Largest yearly CO₂ emission, in tonnes; `nil` = no limit.
        public var emissionTonnes: Double?
        /// Whether two-high (两高) projects may be proposed at all.
        public var allowsTwoHigh: Bool
        /// Whether the figures are illustrative (a bureau's private quota we do not know).
        public var illustrative: Bool

        public init(landMu: Double? = nil, energyTce: Double? = nil, waterTonnes: Double? = nil,
                    emissionTonnes: Double? = nil, allowsTwoHigh: Bool = true, illustrative: Bool = true) {
            self.landMu = landMu
            self.energyTce = energyTce
            self.waterTonnes = waterTonnes
            self.emissionTonnes = emissionTonnes
            self.allowsTwoHigh = allowsTwoHigh
            self.illustrative = illustrative
        }
    }

    /// An enterprise not to propose, and why (already landed, in negotiation …).
    public struct Exclusion: Equatable, Sendable {
        public var enterpriseID: String
        public var reason: String

        public init(enterpriseID: String, reason: String) {
            self.enterpriseID = enterpriseID
            self.reason = reason
        }
    }

    /// At least `minimum` and at most `maximum` of the list from one chain (the Yunnan plan's
    /// "at least N projects per industry") or from one node (at least N PV-glass makers).
    ///
    /// ```swift
    /// let glass = Campaign.Quota(node: "pv.glass", minimum: 3, maximum: nil)
    /// glass.covers(taxonomy.node("pv.glass")!)   // true
    /// ```
    public struct Quota: Equatable, Sendable {
        /// The chain id, or the node id when `isNode`.
        public var scope: String
        public var isNode: Bool
        public var minimum: Int
        public var maximum: Int?

        public init(chain: String, minimum: Int, maximum: Int?) {
            self.scope = chain; self.isNode = false
            self.minimum = minimum; self.maximum = maximum
        }

        public init(node: String, minimum: Int, maximum: Int?) {
            self.scope = node; self.isNode = true
            self.minimum = minimum; self.maximum = maximum
        }

        /// Whether an enterprise active in `node` counts toward this quota.
        public func covers(_ node: ChainNode) -> Bool { isNode ? node.id == scope : node.chain == scope }
    }

    /// Overrides of a weight profile's block weights; `nil` keeps the profile's value.
    public struct WeightOverrides: Equatable, Sendable {
        public var chain: Double?
        public var endowment: Double?
        public var relatedness: Double?
        public var profile: Double?

        public init(chain: Double? = nil, endowment: Double? = nil, relatedness: Double? = nil, profile: Double? = nil) {
            self.chain = chain
            self.endowment = endowment
            self.relatedness = relatedness
            self.profile = profile
        }
    }

    public var id: String
    public var nameZh: String
    public var nameEn: String
    /// The policy text the campaign is modelled on.
    public var basis: String
    /// Park id from `datasets/parks.csv`; `nil` for a province-wide campaign.
    public var parkID: String?
    /// Canonical province name (from the park when one is given).
    public var province: String
    /// Weight profile name from `models/profiles/`.
    public var profile: String
    public var overrides: WeightOverrides
    public var targets: [Target]
    /// The campaign draws only from enterprises on at least one of these lists; empty = all.
    public var lists: [String]
    public var capacity: Capacity
    public var exclusions: [Exclusion]
    /// Partner provinces (东西部协作, 对口支援) whose enterprises the campaign favours.
    public var partners: [String]
    public var quotas: [Quota]
    /// At most this many enterprises of one parent group; `nil` = no cap.
    public var maxPerGroup: Int?
    /// How many enterprises to return.
    public var top: Int
    /// Only enterprises active in a targeted node or its up- and downstream neighbours are candidates.
    public var requireChainMatch = true
    /// Enterprises already in the park (typically chain leaders) whose suppliers and customers the
    /// campaign wants (以商招商): their nodes become extend targets and they are not proposed themselves.
    public var anchors: [Exclusion] = []
    /// Free text for people: what is illustrative, who asked, what to watch.
    public var notes: String = ""
    /// The file the campaign was read from, for error messages; empty when built in code.
    public var source: String = ""

    public init(id: String, nameZh: String, nameEn: String, basis: String, parkID: String?, province: String,
                profile: String, overrides: WeightOverrides = WeightOverrides(), targets: [Target],
                lists: [String] = [], capacity: Capacity = Capacity(), exclusions: [Exclusion] = [],
                partners: [String] = [], quotas: [Quota] = [], maxPerGroup: Int? = nil, top: Int = 30) {
        self.id = id
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.basis = basis
        self.parkID = parkID
        self.province = province
        self.profile = profile
        self.overrides = overrides
        self.targets = targets
        self.lists = lists
        self.capacity = capacity
        self.exclusions = exclusions
        self.partners = partners
        self.quotas = quotas
        self.maxPerGroup = maxPerGroup
        self.top = top
    }
}
