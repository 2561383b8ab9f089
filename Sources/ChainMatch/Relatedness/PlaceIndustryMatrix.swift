import Foundation

/// A place × canonical-industry count matrix: zones, prefectures, provinces or listed companies by province.
///
/// ```swift
/// let zones = PlaceIndustryMatrix.zones(parks, vocabulary: vocabulary)        // 2,543 × industries, 0/1
/// let provinces = PlaceIndustryMatrix.provinces(parks, vocabulary: vocabulary) // zones per industry
/// let measures = try RelatednessMeasures(provinces)                           // RCA ≥ 1 presence, φ, ω, PCI, COG
/// ```
public struct PlaceIndustryMatrix: Equatable, Sendable, Codable {
    public enum Level: String, Sendable, CaseIterable, Codable {
        /// One row per development zone; the approved leading industries are presence already.
        case zone
        /// Zones summed by province and catalogue city (`park.city`).
        case prefecture
        /// Zones summed by province.
        case province
        /// Listed companies counted by headquarters province and industry (an independent signal).
        case listedProvince = "listed_province"
    }

    public var level: Level
    /// Row keys: park ids, `province/city`, or province names.
    public var places: [String]
    public var industries: [String]
    public var counts: DoubleMatrix

    public init(level: Level, places: [String], industries: [String], counts: DoubleMatrix) {
        precondition(counts.rows == places.count && counts.columns == industries.count)
        self.level = level; self.places = places; self.industries = industries; self.counts = counts
    }

    /// Zone rows in catalogue order: 1 where any of the zone's leading industries maps to the industry.
    public static func zones(_ parks: [Park], vocabulary: IndustryVocabulary) -> PlaceIndustryMatrix {
        var m = DoubleMatrix(rows: parks.count, columns: vocabulary.canonical.count)
        for (r, park) in parks.enumerated() {
            for term in park.leadingIndustries { for i in vocabulary.industries(for: term) { m[r, i] = 1 } }
        }
        return PlaceIndustryMatrix(level: .zone, places: parks.map(\.id), industries: vocabulary.ids, counts: m)
    }

    /// Zones per industry summed over places keyed by `key`, places sorted by key.
    static func aggregate(_ parks: [Park], vocabulary: IndustryVocabulary, level: Level, key: (Park) -> String) -> PlaceIndustryMatrix {
        let zones = Self.zones(parks, vocabulary: vocabulary)
        let keys = Array(Set(parks.map(key))).sorted()
        let row = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        var m = DoubleMatrix(rows: keys.count, columns: zones.industries.count)
        for (z, park) in parks.enumerated() {
            let r = row[key(park)]!
            for i in 0..<m.columns { m[r, i] += zones.counts[z, i] }
        }
        return PlaceIndustryMatrix(level: level, places: keys, industries: zones.industries, counts: m)
    }

    /// Prefecture rows: zones summed by province and the catalogue's city text.
    public static func prefectures(_ parks: [Park], vocabulary: IndustryVocabulary) -> PlaceIndustryMatrix {
        aggregate(parks, vocabulary: vocabulary, level: .prefecture) { $0.province + "/" + $0.city }
    }

    /// Province rows: zones summed by province.
    public static func provinces(_ parks: [Park], vocabulary: IndustryVocabulary) -> PlaceIndustryMatrix {
        aggregate(parks, vocabulary: vocabulary, level: .province) { $0.province }
    }

    /// Listed companies (with a province and a Tushare class that maps to a canonical industry) by province.
    public static func listedProvinces(_ enterprises: [Enterprise], vocabulary: IndustryVocabulary) -> PlaceIndustryMatrix {
        let classes = vocabulary.listedClassIndustries
        let provinces = Province.names
        let row = Dictionary(uniqueKeysWithValues: provinces.enumerated().map { ($1, $0) })
        var m = DoubleMatrix(rows: provinces.count, columns: vocabulary.canonical.count)
        for e in enterprises {
            guard let p = e.province, let r = row[p], let cls = e.listedIndustry, let i = classes[cls] else { continue }
            m[r, i] += 1
        }
        return PlaceIndustryMatrix(level: .listedProvince, places: provinces, industries: vocabulary.ids, counts: m)
    }

    /// Presence: the zone matrix as it is (approved industries); aggregates by RCA ≥ 1.
    public var presence: DoubleMatrix {
        level == .zone ? EconomicComplexity.presence(counts: counts) : EconomicComplexity.presence(rca: EconomicComplexity.rca(counts))
    }
}

/// The economic-complexity measures of one level: presence, proximity (diagonal excluded), density,
/// complexity and complexity outlook gain.
///
/// Density can be taken against the level's own proximity or a supplied one (the learned zone-level
/// proximity, which rests on 2,543 zones rather than 31 provinces).
public struct RelatednessMeasures: Sendable, Codable {
    public let matrix: PlaceIndustryMatrix
    public let presence: DoubleMatrix
    public let proximity: DoubleMatrix
    public let density: DoubleMatrix
    public let complexity: [Double]
    public let outlookGain: DoubleMatrix

    public init(_ matrix: PlaceIndustryMatrix, proximity supplied: DoubleMatrix? = nil) throws {
        self.matrix = matrix
        presence = matrix.presence
        proximity = try supplied ?? EconomicComplexity.proximity(presence: presence)
        guard proximity.rows == matrix.industries.count, proximity.columns == matrix.industries.count else {
            throw ChainMatchError.dimensionMismatch("proximity \(proximity.rows)×\(proximity.columns) for \(matrix.industries.count) industries")
        }
        density = try EconomicComplexity.density(presence: presence, proximity: proximity)
        complexity = try EconomicComplexity.complexity(presence: presence)
        outlookGain = try EconomicComplexity.outlookGain(presence: presence, proximity: proximity, complexity: complexity)
    }

    /// The row of a place, if present.
    public func row(of place: String) -> Int? { matrix.places.firstIndex(of: place) }
}
