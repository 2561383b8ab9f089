import Foundation

/// Loads and validates everything in `models/`: taxonomy, weight profiles and endowment prior.
///
/// ```swift
/// let models = try ModelReader.load(from: DataLocation.resolve())
/// let a = models.taxonomy.adjacency() // A[i, j] = 1 when node i feeds node j
/// ```
///
/// Reading is strict: a key the schema does not know is an error naming the file, the line of
/// the key and its key path (`nodes[li.cathode].needs.land_mu`), so a misspelt field never falls
/// back to a default. Numbers must be finite and non-negative; ids unique; every link, chain and
/// resource reference must resolve; GB/T 4754 codes must be well-formed. See `models/README.md`.
public enum ModelReader {
    /// File names inside the models folder.
    public static let taxonomyFile = "chains.json"
    public static let profilesFolder = "profiles"
    public static let priorFile = "endowment_prior.json"

    /// Loads the models folder of a data location.
    public static func load(from location: DataLocation) throws -> ModelSet {
        try load(modelsFolder: location.models)
    }

    /// Loads `chains.json`, every `profiles/*.json` and `endowment_prior.json` from a folder.
    public static func load(modelsFolder folder: String) throws -> ModelSet {
        let taxonomy = try readTaxonomy(path: folder + "/" + taxonomyFile)
        let profiles = try readProfiles(folder: folder + "/" + profilesFolder)
        let prior = try readPrior(path: folder + "/" + priorFile, resources: taxonomy.resources)
        let placement = try PlacementModelReader.read(folder: folder + "/" + PlacementModelReader.folder, taxonomy: taxonomy)
        return ModelSet(taxonomy: taxonomy, profiles: profiles, prior: prior, placement: placement)
    }

    // MARK: taxonomy

    /// Reads and validates a chain taxonomy file.
    public static func readTaxonomy(path: String) throws -> ChainTaxonomy {
        try parseTaxonomy(try StrictJSONObject.read(path: path))
    }

    /// Parses a chain taxonomy from JSON bytes; `file` names the source in errors.
    public static func parseTaxonomy(data: Data, file: String) throws -> ChainTaxonomy {
        try parseTaxonomy(try StrictJSONObject.parse(data, file: file))
    }

    static func parseTaxonomy(_ root: StrictJSONObject) throws -> ChainTaxonomy {
        let version = try root.string("version")
        let date = try root.string("date")
        try description(root)
        var resources: [Resource] = []
        for r in try root.objects("resources") {
            let sourceText = try r.string("source")
            guard let source = Resource.Source(rawValue: sourceText) else {
                throw r.error("source", "unknown source '\(sourceText)' (want one of: \(Resource.Source.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            resources.append(Resource(id: try r.string("id"), nameZh: try r.string("name_zh"), nameEn: try r.string("name_en"),
                                      descriptionZh: try r.string("description_zh"), descriptionEn: try r.string("description_en"),
                                      source: source))
            try r.finish()
        }
        var chains: [Chain] = []
        for c in try root.objects("chains") {
            chains.append(Chain(id: try c.string("id"), nameZh: try c.string("name_zh"), nameEn: try c.string("name_en"),
                                policy: try c.strings("policy")))
            try c.finish()
        }
        var nodes: [ChainNode] = []
        for n in try root.objects("nodes") {
            let stageText = try n.string("stage")
            guard let stage = ChainNode.Stage(rawValue: stageText) else {
                throw n.error("stage", "unknown stage '\(stageText)' (want one of: \(ChainNode.Stage.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let id = try n.string("id")
            let needsObject = try n.object("needs")
            let needs = ChainNode.Needs(
                landMuPer100mCNY: try needsObject.nonNegative("land_mu_per_100m_cny"),
                energyTcePer10kCNY: try needsObject.nonNegative("energy_tce_per_10k_cny"),
                waterTPer10kCNY: try needsObject.nonNegative("water_t_per_10k_cny"),
                resources: try needsObject.strings("resources"))
            try needsObject.finish()
            let basisObject = try n.object("basis")
            var basisTexts: [String] = []
            for key in ["land", "energy", "water", "two_high"] {
                let text = try basisObject.string(key)
                guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw basisObject.error(key, "basis must say where the number comes from, or 'judgement'")
                }
                basisTexts.append(text)
            }
            try basisObject.finish()
            let node = ChainNode(
                id: id, chain: try n.string("chain"), nameZh: try n.string("name_zh"), nameEn: try n.string("name_en"),
                stage: stage, gbt4754: try n.strings("gbt4754"), listedIndustries: try n.strings("listed_industries"),
                global500Industries: try n.strings("global500_industries"), keywords: try n.strings("keywords"),
                upstream: try n.strings("upstream"), needs: needs, twoHigh: try n.bool("two_high"),
                basis: ChainNode.Basis(land: basisTexts[0], energy: basisTexts[1], water: basisTexts[2], twoHigh: basisTexts[3]))
            try n.finish()
            nodes.append(node)
        }
        try root.finish()
        do {
            return try ChainTaxonomy(version: version, date: date, resources: resources, chains: chains, nodes: nodes,
                                     source: root.document.file)
        } catch let error as ChainMatchError {
            throw locate(error, in: root.document)
        }
    }

    /// Adds the line and column of the offending key to a taxonomy validation error, found by
    /// searching the file text for the key path it names.
    static func locate(_ error: ChainMatchError, in document: StrictJSONObject.Document) -> ChainMatchError {
        func located(_ at: SourceLocation) -> SourceLocation {
            guard at.line == nil, let field = at.field, let p = document.position(ofPath: field) else { return at }
            return SourceLocation(file: at.file, line: p.line, column: p.column, field: field)
        }
        switch error {
        case .badData(let at, let message):
            return .badData(located(at), message)
        case .unknownReference(let at?, let kind, let id):
            return .unknownReference(located(at), kind: kind, id: id)
        default:
            return error
        }
    }

    // MARK: profiles

    /// Reads every `*.json` in a profiles folder, sorted by name; the folder must hold at least one.
    public static func readProfiles(folder: String) throws -> [WeightProfile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            throw ChainMatchError.missingInput(path: folder, "cannot list the profiles folder")
        }
        guard !names.isEmpty else { throw ChainMatchError.missingInput(path: folder, "no *.json weight profiles") }
        return try names.map { try readProfile(path: folder + "/" + $0) }
    }

