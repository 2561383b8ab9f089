import Foundation

/// Everything a batch reads, loaded once, with the SHA-256 of every input file and two digests:
/// `featureDigest` (what enterprise features depend on: datasets/*.csv, models/*, engine version)
/// keys the feature store; `inputDigest` (features, campaign files, list size) identifies the run.
///
/// ```swift
/// let inputs = try BatchInputs.load(location: DataLocation.resolve(), campaignsFolder: "datasets/campaigns")
/// inputs.campaigns.count      // 13
/// inputs.featureDigest        // "sha256:…", the feature store's key
/// ```
///
/// `enterprisesPath` replaces `datasets/enterprises.csv` (a synthetic set, say); campaigns may also be
/// given in memory (`campaigns:` with a label for the digest), as the benchmark does.
public final class BatchInputs: @unchecked Sendable {
    public struct File: Codable, Equatable, Sendable {
        public var role: String
        public var path: String
        public var sha256: String
        public var bytes: Int
    }

    public let location: DataLocation
    public let models: ModelSet
    /// The datasets; a `BatchEngine` empties `enterprises` once its store is ready (it re-reads the
    /// few records it needs from `enterprisesPath`).
    public internal(set) var datasets: Datasets
    /// The enterprises CSV read.
    public let enterprisesPath: String
    public let campaigns: [Campaign]
    public let files: [File]
    public let featureDigest: String
    public let inputDigest: String
    /// The list-size override (`--top`), part of the input digest.
    public let top: Int?
    /// Campaign exclusions dropped because their enterprise is not in the enterprise set given.
    public let droppedExclusions: Int
    /// The row index of a large enterprises file, kept so the batch re-reads rows without splitting the
    /// file into records a second time.
    private(set) var rowReader: EnterpriseRowReader?

    init(location: DataLocation, models: ModelSet, datasets: Datasets, enterprisesPath: String, campaigns: [Campaign],
         files: [File], featureDigest: String, inputDigest: String, top: Int?, droppedExclusions: Int) {
        self.location = location
        self.models = models
        self.datasets = datasets
        self.enterprisesPath = enterprisesPath
        self.campaigns = campaigns
        self.files = files
        self.featureDigest = featureDigest
        self.inputDigest = inputDigest
        self.top = top
        self.droppedExclusions = droppedExclusions
    }

    private(set) var enterprisesReleased = false

    /// Every enterprise: the loaded records, or read again from `enterprisesPath` once released.
    func allEnterprises() throws -> [Enterprise] {
        guard enterprisesReleased else { return datasets.enterprises }
        if let rowReader { return try rowReader.allEnterprises() }
        return try Self.readEnterprises(path: enterprisesPath).enterprises
    }

    /// Drops the loaded records (a batch re-reads the few it needs).
    func releaseEnterprises() {
        datasets.enterprises = []
        enterprisesReleased = true
    }

    /// Bumped when the meaning of stored features or sidecars changes, so old caches are rebuilt.
    public static let featureFormat = "chainmatch-features 1"

