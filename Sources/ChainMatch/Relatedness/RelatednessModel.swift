import Foundation

/// The learned relatedness model under `models/relatedness/`: the industry × industry proximity learned
/// from the development-zone catalogue, the per-industry ubiquity and complexity, and their provenance.
///
/// ```swift
/// let built = try RelatednessModel.build(from: location, date: "2026-12-01")   // from datasets/parks.csv
/// try built.write(to: location)                                               // chainmatch relatedness build
/// let model = try RelatednessModel.load(from: location)                       // what the engine reads
/// ```
///
/// `proximity.csv`: header `industry_id` + one column per canonical industry, one row per industry,
/// φ with 6 decimals, 0 on the diagonal. `industries.csv`: id, names, zones with the industry
/// (ubiquity) and complexity (PCI). `provenance.json`: inputs with byte counts and SHA-256, parameters,
/// counts and the build date.
public struct RelatednessModel: Sendable, Codable {
    public static let folder = "relatedness"
    public static let proximityFile = "proximity.csv"
    public static let industriesFile = "industries.csv"
    public static let provenanceFile = "provenance.json"
    public static let pairModelFile = "pair_model.csv"
    /// Seed of the simulated hides the shipped pair model is fitted on.
    public static let pairModelSeed: UInt64 = 1
    /// Decimals kept in `proximity.csv`.
    public static let decimals = 6

    public var industries: [String]
    public var proximity: DoubleMatrix

    public init(industries: [String], proximity: DoubleMatrix) {
        self.industries = industries
        self.proximity = proximity
    }

    static func directory(_ location: DataLocation) -> String { location.models + "/" + folder }

    public static func isPresent(at location: DataLocation) -> Bool {
        FileManager.default.fileExists(atPath: directory(location) + "/" + proximityFile)
    }

    /// Reads `proximity.csv`; the industries must be the vocabulary's, in its order.
    public static func load(from location: DataLocation, vocabulary: IndustryVocabulary) throws -> RelatednessModel {
        let path = directory(location) + "/" + proximityFile
        let table = try CSVReader.read(path: path)
        let ids = Array(table.header.dropFirst())
        guard table.header.first == "industry_id", ids == vocabulary.ids else {
            throw ChainMatchError.badData(SourceLocation(file: path, line: 1), "columns do not match the canonical industries of \(IndustryVocabulary.canonicalFile); run 'chainmatch relatedness build'")
        }
        var phi = DoubleMatrix(rows: ids.count, columns: ids.count)
        guard table.rows.count == ids.count else {
            throw ChainMatchError.badData(SourceLocation(file: path), "\(table.rows.count) rows for \(ids.count) industries")
        }
        for (r, row) in table.rows.enumerated() {
            guard row[0] == ids[r] else { throw ChainMatchError.badData(table.location(row: r, column: 0), "expected row '\(ids[r])', got '\(row[0])'") }
            for c in 0..<ids.count {
                guard let v = Double(row[c + 1]), v >= 0, v <= 1 else {
                    throw ChainMatchError.badData(table.location(row: r, column: c + 1), "proximity must be in [0, 1], got '\(row[c + 1])'")
                }
                phi[r, c] = v
            }
        }
        return RelatednessModel(industries: ids, proximity: phi)
    }

    /// Everything `chainmatch relatedness build` writes, as bytes, plus the measures behind it.
    public struct Built: Sendable {
        public var vocabulary: IndustryVocabulary
        public var zones: RelatednessMeasures
        public var files: [(path: String, data: Data)]

        /// Writes every file atomically, relative to `location.root`.
        public func write(to location: DataLocation) throws {
            try Folders.create(RelatednessModel.directory(location))
            for f in files { try AtomicFile.write(f.data, to: location.root + "/" + f.path) }
        }
    }

