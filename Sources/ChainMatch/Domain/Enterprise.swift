/// A candidate investor: one real enterprise, joined across the listed-company, Fortune Global 500,
/// China Top 500, private Top 500 and central-SOE sources.
///
/// ```swift
/// let data = try Datasets.load(from: DataLocation.resolve())
/// let catl = data.enterprises.first { $0.stockCode == "300750.SZ" }!
/// print(catl.name, catl.province ?? "", catl.lists.contains(.global500)) // 宁德时代新能源科技股份有限公司 福建省 true
/// ```
///
/// Money is in 亿元 (100 million CNY). `revenueSource` says where the revenue figure comes from and
/// `revenueIsEstimate` whether it was derived (price/sales ratio, currency conversion) rather than
/// reported. Missing facts are nil, never zero.
public struct Enterprise: Sendable, Equatable, Identifiable, Codable {
    /// Who controls the enterprise, as far as the sources say.
    public enum Ownership: String, Sendable, CaseIterable, Codable {
        case centralSOE = "central_soe"
        case localSOE = "local_soe"
        case privatelyOwned = "private"
        case foreign = "foreign"
        case unknown = "unknown"
    }

    /// Which source lists the enterprise is on.
    /// The lists an enterprise is on; the same bits the scorer's list filters test.
    public typealias Lists = ListMembership

    /// Stable id: `SH600519`-style exchange + code for A-share companies, `HK00836` for Hong Kong
    /// listed subsidiaries, `E` + 16 hex digits (FNV-1a 64 of the normalised name) for the rest.
    public var id: String
    public var name: String
    public var nameEn: String?
    /// The exchange short name (证券简称) for listed companies.
    public var shortName: String?
    /// `600519.SH`, `920017.BJ`, `00836.HK`.
    public var stockCode: String?
    /// One of `Province.names`, or nil (abroad, Hong Kong/Macao/Taiwan, or unknown).
    public var province: String?
    public var city: String?
    /// 中国, 中国香港, 中国台湾, or the HQ country in Chinese for foreign companies; nil if unknown.
    public var country: String?
    /// Tushare's industry class (about 110 classes) for listed companies.
    public var listedIndustry: String?
    /// The Fortune Global 500 industry (Chinese edition).
    public var global500Industry: String?
    public var lists: Lists
    public var ownership: Ownership
    /// The group this enterprise belongs to, when a source says so.
    public var parentGroupID: String?
    public var revenueCNY100m: Double?
    public var revenueSource: String?
    public var revenueYear: String?
    public var revenueIsEstimate: Bool
    public var marketValueCNY100m: Double?
    public var global500Rank: Int?
    public var china500Rank: Int?
    public var private500Rank: Int?
    public var private500Rank2025: Int?
    /// Semicolon-separated data-quality notes (fixed provinces, placeholder revenues, fuzzy matches).
    public var notes: String
    /// The Shenwan (申万) 2021 level-3 industry code and name, for A-share companies.
    public var shenwanL3Code: String?
    public var shenwanL3: String?
    /// East Money concept boards (概念板块) the company is a member of, for A-share companies.
    public var concepts: [String]
    /// Staff count from the company profile, when known.
    public var employees: Int?

    public init(id: String, name: String, nameEn: String? = nil, shortName: String? = nil, stockCode: String? = nil,
                province: String? = nil, city: String? = nil, country: String? = nil,
                listedIndustry: String? = nil, global500Industry: String? = nil,
                lists: Lists = [], ownership: Ownership = .unknown, parentGroupID: String? = nil,
                revenueCNY100m: Double? = nil, revenueSource: String? = nil, revenueYear: String? = nil,
                revenueIsEstimate: Bool = false, marketValueCNY100m: Double? = nil,
                global500Rank: Int? = nil, china500Rank: Int? = nil, private500Rank: Int? = nil,
                private500Rank2025: Int? = nil, notes: String = "",
                shenwanL3Code: String? = nil, shenwanL3: String? = nil, concepts: [String] = [], employees: Int? = nil) {
        self.id = id; self.name = name; self.nameEn = nameEn; self.shortName = shortName
        self.stockCode = stockCode; self.province = province; self.city = city; self.country = country
        self.listedIndustry = listedIndustry; self.global500Industry = global500Industry
        self.lists = lists; self.ownership = ownership; self.parentGroupID = parentGroupID
        self.revenueCNY100m = revenueCNY100m; self.revenueSource = revenueSource; self.revenueYear = revenueYear
        self.revenueIsEstimate = revenueIsEstimate; self.marketValueCNY100m = marketValueCNY100m
        self.global500Rank = global500Rank; self.china500Rank = china500Rank
        self.private500Rank = private500Rank; self.private500Rank2025 = private500Rank2025; self.notes = notes
        self.shenwanL3Code = shenwanL3Code; self.shenwanL3 = shenwanL3; self.concepts = concepts; self.employees = employees
    }
}