    /// Reads and validates one weight profile; its `name` must equal the file name without `.json`.
    public static func readProfile(path: String) throws -> WeightProfile {
        let expected = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try parseProfile(try StrictJSONObject.read(path: path), expectedName: expected)
    }

    /// Parses a weight profile from JSON bytes; `file` names the source in errors.
    public static func parseProfile(data: Data, file: String, expectedName: String? = nil) throws -> WeightProfile {
        try parseProfile(try StrictJSONObject.parse(data, file: file), expectedName: expectedName)
    }

    static func parseProfile(_ root: StrictJSONObject, expectedName: String?) throws -> WeightProfile {
        let name = try root.string("name")
        if let expectedName, name != expectedName {
            throw root.error("name", "profile name '\(name)' differs from its file name '\(expectedName)'")
        }
        let version = try root.string("version")
        let (zh, en) = try description(root)
        let b = try root.object("blocks")
        let blocks = WeightProfile.Blocks(chain: try b.number("chain", in: CampaignReader.weightRange), endowment: try b.number("endowment", in: CampaignReader.weightRange),
                                          relatedness: try b.number("relatedness", in: CampaignReader.weightRange), profile: try b.number("profile", in: CampaignReader.weightRange))
        try b.finish()
        guard blocks.chain + blocks.endowment + blocks.relatedness + blocks.profile > 0 else {
            throw root.error("blocks", "at least one block weight must be positive")
        }
        let s = try root.object("spill")
        let spill = WeightProfile.Spill(alpha: try s.number("alpha", in: CampaignReader.weightRange), beta: try s.number("beta", in: CampaignReader.weightRange), gamma: try s.number("gamma", in: CampaignReader.weightRange))
        try s.finish()
        let p = try root.object("preferences")
        let l = try p.object("lists")
        let preferences = WeightProfile.Preferences(
            global500: try l.number("global500", in: CampaignReader.weightRange), china500: try l.number("china500", in: CampaignReader.weightRange),
            private500: try l.number("private500", in: CampaignReader.weightRange), centralSOE: try l.number("central_soe", in: CampaignReader.weightRange),
            listed: try l.number("listed", in: CampaignReader.weightRange), chainLeader: try l.number("chain_leader", in: CampaignReader.weightRange),
            size: try p.number("size", in: CampaignReader.weightRange), partnerProvince: try p.number("partner_province", in: CampaignReader.weightRange))
        try l.finish()
        try p.finish()
        // A learned profile says how it was made (`chainmatch learn`).
        let provenance = root.has("provenance") ? try ProfileProvenanceReader.parse(try root.object("provenance")) : nil
        try root.finish()
        return WeightProfile(name: name, version: version, descriptionZh: zh, descriptionEn: en,
                             blocks: blocks, spill: spill, preferences: preferences, provenance: provenance)
    }

