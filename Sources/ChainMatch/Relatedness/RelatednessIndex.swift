import Foundation

/// What the scorer needs from relatedness: each enterprise's industries and each campaign's uptake.
///
/// ```swift
/// let index = try RelatednessIndex.load(from: location, parks: datasets.parks)
/// try index?.uptake(park: "G631211", province: "青海省")          // 1 where the zone lists it, else P(takes it up)
/// try index?.campaignSide(campaign, taxonomy: models.taxonomy)     // the same, on the campaign's chain only
/// index?.density(park: "G631211", province: "青海省")             // ω, for `relatedness show`
/// ```
///
/// Uptake comes from the uptake model (`ZonePairModel`, `models/relatedness/pair_model.csv`); density
/// uses the learned proximity over the zone's approved industries; a province row (for a campaign
/// without a park) is the mean uptake over the province's zones, or for density the province's RCA ≥ 1
/// presence. Enterprise industries come from the canonical industries of its chain nodes (weighted by
/// its activity there) and of its listed-company class (weight 0.6), strongest per industry, scaled to
/// at most unit length.
public struct RelatednessIndex: Sendable, Codable {
    public let vocabulary: IndustryVocabulary
    public let model: RelatednessModel
    public let zones: RelatednessMeasures
    public let provinces: RelatednessMeasures
    /// The uptake model (`pair_model.csv`); without it the campaign side falls back to density ω.
    public let pairModel: ZonePairModel?
    /// The parks it was built over; a snapshot leaves them out and `attaching(parks:)` puts them back.
    private var parks: [Park] = []
    private let uptakeCache = UptakeCache()
    private let zoneRow: [String: Int]
    private let provinceRow: [String: Int]
    private let nodeIndustries: [String: [Int]]
    private let classIndustry: [String: Int]
    static let classWeight: Float = 0.6
    /// Everything but the cache of uptake scores, which starts empty, and the parks, which the datasets hold.
    private enum CodingKeys: String, CodingKey {
        case vocabulary, model, zones, provinces, pairModel, zoneRow, provinceRow, nodeIndustries, classIndustry
    }

    /// The index over `parks`, the same parks it was built from (a decoded index has none).
    public func attaching(parks: [Park]) -> RelatednessIndex {
        var copy = self
        copy.parks = parks
        return copy
    }

