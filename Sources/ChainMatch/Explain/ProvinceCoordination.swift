/// One province's campaigns ranked together (省级统筹): the coordinated lists, the enterprises several
/// cities wanted and where each went, what each city gave up and got, and who should lead which chain.
///
/// ```swift
/// let result = try recommender.coordinate(campaigns.filter { $0.province == "甘肃省" }, maxCampaigns: 1)
/// result.conflicts.first?.sentence(.zh)   // "宁德时代：金昌…与酒泉…都将其列入前30名；统筹后归…"
/// ```
public struct ProvinceCoordination: Sendable {
    public var province: String
    /// Each enterprise is on at most this many of the province's lists.
    public var maxCampaigns: Int
    /// The coordinated lists, campaign by campaign, with reasons.
    public var lists: [RankedList]
    /// Each campaign ranked alone (what it would have asked for).
    public var independent: [RankedList]
    public var conflicts: [Conflict]
    public var exchanges: [Exchange]
    public var chains: [ChainStanding]
    /// Flow problems the exact allocation solved (1 when no group cap bound).
    public var solves: Int

    /// Each enterprise's rank on campaign `id`'s own list (ranked alone).
    public func independentRanks(of id: String) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: (independent.first { $0.campaign.id == id }?.results ?? []).map { ($0.enterprise.id, $0.rank) })
    }

    /// One campaign's claim on a contested enterprise.
    public struct Claim: Sendable, Equatable {
        public var campaignID: String
        /// The campaign's name (it names the city): 金昌镍钴新能源电池材料招商.
        public var place: String
        public var placeEn: String
        /// Its rank on the campaign's own list.
        public var independentRank: Int
        public var score: Float
        /// The chain of the project the enterprise would bring to this campaign, if any.
        public var chainID: String?
        public var chainName: String?
        /// The place's relatedness density for that chain.
        public var density: Double?
        /// The project's land need against the park's land for the campaign.
        public var landMu: Double
        public var parkLandMu: Double?
        /// Whether the coordinated list keeps it.
        public var kept: Bool
    }

    /// An enterprise that more lists wanted than it may join.
    public struct Conflict: Sendable, Equatable {
        public var enterpriseID: String
        public var name: String
        public var claims: [Claim]
    }

    /// Who a campaign gave up to other cities and who took those places.
    public struct Exchange: Sendable, Equatable {
        public struct Entry: Sendable, Equatable {
            public var enterpriseID: String
            public var name: String
            public var score: Float
            /// For an enterprise given up: the campaigns that got it.
            public var wentTo: [String]
        }
        public var campaignID: String
        public var place: String
        public var placeEn: String
        public var gaveUp: [Entry]
        public var gained: [Entry]
        public var totalAlone: Double
        public var totalCoordinated: Double
    }

    /// A chain two or more of the province's campaigns target, and the places ranked for it.
    public struct ChainStanding: Sendable, Equatable {
        public struct Place: Sendable, Equatable {
            public var campaignID: String
            /// The campaign's name, and its park (or province).
            public var place: String
            public var placeEn: String
            public var park: String
            /// Relatedness density of the place (park, or province without one) for the chain's nodes.
            public var density: Double
            /// Mean endowment fit of the province for the chain's nodes (provincial data: equal within a province).
            public var endowment: Double
            /// Sum of the campaign's target priorities in the chain.
            public var priority: Double
            /// Enterprises on the coordinated list whose project is in the chain.
            public var listed: Int
        }
        public var chainID: String
        public var nameZh: String
        public var nameEn: String
        /// Best first: by relatedness density, then endowment, then campaign id.
        public var places: [Place]
    }
}
