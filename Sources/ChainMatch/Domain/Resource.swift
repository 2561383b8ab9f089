/// One entry of the resource vocabulary that chain nodes need and regions are endowed with.
///
/// ```swift
/// let lithium = taxonomy.resource("lithium")!
/// print(lithium.nameZh, lithium.source) // 锂资源 prior
/// ```
///
/// The vocabulary is defined once, at the top of `models/chains.json`; node needs and the
/// endowment prior may only use ids from it. `source` says where a region's value comes from:
/// the editable endowment prior (`models/endowment_prior.json`) or public statistics
/// (`datasets/regions.csv`).
public struct Resource: Equatable, Hashable, Sendable, Codable {
    /// Where a region's endowment value for this resource comes from.
    public enum Source: String, Equatable, Hashable, Sendable, CaseIterable, Codable {
        /// `models/endowment_prior.json`: judgement from public geological and industry knowledge.
        case prior
        /// `datasets/regions.csv`: derived from public statistics (power, water, population).
        case regions
    }

    /// Stable ascii id, e.g. `lithium`, `green_power`.
    public var id: String
    public var nameZh: String
    public var nameEn: String
    public var descriptionZh: String
    public var descriptionEn: String
    public var source: Source

    public init(id: String, nameZh: String, nameEn: String, descriptionZh: String, descriptionEn: String, source: Source) {
        self.id = id
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.descriptionZh = descriptionZh
        self.descriptionEn = descriptionEn
        self.source = source
    }
}
