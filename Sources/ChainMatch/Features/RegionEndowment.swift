/// Each province's endowment over the resource vocabulary, every value in [0, 1].
///
/// ```swift
/// let endowment = try RegionEndowment(taxonomy: models.taxonomy, prior: models.prior, regions: datasets.regions)
/// endowment.value(province: "青海省", resource: "lithium")   // 1.0 (prior: Qarhan salt lake)
/// endowment.value(province: "青海省", resource: "green_power")
/// ```
///
/// Resources whose source is `regions` come from public statistics in `datasets/regions.csv`,
/// normalised across the 31 provinces by the largest value; the rest come from the editable prior in
/// `models/endowment_prior.json`. `basis(province:resource:)` says which, with the figure.
public struct RegionEndowment: Sendable, Codable {
    public let resourceIDs: [String]
    private var values: [String: [Double]] = [:]
    private var bases: [String: [String]] = [:]
    private var basesEn: [String: [String]] = [:]

    public init(taxonomy: ChainTaxonomy, prior: EndowmentPrior, regions: [Region]) throws {
        resourceIDs = taxonomy.resources.map(\.id)
        let byProvince = Dictionary(uniqueKeysWithValues: regions.map { ($0.province, $0) })
        for p in Province.names {
            values[p] = [Double](repeating: 0, count: resourceIDs.count)
            bases[p] = [String](repeating: "", count: resourceIDs.count)
            basesEn[p] = [String](repeating: "", count: resourceIDs.count)
        }
        for (i, resource) in taxonomy.resources.enumerated() {
            switch resource.source {
            case .prior:
                for p in Province.names {
                    values[p]![i] = prior.value(province: p, resource: resource.id) ?? 0
                    let basis = prior.basis(province: p, resource: resource.id) ?? "none stated"
                    bases[p]![i] = "先验评分，人工判断"
                    basesEn[p]![i] = "prior: " + basis
                }
            case .regions:
                var raw: [String: (Double, String, String)] = [:]
                for p in Province.names {
                    guard let region = byProvince[p] else { continue }
                    raw[p] = try Self.statistic(resource.id, region)
                }
                let maximum = raw.values.map(\.0).max() ?? 0
                for (p, (v, text, textEn)) in raw {
                    values[p]![i] = maximum > 0 ? max(0, v) / maximum : 0
                    bases[p]![i] = text
                    basesEn[p]![i] = textEn
                }
            }
        }
    }

    /// The raw statistic behind a regions-sourced resource, with a sentence saying what it is.
    static func statistic(_ id: String, _ r: Region) throws -> (Double, String, String) {
        func value(_ m: Region.Measure) -> Double { m.value ?? 0 }
        func year(_ m: Region.Measure) -> String { m.year.map(String.init) ?? "?" }
        switch id {
        case "green_power":
            // Installed capacity is current for every province (generation by wind stops in 2017).
            let green = value(r.capacityWind) + value(r.capacitySolar) + value(r.capacityHydro)
            let total = green + value(r.capacityThermal) + value(r.capacityNuclear)
            let share = total > 0 ? green / total : 0
            let years = "风电\(year(r.capacityWind))、光伏\(year(r.capacitySolar))、水电\(year(r.capacityHydro))年末"
            let yearsEn = "wind \(year(r.capacityWind)), solar \(year(r.capacitySolar)), hydro \(year(r.capacityHydro)) year-end"
            return (share,
                    String(format: "风光水装机%.0f万千瓦（%@），占全部装机的%.0f%%", green, years, share * 100),
                    String(format: "wind, solar and hydro capacity %.1f GW (%@), %.0f%% of all installed capacity", green / 100, yearsEn, share * 100))
        case "labour":
            let pop = Double(r.populationTotal ?? 0)
            return (pop, String(format: "%d年常住人口%.0f万人", r.populationYear, pop / 10_000),
                    String(format: "resident population %.1f million (%d)", pop / 1_000_000, r.populationYear))
        case "industrial_base":
            let industry = value(r.gdpIndustryCNY100m)
            return (industry, String(format: "%@年工业增加值%.0f亿元", year(r.gdpIndustryCNY100m), industry),
                    String(format: "industrial value added %.0f billion CNY (%@)", industry / 10, year(r.gdpIndustryCNY100m)))
        default:
            throw ChainMatchError.badData(SourceLocation(file: "models/chains.json", field: "resources[\(id)].source"),
                                          "resource '\(id)' says it comes from regions.csv, but no statistic is defined for it")
        }
    }

    /// A copy with some of one province's normalised values replaced (for what-if scenarios).
    public func overriding(province: String, values changes: [String: Double]) -> RegionEndowment {
        var copy = self
        for (resource, v) in changes {
            guard let i = resourceIDs.firstIndex(of: resource), copy.values[province] != nil else { continue }
            copy.values[province]![i] = v
            copy.bases[province]![i] = "情景设定值"
            copy.basesEn[province]![i] = "scenario value"
        }
        return copy
    }

    /// The province's endowment vector over `resourceIDs`.
    public func vector(province: String) -> [Double] {
        values[province] ?? [Double](repeating: 0, count: resourceIDs.count)
    }

    /// Each taxonomy node's fit with the province: the mean endowment over the resources the node draws on
    /// (0 for a node that names none).
    public func nodeFit(province: String, taxonomy: ChainTaxonomy) -> [Double] {
        let values = vector(province: province)
        let index = Dictionary(uniqueKeysWithValues: resourceIDs.enumerated().map { ($1, $0) })
        return taxonomy.nodes.map { node in
            let rs = node.needs.resources.compactMap { index[$0] }
            return rs.isEmpty ? 0 : rs.reduce(0) { $0 + values[$1] } / Double(rs.count)
        }
    }

    public func value(province: String, resource: String) -> Double? {
        guard let i = resourceIDs.firstIndex(of: resource) else { return nil }
        return values[province]?[i]
    }

    /// Where the value comes from, as a sentence (prior basis or the statistic), in Chinese or English.
    public func basis(province: String, resource: String, english: Bool = false) -> String? {
        guard let i = resourceIDs.firstIndex(of: resource) else { return nil }
        return english ? basesEn[province]?[i] : bases[province]?[i]
    }
}