    public static func load(location: DataLocation, campaignsFolder: String, enterprisesPath: String? = nil,
                            top: Int? = nil) throws -> BatchInputs {
        try load(location: location, enterprisesPath: enterprisesPath, top: top) { models, parks in
            let campaigns = try CampaignReader.readAll(folder: campaignsFolder, models: models, parks: parks)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: campaignsFolder)) ?? []
            let files = try names.filter { $0.hasSuffix(".json") }.sorted().map { try file("campaign", campaignsFolder + "/" + $0, display: $0) }
            return (campaigns, files)
        }
    }

    /// Loads with campaigns made by `makeCampaigns` (given the models and parks), which also returns
    /// the input files (or pseudo-files, e.g. a generator's seed) that describe them.
    public static func load(location: DataLocation, enterprisesPath: String?, top: Int?,
                            makeCampaigns: (ModelSet, [String: Park]) throws -> ([Campaign], [File])) throws -> BatchInputs {
        let models = try ModelReader.load(from: location)
        let dir = location.datasets
        let enterprisesFile = enterprisesPath ?? dir + "/enterprises.csv"
        // The file's SHA-256 is taken on the second core while the first finds its rows; both cores parse them.
        let (indexed, enterprisesEntry) = Parallel.both(
            { rowIndex(path: enterprisesFile) },
            { Result { try file("enterprises", enterprisesFile, display: enterprisesPath ?? "datasets/enterprises.csv") } })
        let (enterprises, rowReader) = try readEnterprises(path: enterprisesFile, index: indexed)
        let datasets = Datasets(
            enterprises: enterprises,
            parks: try DatasetReader.parks(try CSVReader.read(path: dir + "/parks.csv")),
            regions: try DatasetReader.regions(try CSVReader.read(path: dir + "/regions.csv")),
            industries: try DatasetReader.industries(try CSVReader.read(path: dir + "/industries.csv")))
        ResourceUsage.returnFreeMemory()   // the parsed CSV tables are gone; give their memory back
        let parks = Dictionary(datasets.parks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        var dataFiles = [try enterprisesEntry.get()]
        for name in ["industries.csv", "parks.csv", "regions.csv"] {
            dataFiles.append(try file("dataset", dir + "/" + name, display: "datasets/" + name))
        }
        for relative in try modelFiles(location.models) {
            dataFiles.append(try file("model", location.models + "/" + relative, display: "models/" + relative))
        }
        var feature = SHA256()
        feature.update(featureFormat + "\n" + ChainMatchInfo.version + "\n")
        for f in dataFiles { feature.update("\(f.role) \(f.path) \(f.sha256)\n") }
        let featureDigest = "sha256:" + feature.finalize().hex

        var (campaigns, campaignFiles) = try makeCampaigns(models, parks)
        // Another enterprise set (a synthetic one, say) lacks the real enterprises campaigns exclude;
        // an absent enterprise cannot be ranked, so its exclusion (or anchor) is dropped rather than refused.
        var dropped = 0
        if enterprisesPath != nil {
            let ids = Set(datasets.enterprises.map(\.id))
            for c in campaigns.indices {
                let before = campaigns[c].exclusions.count + campaigns[c].anchors.count
                campaigns[c].exclusions.removeAll { !ids.contains($0.enterpriseID) }
                campaigns[c].anchors.removeAll { !ids.contains($0.enterpriseID) }
                dropped += before - campaigns[c].exclusions.count - campaigns[c].anchors.count
            }
        }
        var input = SHA256()
        input.update("chainmatch-batch 1\n\(featureDigest)\ntop \(top.map(String.init) ?? "campaign")\n")
        for f in campaignFiles { input.update("\(f.role) \(f.path) \(f.sha256)\n") }
        input.update("campaigns \(campaigns.map(\.id).joined(separator: ","))\n")
        let inputs = BatchInputs(location: location, models: models, datasets: datasets, enterprisesPath: enterprisesFile, campaigns: campaigns,
                                 files: dataFiles + campaignFiles, featureDigest: featureDigest,
                                 inputDigest: "sha256:" + input.finalize().hex, top: top, droppedExclusions: dropped)
        inputs.rowReader = rowReader
        return inputs
    }

    /// The enterprises of a CSV: a large file in chunks through its row index (`EnterpriseRowReader`, also
    /// returned), a small one whole.
    static func readEnterprises(path: String, chunkRows: Int = 65_536) throws -> (enterprises: [Enterprise], reader: EnterpriseRowReader?) {
        try readEnterprises(path: path, index: rowIndex(path: path), chunkRows: chunkRows)
    }

    /// The enterprises through `index` when there is one (a large file), else the whole file at once.
    static func readEnterprises(path: String, index: EnterpriseRowReader?, chunkRows: Int = 65_536) throws
        -> (enterprises: [Enterprise], reader: EnterpriseRowReader?) {
        if let index { return (try index.allEnterprises(chunkRows: chunkRows), index) }
        return (try DatasetReader.enterprises(CSVReader.read(path: path)), nil)
    }

    /// The row index of a large enterprises file (over 16 MiB), or nil: a smaller one is read whole, as is
    /// one the index cannot be made for (the whole-file reader then names the problem).
    static func rowIndex(path: String) -> EnterpriseRowReader? {
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        return size > 16 << 20 ? try? EnterpriseRowReader(path: path, expectedRows: nil) : nil
    }

    static func file(_ role: String, _ path: String, display: String) throws -> File {
        let digest = try SHA256.digest(ofFile: path)
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        return File(role: role, path: display, sha256: digest.hex, bytes: size)
    }

    /// Every regular file under the models folder, relative, sorted (README.md included: it documents
    /// the weights, and a change there is cheap to rebuild for).
    static func modelFiles(_ folder: String) throws -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else {
            throw ChainMatchError.missingInput(path: folder, "cannot list the models folder")
        }
        var out: [String] = []
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue,
               !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                out.append(relative)
            }
        }
        return out.sorted()
    }
}