    static func format(_ v: Double) -> String {
        if v == 0 { return "0" }
        var s = String(format: "%.\(decimals)f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// Builds the vocabulary from the catalogue and learns proximity from the zone × industry matrix.
    public static func build(from location: DataLocation, date: String) throws -> Built {
        let parksPath = location.datasets + "/parks.csv"
        let parks = try DatasetReader.parks(try CSVReader.read(path: parksPath))
        let builder = try IndustryVocabularyBuilder.load(from: location)
        let vocabulary = try builder.build(parks: parks)
        let zones = try RelatednessMeasures(PlaceIndustryMatrix.zones(parks, vocabulary: vocabulary))
        let ids = vocabulary.ids

        var proximityRows: [[String]] = []
        for (i, id) in ids.enumerated() {
            proximityRows.append([id] + (0..<ids.count).map { format(zones.proximity[i, $0]) })
        }
        let proximityCSV = CSVWriter.encode(header: ["industry_id"] + ids, rows: proximityRows, neutralizeFormulas: false)
        let ubiquity = EconomicComplexity.ubiquity(zones.presence)
        let industryRows = vocabulary.canonical.enumerated().map { i, c in
            [c.id, c.nameZh, c.nameEn, String(Int(ubiquity[i])), String(format: "%.4f", zones.complexity[i])]
        }
        let industriesCSV = CSVWriter.encode(header: ["industry_id", "name_zh", "name_en", "zones", "complexity"], rows: industryRows, neutralizeFormulas: false)

        // The uptake model: fitted on every zone's simulated hides over the whole catalogue.
        let context = ZoneContext(parks: parks)
        let stats = try ZonePairModel.Statistics(training: zones.presence, context: context)
        let pairModel = try ZonePairModel.fit(stats, units: RelatednessBacktest.termUnits(parks, vocabulary: vocabulary),
                                              zones: Array(parks.indices), seed: pairModelSeed)
        let pairModelCSV = pairModel.csv(industries: ids)

        let coverage = vocabulary.coverage
        func input(_ relative: String) throws -> [String: Any] {
            let path = location.root + "/" + relative
            guard let data = FileContents.contents(path) else { throw ChainMatchError.missingInput(path: path, "cannot read") }
            return ["path": relative, "bytes": data.count, "sha256": SHA256.digest(data).hex]
        }
        let nonzero = zones.proximity.storage.filter { $0 > 0 }.count
        let provenance: [String: Any] = [
            "date": date,
            "description": "Industry proximity learned from the 2018 development-zone catalogue (中国开发区审核公告目录): zone × canonical industry presence through the controlled vocabulary.",
            "inputs": try ["datasets/parks.csv", "models/" + IndustryVocabulary.canonicalFile, "models/" + IndustryVocabulary.synonymsFile].map(input),
            "parameters": [
                "level": "zone",
                "presence": "1 when any approved leading industry (主导产业) of the zone maps to the industry",
                "proximity": "phi_ij = (M^T M)_ij / max(u_i, u_j), diagonal 0",
                "decimals": decimals,
                "pair_model": "logistic regression on (zone, industry) pair features (ZonePairModel .full), L2 30, fitted on 3 seeded hides of half of every zone's catalogue terms, seed \(pairModelSeed)",
                "pair_model_iterations": pairModel.regression.iterations,
            ] as [String: Any],
            "counts": [
                "zones": parks.count,
                "zones_with_mapped_industry": (0..<zones.presence.rows).filter { r in (0..<zones.presence.columns).contains { zones.presence[r, $0] > 0 } }.count,
                "industries": ids.count,
                "presences": Int(zones.presence.storage.reduce(0, +)),
                "mentions": coverage.mentions,
                "mapped_mentions": coverage.mappedMentions,
                "terms": coverage.terms,
                "mapped_terms": coverage.mappedTerms,
                "nonzero_proximities": nonzero,
            ] as [String: Any],
            "outputs": ["models/" + IndustryVocabulary.vocabularyFile, "models/relatedness/" + proximityFile, "models/relatedness/" + industriesFile, "models/relatedness/" + pairModelFile],
        ]
        var provenanceData = try JSONSerialization.data(withJSONObject: provenance, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        provenanceData.append(0x0A)
        return Built(vocabulary: vocabulary, zones: zones, files: [
            ("models/" + IndustryVocabulary.vocabularyFile, vocabulary.csv()),
            ("models/" + folder + "/" + proximityFile, proximityCSV),
            ("models/" + folder + "/" + industriesFile, industriesCSV),
            ("models/" + folder + "/" + pairModelFile, pairModelCSV),
            ("models/" + folder + "/" + provenanceFile, provenanceData),
        ])
    }
}
