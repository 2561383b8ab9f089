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
public struct RelatednessModel: Sendable {
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

/// What the scorer needs from relatedness: each enterprise's industries and each campaign's density.
///
/// ```swift
/// let index = try RelatednessIndex.load(from: location, parks: datasets.parks, taxonomy: models.taxonomy)
/// index?.density(park: "G632001", province: "青海省")   // ω over the canonical industries
/// ```
///
/// Zone density uses the learned proximity over the zone's approved industries; a province row (for a
/// campaign without a park) is the province's RCA ≥ 1 presence from its zones, against the same
/// proximity. Enterprise industries come from the canonical industries of its chain nodes (weighted by
/// its activity there) and of its listed-company class (weight 0.6), strongest per industry, scaled to
/// at most unit length.
public struct RelatednessIndex: Sendable {
    public let vocabulary: IndustryVocabulary
    public let model: RelatednessModel
    public let zones: RelatednessMeasures
    public let provinces: RelatednessMeasures
    /// The uptake model (`pair_model.csv`); without it the campaign side falls back to density ω.
    public let pairModel: ZonePairModel?
    private let parks: [Park]
    private let uptakeCache = UptakeCache()
    private let zoneRow: [String: Int]
    private let provinceRow: [String: Int]
    private let nodeIndustries: [String: [Int]]
    private let classIndustry: [String: Int]
    static let classWeight: Float = 0.6

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
        let key = (park ?? "") + "\u{1F}" + province
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

    /// Industries present in a park (or, without one, in a province by RCA ≥ 1).
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

/// The facts behind one relatedness reason (产业关联): the enterprise's industry that earns the most
/// relatedness credit in the place, the place's uptake of it, and the place's industries closest to it.
public struct RelatednessReason: Equatable, Sendable {
    /// The enterprise's industry (canonical id) with the largest x · uptake.
    public var industry: String
    /// The campaign-side value of that industry: 1 where the park has it, else the uptake model's
    /// probability (a province: the mean over its zones); density ω without the uptake model.
    public var uptake: Double
    /// Whether the place already has the industry itself.
    public var alreadyPresent: Bool
    /// Up to two present industries of the place with the highest proximity to `industry`, closest first.
    public var neighbours: [String]
    /// True when the place is a province (campaign without a park).
    public var isProvince: Bool
}

extension RelatednessIndex {
    /// Why an enterprise with relatedness-block row `x` (over `ids`) earns relatedness credit in a
    /// park (or province); nil when it earns none.
    public func reason(x: [Float], park: String?, province: String) -> RelatednessReason? {
        guard x.count == ids.count else { return nil }
        let value = (try? uptake(park: park, province: province)) ?? density(park: park, province: province)
        var best = -1
        var bestCredit: Float = 0
        for i in 0..<ids.count {
            let credit: Float = x[i] * value[i]
            if credit > bestCredit { best = i; bestCredit = credit }
        }
        guard best >= 0 else { return nil }
        let present = presentIndustries(park: park, province: province)
        let phi: [Double] = (0..<ids.count).map { model.proximity[best, $0] }
        let close: [Int] = present.filter { $0 != best && phi[$0] > 0 }
        let ordered: [Int] = close.sorted { a, b in phi[a] != phi[b] ? phi[a] > phi[b] : a < b }
        let neighbours: [String] = ordered.prefix(2).map { ids[$0] }
        let isProvince = park.map { p in !zones.matrix.places.contains(p) } ?? true
        return RelatednessReason(industry: ids[best], uptake: Double(value[best]), alreadyPresent: present.contains(best),
                                 neighbours: Array(neighbours), isProvince: isProvince)
    }

    /// The reason as one sentence, for example
    /// "产业关联：园区已有有色金属、化工；按全国开发区目录估计，同类园区发展钢铁产业的可能性约23%".
    public func sentence(_ r: RelatednessReason, chinese: Bool) -> String {
        let byID = Dictionary(uniqueKeysWithValues: vocabulary.canonical.map { ($0.id, $0) })
        let name = { (id: String) in chinese ? byID[id]?.nameZh ?? id : byID[id]?.nameEn ?? id }
        let percent = Int((r.uptake * 100).rounded())
        let measure = pairModel != nil
        if chinese {
            if r.alreadyPresent && !r.isProvince { return "产业关联：园区主导产业已有本企业所在的\(name(r.industry))产业" }
            if r.isProvince {
                return measure ? "产业关联：省内开发区已有或可能发展\(name(r.industry))产业的平均可能性约\(percent)%"
                               : "产业关联：省内开发区与本企业所在\(name(r.industry))产业关联度ω=\(String(format: "%.2f", r.uptake))"
            }
            let has = r.neighbours.isEmpty ? "" : "园区已有\(r.neighbours.map(name).joined(separator: "、"))；"
            return measure ? "产业关联：\(has)按全国开发区目录估计，同类园区发展\(name(r.industry))产业的可能性约\(percent)%"
                           : "产业关联：\(has)与本企业所在\(name(r.industry))产业关联度ω=\(String(format: "%.2f", r.uptake))"
        }
        if r.alreadyPresent && !r.isProvince { return "Relatedness: \(name(r.industry)), the enterprise's industry, is already a leading industry of the park" }
        if r.isProvince {
            return measure ? "Relatedness: the province's zones have or are likely to take up \(name(r.industry)) with a mean likelihood of about \(percent)%"
                           : "Relatedness: density of \(name(r.industry)) over the province's zones is ω=\(String(format: "%.2f", r.uptake))"
        }
        let has = r.neighbours.isEmpty ? "" : "the park already has \(r.neighbours.map(name).joined(separator: " and ")); "
        return measure ? "Relatedness: \(has)from the national zone catalogue, a zone like this one takes up \(name(r.industry)) with a likelihood of about \(percent)%"
                       : "Relatedness: \(has)density of the enterprise's industry \(name(r.industry)) there is ω=\(String(format: "%.2f", r.uptake))"
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
}
