import Foundation

/// Reads what-if scenario files (JSON) strictly, checking every id against the models and data.
///
/// ```json
/// {
///   "name": "电芯项目落地后 / after a cell plant lands",
///   "targets": {"add": [{"node": "li.pack", "gap": "fill", "priority": 1}], "remove": ["li.cell"]},
///   "capacity": {"land_mu": 5000, "energy_tce": 600000},
///   "endowment": {"green_power": 1.0},
///   "weights": {"chain": 0.5},
///   "exclude": [{"enterprise": "SZ300750", "reason": "已落地"}]
/// }
/// ```
public enum ScenarioReader {
    public static func read(path: String, models: ModelSet, enterprises: Set<String>) throws -> Scenario {
        try decode(StrictJSONObject.read(path: path), models: models, enterprises: enterprises, file: path)
    }

    public static func parse(_ data: Data, file: String, models: ModelSet, enterprises: Set<String>) throws -> Scenario {
        try decode(StrictJSONObject.parse(data, file: file), models: models, enterprises: enterprises, file: file)
    }

    static func decode(_ root: StrictJSONObject, models: ModelSet, enterprises: Set<String>, file: String) throws -> Scenario {
        var s = Scenario(name: try root.optionalString("name") ?? "scenario")
        s.source = file
        s.notes = try root.optionalString("notes") ?? ""
        if root.has("targets") {
            let t = try root.object("targets")
            if t.has("add") {
                s.addTargets = try t.objects("add", labelKey: "node").map { try CampaignReader.target($0, models: models) }
            }
            if t.has("remove") {
                s.removeTargets = try t.strings("remove")
                for id in s.removeTargets where models.taxonomy.node(id) == nil && models.taxonomy.chain(id) == nil {
                    throw CampaignReader.unknown(t, "remove", kind: "chain node or chain", id: id)
                }
            }
            try t.finish()
        }
        if root.has("capacity") {
            let c = try root.object("capacity")
            if c.has("land_mu") { s.landMu = try c.number("land_mu", in: CampaignReader.capacityRange) }
            if c.has("energy_tce") { s.energyTce = try c.number("energy_tce", in: CampaignReader.capacityRange) }
            if c.has("water_t") { s.waterTonnes = try c.number("water_t", in: CampaignReader.capacityRange) }
            if c.has("emission_t") { s.emissionTonnes = try c.number("emission_t", in: CampaignReader.capacityRange) }
            if c.has("two_high") {
                let rule = try c.string("two_high")
                guard rule == "allow" || rule == "screen" else { throw c.error("two_high", "two_high is 'allow' or 'screen', got '\(rule)'") }
                s.allowsTwoHigh = rule == "allow"
            }
            try c.finish()
        }
        if root.has("endowment") {
            let e = try root.object("endowment")
            for key in e.allKeys() {
                guard models.taxonomy.resource(key) != nil else { throw CampaignReader.unknown(e, key, kind: "resource", id: key) }
                let v = try e.double(key)
                guard (0...1).contains(v) else { throw e.error(key, "endowment values are normalised to 0…1, got \(v)") }
                s.endowment[key] = v
            }
        }
        if root.has("weights") { s.weights = try CampaignReader.weightOverrides(try root.object("weights")) }
        if root.has("exclude") {
            for o in try root.objects("exclude", labelKey: "enterprise") {
                let id = try o.string("enterprise")
                guard enterprises.contains(id) else { throw CampaignReader.unknown(o, "enterprise", kind: "enterprise", id: id) }
                s.exclude.append(Campaign.Exclusion(enterpriseID: id, reason: try o.optionalString("reason") ?? ""))
                try o.finish()
            }
        }
        if root.has("profile") {
            let p = try root.string("profile")
            guard models.profile(p) != nil else { throw CampaignReader.unknown(root, "profile", kind: "weight profile", id: p) }
            s.profile = p
        }
        try root.finish()
        return s
    }
}