    public init(vocabulary: IndustryVocabulary, model: RelatednessModel, parks: [Park], pairModel: ZonePairModel? = nil) throws {
        self.vocabulary = vocabulary
        self.model = model
        self.pairModel = pairModel
        self.parks = parks
        zones = try RelatednessMeasures(PlaceIndustryMatrix.zones(parks, vocabulary: vocabulary), proximity: model.proximity)
        provinces = try RelatednessMeasures(PlaceIndustryMatrix.provinces(parks, vocabulary: vocabulary), proximity: model.proximity)
        zoneRow = Dictionary(zones.matrix.places.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        provinceRow = Dictionary(uniqueKeysWithValues: provinces.matrix.places.enumerated().map { ($1, $0) })
        nodeIndustries = vocabulary.nodeIndustries
        classIndustry = vocabulary.listedClassIndustries
    }

    /// Loads vocabulary and proximity when both are present under `location`; nil when the vocabulary is
    /// absent. Without `proximity.csv` the proximity is learned from `parks` on the spot.
    public static func load(from location: DataLocation, parks: [Park]) throws -> RelatednessIndex? {
        guard IndustryVocabulary.isPresent(at: location) else { return nil }
        let vocabulary = try IndustryVocabulary.load(from: location)
        let model: RelatednessModel
        if RelatednessModel.isPresent(at: location) {
            model = try RelatednessModel.load(from: location, vocabulary: vocabulary)
        } else {
            let zones = PlaceIndustryMatrix.zones(parks, vocabulary: vocabulary)
            model = RelatednessModel(industries: vocabulary.ids, proximity: try EconomicComplexity.proximity(presence: zones.presence))
        }
        let pairPath = directory(location) + "/" + RelatednessModel.pairModelFile
        let pair = FileManager.default.fileExists(atPath: pairPath) ? try ZonePairModel.read(path: pairPath, industries: vocabulary.ids) : nil
        return try RelatednessIndex(vocabulary: vocabulary, model: model, parks: parks, pairModel: pair)
    }

    static func directory(_ location: DataLocation) -> String { RelatednessModel.directory(location) }

    /// The campaign side of the relatedness block: the place's `uptake` of the industries of the
    /// campaign's chain — its target nodes and their direct suppliers and customers — and 0 elsewhere.
    /// Relatedness then orders enterprises within the campaign's theme (a chemical park's chemical
    /// industries do not pull chemical firms into its wine campaign).
    public func campaignSide(_ campaign: Campaign, taxonomy: ChainTaxonomy) throws -> [Float] {
        var theme = Set<Int>()
        for target in campaign.targets {
            for node in target.nodes {
                for id in [node] + taxonomy.upstream(of: node) + taxonomy.downstream(of: node) {
                    theme.formUnion(nodeIndustries[id] ?? [])
                }
            }
        }
        let value = try uptake(park: campaign.parkID, province: campaign.province)
        return value.indices.map { theme.contains($0) ? value[$0] : 0 }
    }

    /// The campaign side of the relatedness block: per canonical industry, 1 where the park already has
    /// it, else the uptake model's probability that a zone like this one (its industries, province,
    /// city, type and level, and map neighbours) takes it up. A province (no park, or a park outside the
    /// catalogue) gets the mean over its zones. Falls back to density ω without `pair_model.csv`.
    public func uptake(park: String?, province: String) throws -> [Float] {
        guard let pairModel else { return density(park: park, province: province) }
        let key = Self.uptakeKey(park: park, province: province)
        if let known = uptakeCache.value(key) { return known }
        let zones: [Int]
        if let park, let r = zoneRow[park] { zones = [r] } else { zones = parks.indices.filter { parks[$0].province == province } }
        guard !zones.isEmpty else { return [Float](repeating: 0, count: ids.count) }
        let presence = self.zones.presence
        let stats = try ZonePairModel.Statistics(training: presence, context: ZoneContext(parks: parks, only: zones))
        var total = [Double](repeating: 0, count: ids.count)
        for z in zones {
            let kept = (0..<ids.count).filter { presence[z, $0] > 0 }
            for i in 0..<ids.count { total[i] += presence[z, i] > 0 ? 1 : pairModel.probability(stats, zone: z, kept: kept, industry: i) }
        }
        let value = total.map { Float($0 / Double(zones.count)) }
        uptakeCache.store(value, key)
        return value
    }

    /// The key an uptake is kept under: the park (empty without one) and the province.
    static func uptakeKey(park: String?, province: String) -> String { (park ?? "") + "\u{1F}" + province }

    /// The uptakes worked out so far, by place key (`uptakeKey`): a load snapshot keeps those of the
    /// bundled campaigns, so an interactive command reads them instead of working them out again.
    var knownUptakes: [String: [Float]] { uptakeCache.all }

    /// Takes uptakes worked out over these very models and parks (a current snapshot's) into the cache.
    func remember(_ uptakes: [String: [Float]]) {
        for (key, value) in uptakes where value.count == ids.count { uptakeCache.store(value, key) }
    }

    public var ids: [String] { vocabulary.ids }

    /// Density over the canonical industries for a park (its zone row) or, without one, a province.
    public func density(park: String?, province: String) -> [Float] {
        if let park, let r = zoneRow[park] {
            return (0..<ids.count).map { Float(zones.density[r, $0]) }
        }
        if let r = provinceRow[province] {
            return (0..<ids.count).map { Float(provinces.density[r, $0]) }
        }
        return [Float](repeating: 0, count: ids.count)
    }

    /// How related a place is to a set of chain nodes: the mean relatedness density over the nodes'
    /// canonical industries (0 when they map to none); the evidence for who should lead a chain (错位发展).
    ///
    /// ```swift
    /// index.density(nodes: ["li.carbonate", "li.hydroxide"], park: "G632032", province: "青海省")   // 0.21
    /// ```
    public func density(nodes: [String], park: String?, province: String) -> Double {
        let industries = Set(nodes.flatMap { nodeIndustries[$0] ?? [] }).sorted()
        guard !industries.isEmpty else { return 0 }
        let all = density(park: park, province: province)
        return industries.reduce(0) { $0 + Double(all[$1]) } / Double(industries.count)
    }

    /// Industries present in a park (or, without one, in a province by RCA ≥ 1).
    /// Whether `park` is a zone of the catalogue (a row of the zone matrices).
    func isZone(_ park: String) -> Bool { zoneRow[park] != nil }

    public func presentIndustries(park: String?, province: String) -> [Int] {
        if let park, let r = zoneRow[park] { return (0..<ids.count).filter { zones.presence[r, $0] > 0 } }
        if let r = provinceRow[province] { return (0..<ids.count).filter { provinces.presence[r, $0] > 0 } }
        return []
    }

    /// An enterprise's weight per canonical industry, from its node activity and its listed class.
    public func enterpriseIndustries(nodeActivity: [(node: String, activity: Float)], listedIndustry: String?) -> [(industry: Int, weight: Float)] {
        var best: [Int: Float] = [:]
        for (node, a) in nodeActivity { for i in nodeIndustries[node] ?? [] { best[i] = max(best[i] ?? 0, a) } }
        if let cls = listedIndustry, let i = classIndustry[cls] { best[i] = max(best[i] ?? 0, Self.classWeight) }
        // Summed in industry order: a dictionary's order changes from run to run, and so would the float sum.
        let keys = best.keys.sorted()
        let norm = max(1, keys.reduce(Float(0)) { $0 + best[$1]! * best[$1]! }.squareRoot())
        return keys.map { ($0, best[$0]! / norm) }
    }
}

extension RelatednessIndex {
    /// One industry of a place's relatedness profile.
    public struct ProfileRow: Equatable, Sendable {
        public var industry: CanonicalIndustry
        public var present: Bool
        public var density: Double
        public var outlookGain: Double
    }