    // MARK: endowment prior

    /// Reads and validates the endowment prior against the taxonomy's resource vocabulary: it
    /// must cover all 31 mainland provinces and, for each, every resource whose source is
    /// `.prior`, with values in [0, 1] and a basis for every value ≥ 0.5.
    public static func readPrior(path: String, resources: [Resource]) throws -> EndowmentPrior {
        try parsePrior(try StrictJSONObject.read(path: path), resources: resources)
    }

    /// Parses an endowment prior from JSON bytes; `file` names the source in errors.
    public static func parsePrior(data: Data, file: String, resources: [Resource]) throws -> EndowmentPrior {
        try parsePrior(try StrictJSONObject.parse(data, file: file), resources: resources)
    }

    /// Values at or above this need a basis text.
    public static let priorBasisThreshold = 0.5

    static func parsePrior(_ root: StrictJSONObject, resources: [Resource]) throws -> EndowmentPrior {
        let version = try root.string("version")
        let date = try root.string("date")
        let kind = try root.string("kind")
        guard kind == "prior" else { throw root.error("kind", "must be \"prior\": this file is judgement, not measured data") }
        try description(root)
        _ = try root.string("scale")
        let vocabulary = Dictionary(uniqueKeysWithValues: resources.map { ($0.id, $0) })
        let covered = resources.filter { $0.source == .prior }.map(\.id)
        let declared = try root.strings("resources")
        for r in declared {
            guard let entry = vocabulary[r] else {
                throw ChainMatchError.unknownReference(SourceLocation(file: root.document.file, field: "resources"), kind: "resource", id: r)
            }
            guard entry.source == .prior else {
                throw root.error("resources", "resource '\(r)' comes from datasets/regions.csv, not from the prior")
            }
        }
        if let missing = covered.first(where: { !declared.contains($0) }) {
            throw root.error("resources", "prior resource '\(missing)' of the vocabulary is not covered")
        }
        let canonical = Set(EndowmentPrior.mainlandProvinces)
        var provinces: [String] = []
        var entries: [String: [String: EndowmentPrior.Entry]] = [:]
        for p in try root.objects("provinces", labelKey: "name") {
            let name = try p.string("name")
            guard canonical.contains(name) else {
                throw ChainMatchError.unknownReference(SourceLocation(file: root.document.file, field: p.path + ".name"), kind: "province", id: name)
            }
            guard entries[name] == nil else { throw p.error("name", "province '\(name)' appears twice") }
            let valuesObject = try p.object("values")
            let basisObject = try p.object("basis")
            var row: [String: EndowmentPrior.Entry] = [:]
            for r in declared {
                let v = try valuesObject.double(r)
                guard (0...1).contains(v) else { throw valuesObject.error(r, "prior value must be in [0, 1], got \(v)") }
                let basis = try basisObject.has(r) ? basisObject.string(r) : nil
                if v >= priorBasisThreshold && (basis ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                    throw valuesObject.error(r, "a value ≥ \(priorBasisThreshold) needs a basis (basis.\(r))")
                }
                row[r] = EndowmentPrior.Entry(value: v, basis: basis)
            }
            try valuesObject.finish()
            try basisObject.finish()
            try p.finish()
            provinces.append(name)
            entries[name] = row
        }
        if let missing = EndowmentPrior.mainlandProvinces.first(where: { entries[$0] == nil }) {
            throw root.error("provinces", "province '\(missing)' is missing")
        }
        try root.finish()
        return EndowmentPrior(version: version, date: date, resources: declared, provinces: provinces, entries: entries)
    }

    // MARK: shared

    /// Reads the `description` object (`zh`, `en`) every model file carries.
    @discardableResult
    static func description(_ root: StrictJSONObject) throws -> (String, String) {
        let d = try root.object("description")
        let zh = try d.string("zh"), en = try d.string("en")
        try d.finish()
        return (zh, en)
    }
}
