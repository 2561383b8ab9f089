import Foundation

/// Reads campaign files (JSON) strictly: unknown keys, unknown ids and impossible rules are errors.
///
/// ```swift
/// let campaign = try CampaignReader.read(path: "datasets/campaigns/qh-golmud-lithium.json",
///                                        models: models, parks: parksByID)
/// ```
///
/// Every error names the file, the line of the offending key and its key path, for example
/// `qh.json:14:9 (field targets[li.cathode].gap): unknown gap type 'fil' (fill, extend, strengthen)`.
public enum CampaignReader {
    /// Reads one campaign file and resolves its park, chains, nodes and profile.
    public static func read(path: String, models: ModelSet, parks: [String: Park], displayName: String? = nil) throws -> Campaign {
        let root = try StrictJSONObject.read(path: path, displayName: displayName)
        var campaign = try decode(root, models: models, parks: parks)
        campaign.source = displayName ?? path
        return campaign
    }

    /// Decodes a campaign from JSON bytes (for tests and for campaigns passed on standard input).
    public static func parse(_ data: Data, file: String, models: ModelSet, parks: [String: Park]) throws -> Campaign {
        var campaign = try decode(StrictJSONObject.parse(data, file: file), models: models, parks: parks)
        campaign.source = file
        return campaign
    }