    /// A place's industries: present ones first (catalogue order), then absent ones by density (highest
    /// first, ties by industry order), each with its complexity outlook gain. A park id picks its zone
    /// row; otherwise the province row. Throws for an unknown park or province.
    public func profile(park: String?, province: String?) throws -> (place: String, rows: [ProfileRow]) {
        let measures: RelatednessMeasures
        let row: Int
        if let park {
            guard let r = zoneRow[park] else { throw ChainMatchError.unknownReference(nil, kind: "park", id: park) }
            measures = zones; row = r
        } else if let province, let r = provinceRow[province] {
            measures = provinces; row = r
        } else {
            throw ChainMatchError.unknownReference(nil, kind: "province", id: province ?? "")
        }
        let rows = vocabulary.canonical.enumerated().map { i, c in
            ProfileRow(industry: c, present: measures.presence[row, i] > 0, density: measures.density[row, i], outlookGain: measures.outlookGain[row, i])
        }
        let present = rows.filter(\.present)
        let absent = rows.enumerated().filter { !$0.element.present }
            .sorted { $0.element.density != $1.element.density ? $0.element.density > $1.element.density : $0.offset < $1.offset }
            .map(\.element)
        return (measures.matrix.places[row], present + absent)
    }
}

/// Uptake vectors already computed, by place (a ranking asks once per campaign and once per reason).
final class UptakeCache: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: [Float]] = [:]

    func value(_ key: String) -> [Float]? { lock.withLock { values[key] } }
    func store(_ value: [Float], _ key: String) { lock.withLock { values[key] = value } }
    var all: [String: [Float]] { lock.withLock { values } }
}
