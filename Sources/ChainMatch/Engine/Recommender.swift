import Foundation

/// Loads the bundled data and models once, then ranks any number of campaigns against them.
///
/// ```swift
/// let engine = try Recommender.load(from: DataLocation.resolve())
/// let campaign = try engine.campaign(named: "qh-golmud-salt-lake-lithium")
/// let list = try engine.rank([campaign])[0]
/// print(list.results.first?.enterprise.name ?? "")
/// ```
///
/// The steps follow a recommender's shape: validate the campaigns, look up their parks, regions and
/// nodes, encode them as weight columns and limits, run the blocked scorer (GEMM + masks + top-k)
/// for all of them in one pass, and map rows back to enterprises with their score breakdown.
public struct Recommender: Sendable {
    public let location: DataLocation
    public let datasets: Datasets
    public let models: ModelSet
    public let layout: FeatureLayout
    public let encoding: EnterpriseEncoding
    public let endowment: RegionEndowment
    public let campaignEncoder: CampaignEncoder
    public let enterpriseIndex: [String: Int]
    public let parksByID: [String: Park]
    /// Industry vocabulary, learned proximity and densities; nil when the vocabulary files are absent.
    public let relatedness: RelatednessIndex?
    public var threads = 2

    /// `excluding` leaves kinds of placement evidence out of the scorer (the list evaluation judges by them).
    public init(location: DataLocation, datasets: Datasets, models: ModelSet, excluding: Set<PlacementModel.Source> = []) throws {
        self.location = location
        self.datasets = datasets
        self.models = models
        relatedness = try RelatednessIndex.load(from: location, parks: datasets.parks)
        layout = FeatureLayout(taxonomy: models.taxonomy, relatedness: relatedness?.ids ?? [])
        encoding = EnterpriseEncoder(taxonomy: models.taxonomy, layout: layout, placement: models.placement, relatedness: relatedness,
                                     excluding: excluding).encode(datasets.enterprises)
        endowment = try RegionEndowment(taxonomy: models.taxonomy, prior: models.prior, regions: datasets.regions)
        campaignEncoder = CampaignEncoder(models: models, layout: layout, endowment: endowment)
        enterpriseIndex = Dictionary(datasets.enterprises.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        parksByID = Dictionary(datasets.parks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The engine over a snapshot's payload (`LoadSnapshot`): nothing parsed or encoded again.
    init(location: DataLocation, snapshot: SnapshotPayload.Restored) throws {
        self.location = location
        datasets = snapshot.datasets
        encoding = snapshot.encoding
        relatedness = snapshot.models.relatedness?.attaching(parks: snapshot.datasets.parks)
        models = snapshot.models.models
        layout = snapshot.models.layout
        endowment = snapshot.models.endowment
        campaignEncoder = snapshot.campaignEncoder
        guard encoding.features.rows == datasets.enterprises.count, encoding.features.columns == layout.width else {
            throw ChainMatchError.internalFailure("snapshot encoding is \(encoding.features.rows) × \(encoding.features.columns), expected \(datasets.enterprises.count) × \(layout.width)")
        }
        enterpriseIndex = Dictionary(datasets.enterprises.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        parksByID = Dictionary(datasets.parks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Loads `datasets/` and `models/` from a data location.
    public static func load(from location: DataLocation) throws -> Recommender {
        // Loading makes only small BLAS products; run them on one BLAS thread, so OpenBLAS's idle workers do
        // not spin (sched_yield) beside the encoder's own threads on a two-core machine (−20 ms of ~235).
        // Ranking sets the count it needs.
        let threads = BLAS.threads
        BLAS.threads = 1
        defer { BLAS.threads = threads }
        return try Recommender(location: location, datasets: Datasets.load(from: location), models: ModelReader.load(from: location))
    }

    /// The folder of bundled campaigns.
    public var campaignFolder: String { location.datasets + "/campaigns" }

    /// Every bundled campaign, sorted by id.
    public func bundledCampaigns() throws -> [Campaign] {
        try CampaignReader.readAll(folder: campaignFolder, models: models, parks: parksByID)
    }

    /// A campaign by bundled id, or read from a path when the argument names a file.
    public func campaign(named idOrPath: String) throws -> Campaign {
        if idOrPath.hasSuffix(".json") || idOrPath.contains("/") {
            return try CampaignReader.read(path: idOrPath, models: models, parks: parksByID)
        }
        let path = campaignFolder + "/" + idOrPath + ".json"
        if FileManager.default.fileExists(atPath: path) {
            return try CampaignReader.read(path: path, models: models, parks: parksByID)
        }
        let bundled = try bundledCampaigns()
        if let match = bundled.first(where: { $0.id == idOrPath }) { return match }
        let ids = bundled.map(\.id)
        let hint = ArgumentParser.closest(to: idOrPath, among: ids).map { "; did you mean '\($0)'?" } ?? ""
        throw ChainMatchError.missingInput(path: idOrPath, "no such campaign\(hint) (run 'chainmatch campaigns' for the list)")
    }
}