    /// Every `*.json` file in a folder, read and sorted by campaign id; duplicate ids are an error.
    public static func readAll(folder: String, models: ModelSet, parks: [String: Park]) throws -> [Campaign] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: folder) else {
            throw ChainMatchError.missingInput(path: folder, "cannot list the campaign folder")
        }
        var seen: [String: String] = [:]
        var campaigns: [Campaign] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            let path = folder + "/" + name
            let campaign = try read(path: path, models: models, parks: parks)
            if let other = seen[campaign.id] {
                throw ChainMatchError.badData(SourceLocation(file: path, field: "id"), "campaign id '\(campaign.id)' is also used by \(other)")
            }
            seen[campaign.id] = path
            campaigns.append(campaign)
        }
        return campaigns.sorted { $0.id < $1.id }
    }

    /// Block weights and target priorities: finite, at most 1,000 (a weight of 1e300 would make every score infinite).
    static let weightRange: ClosedRange<Double> = 0...1_000
    /// Capacities: 亩, tce, tonnes; at most 10¹².
    static let capacityRange: ClosedRange<Double> = 0...1e12

    static func decode(_ root: StrictJSONObject, models: ModelSet, parks: [String: Park]) throws -> Campaign {
        let id = try root.string("id")
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) else {
            throw root.error("id", "campaign ids use ASCII letters, digits, '-', '_' and '.', got '\(id)'")
        }
        let nameZh = try root.string("name_zh")
        let nameEn = try root.optionalString("name_en") ?? id
        let basis = try root.optionalString("basis") ?? ""
        let notes = try root.optionalString("notes") ?? ""
        let (parkID, province) = try place(root, parks: parks)
        let profile = try root.optionalString("profile") ?? "balanced"
        guard models.profile(profile) != nil else { throw unknown(root, "profile", kind: "weight profile", id: profile) }
        let overrides = root.has("weights") ? try weightOverrides(try root.object("weights")) : Campaign.WeightOverrides()
        let targetObjects = try root.objects("targets", labelKey: "node")
        guard !targetObjects.isEmpty else { throw root.error("targets", "a campaign needs at least one target node or chain") }
        let targets = try targetObjects.map { try target($0, models: models) }
        var lists: [String] = []
        if root.has("lists") {
            lists = try root.strings("lists")
            for name in lists where ListMembership(name: name) == nil {
                throw root.error("lists", "unknown list '\(name)' (\(ListMembership.names.map(\.1).joined(separator: ", ")))")
            }
        }
        let capacity = root.has("capacity") ? try self.capacity(try root.object("capacity")) : Campaign.Capacity()
        let exclusions = try enterpriseReferences(root, "exclude")
        var partners: [String] = []
        if root.has("partners") {
            for name in try root.strings("partners") {
                guard let p = Province.canonical(name) else { throw unknown(root, "partners", kind: "province", id: name) }
                partners.append(p)
            }
        }
        let top = root.has("top") ? try root.wholeNumber("top", in: 1...10_000) : 30
        let quotas = root.has("quotas") ? try self.quotas(root, models: models, top: top) : []
        let maxPerGroup = root.has("max_per_group") ? try root.wholeNumber("max_per_group", in: 1...10_000) : nil
        let requireChainMatch = root.has("require_chain_match") ? try root.bool("require_chain_match") : true
        let anchors = try enterpriseReferences(root, "anchors")
        try root.finish()

        var campaign = Campaign(
            id: id, nameZh: nameZh, nameEn: nameEn, basis: basis, parkID: parkID, province: province,
            profile: profile, overrides: overrides, targets: targets, lists: lists, capacity: capacity,
            exclusions: exclusions, partners: partners, quotas: quotas, maxPerGroup: maxPerGroup, top: top)
        campaign.notes = notes
        campaign.requireChainMatch = requireChainMatch
        campaign.anchors = anchors
        return campaign
    }

    /// Where: a park from the catalogue (with an optional province that must agree), or a province.
    static func place(_ root: StrictJSONObject, parks: [String: Park]) throws -> (parkID: String?, province: String) {
        if root.has("park") {
            let pid = try root.string("park")
            guard let park = parks[pid] else { throw unknown(root, "park", kind: "park", id: pid) }
            if root.has("province") {
                let given = try root.string("province")
                guard Province.canonical(given) == park.province else {
                    throw root.error("province", "province '\(given)' differs from park \(pid)'s province \(park.province)")
                }
            }
            return (pid, park.province)
        } else {
            let given = try root.string("province")
            guard let canonical = Province.canonical(given) else { throw unknown(root, "province", kind: "province", id: given) }
            return (nil, canonical)
        }
    }

    /// Block-weight overrides of the profile (`weights`).
    static func weightOverrides(_ w: StrictJSONObject) throws -> Campaign.WeightOverrides {
        var overrides = Campaign.WeightOverrides()
        if w.has("chain") { overrides.chain = try w.number("chain", in: CampaignReader.weightRange) }
        if w.has("endowment") { overrides.endowment = try w.number("endowment", in: CampaignReader.weightRange) }
        if w.has("relatedness") { overrides.relatedness = try w.number("relatedness", in: CampaignReader.weightRange) }
        if w.has("profile") { overrides.profile = try w.number("profile", in: CampaignReader.weightRange) }
        try w.finish()
        return overrides
    }

    /// One chain target: a node or a whole chain, its gap type and priority.
    static func target(_ t: StrictJSONObject, models: ModelSet) throws -> Campaign.Target {
        let reference: String
        let nodes: [String]
        if t.has("node") {
            reference = try t.string("node")
            guard models.taxonomy.node(reference) != nil else { throw unknown(t, "node", kind: "chain node", id: reference) }
            nodes = [reference]
        } else {
            reference = try t.string("chain")
            guard models.taxonomy.chain(reference) != nil else { throw unknown(t, "chain", kind: "chain", id: reference) }
            nodes = models.taxonomy.nodes.filter { $0.chain == reference }.map(\.id)
        }
        let gapText = try t.optionalString("gap") ?? "fill"
        guard let gap = Campaign.GapType(rawValue: gapText) else {
            throw t.error("gap", "unknown gap type '\(gapText)' (fill 补链, extend 延链, strengthen 强链)")
        }
        let priority = t.has("priority") ? try t.number("priority", in: CampaignReader.weightRange) : 1
        guard priority > 0 else { throw t.error("priority", "priority must be > 0, got \(priority)") }
        try t.finish()
        return Campaign.Target(reference: reference, nodes: nodes, gap: gap, priority: priority)
    }

    /// The park's remaining capacities and two-high rule (`capacity`).
    static func capacity(_ c: StrictJSONObject) throws -> Campaign.Capacity {
        var capacity = Campaign.Capacity()
        func limit(_ key: String) throws -> Double? { c.has(key) ? try c.number(key, in: CampaignReader.capacityRange) : nil }
        capacity.landMu = try limit("land_mu")
        capacity.energyTce = try limit("energy_tce")
        capacity.waterTonnes = try limit("water_t")
        capacity.emissionTonnes = try limit("emission_t")
        if c.has("two_high") {
            let rule = try c.string("two_high")
            guard rule == "allow" || rule == "screen" else {
                throw c.error("two_high", "two_high is 'allow' or 'screen', got '\(rule)'")
            }
            capacity.allowsTwoHigh = rule == "allow"
        }
        capacity.illustrative = c.has("illustrative") ? try c.bool("illustrative") : true
        try c.finish()
        return capacity
    }

    /// Enterprises named with a reason (`exclude`, `anchors`).
    static func enterpriseReferences(_ root: StrictJSONObject, _ key: String) throws -> [Campaign.Exclusion] {
        guard root.has(key) else { return [] }
        return try root.objects(key, labelKey: "enterprise").map { e in
            let reference = Campaign.Exclusion(enterpriseID: try e.string("enterprise"), reason: try e.optionalString("reason") ?? "")
            try e.finish()
            return reference
        }
    }

    /// Quotas per chain or node, checked against each other and the list size.
    static func quotas(_ root: StrictJSONObject, models: ModelSet, top: Int) throws -> [Campaign.Quota] {
        var quotas: [Campaign.Quota] = []
        for q in try root.objects("quotas", labelKey: "chain") {
            let isNode = q.has("node")
            if isNode == q.has("chain") { throw root.error("quotas", "a quota names either a chain or a node, not \(isNode ? "both" : "neither")") }
            let scope = try q.string(isNode ? "node" : "chain")
            if isNode {
                guard models.taxonomy.node(scope) != nil else { throw unknown(q, "node", kind: "chain node", id: scope) }
            } else {
                guard models.taxonomy.chain(scope) != nil else { throw unknown(q, "chain", kind: "chain", id: scope) }
            }
            let minimum = q.has("min") ? try q.wholeNumber("min", in: 0...10_000) : 0
            let maximum = q.has("max") ? try q.wholeNumber("max", in: 0...10_000) : nil
            if let maximum, maximum < minimum {
                throw q.error("max", "quota for \(scope): max \(maximum) is below min \(minimum)")
            }
            try q.finish()
            quotas.append(isNode ? Campaign.Quota(node: scope, minimum: minimum, maximum: maximum)
                                 : Campaign.Quota(chain: scope, minimum: minimum, maximum: maximum))
        }
        let required = quotas.reduce(0) { $0 + $1.minimum }
        if required > top {
            throw root.error("quotas", "quota minimums add up to \(required), more than top = \(top)")
        }
        let scopes = quotas.map(\.scope)
        if Set(scopes).count != scopes.count { throw root.error("quotas", "a chain or node has more than one quota") }
        // Each enterprise counts toward one quota: a node quota may not sit inside a chain quota.
        for q in quotas where q.isNode {
            let chain = models.taxonomy.node(q.scope)!.chain
            if quotas.contains(where: { !$0.isNode && $0.scope == chain }) {
                throw root.error("quotas", "the quota for node \(q.scope) lies inside the quota for chain \(chain); give one or the other")
            }
        }
        return quotas
    }

    /// Rules of a campaign that can never be met together, in words: a campaign that screens two-high
    /// projects but targets two-high nodes can never list a project in those nodes.
    public static func contradictions(_ campaign: Campaign, taxonomy: ChainTaxonomy) -> [String] {
        var out: [String] = []
        if !campaign.capacity.allowsTwoHigh {
            let twoHigh = campaign.targets.filter { $0.gap != .extend }.flatMap(\.nodes).filter { taxonomy.node($0)?.twoHigh ?? false }
            if !twoHigh.isEmpty {
                out.append("\(campaign.id) screens two-high projects but targets two-high nodes \(twoHigh.joined(separator: ", ")): no project there can be listed")
            }
        }
        return out
    }

    static func unknown(_ object: StrictJSONObject, _ key: String, kind: String, id: String) -> ChainMatchError {
        if case .badData(let location, _) = object.error(key, "") {
            return .unknownReference(location, kind: kind, id: id)
        }
        return .unknownReference(nil, kind: kind, id: id)
    }
}
