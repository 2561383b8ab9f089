/// A province with its population, GDP by sector and power system, from NBS/CEIC statistics.
///
/// ```swift
/// let regions = try Datasets.load(from: DataLocation.resolve()).regions
/// let qh = regions.first { $0.province == "青海省" }!
/// print(qh.capacitySolar.value ?? 0, qh.capacitySolar.year ?? 0)   // 万千瓦 at the end of that year
/// ```
///
/// Each statistic is a `Measure`: a value and the year it refers to (the latest year the source has
/// for most provinces; see datasets/README.md). Units are in the names: `CNY100m` 亿元, `10MW` 万千瓦
/// (10,000 kW), `100mKWh` 亿千瓦时, `Hours` hours. A nil value means the source has none — not zero.
public struct Region: Sendable, Equatable, Identifiable, Codable {
    /// A value and the year it refers to.
    public struct Measure: Sendable, Equatable, Codable {
        public var value: Double?
        public var year: Int?
        public init(value: Double?, year: Int?) { self.value = value; self.year = year }
    }

    public var id: String { province }
    /// One of `Province.names`.
    public var province: String
    public var nameEn: String
    public var populationYear: Int
    public var populationTotal: Int?
    public var populationUrban: Int?
    public var populationRural: Int?
    /// Keyed by the column names of regions.csv without the `_year` suffix, e.g. "gdp_cny_100m".
    public var measures: [String: Measure]

    public var gdpCNY100m: Measure { measures["gdp_cny_100m"] ?? Measure(value: nil, year: nil) }
    public var gdpPrimaryCNY100m: Measure { measures["gdp_primary_cny_100m"] ?? Measure(value: nil, year: nil) }
    public var gdpSecondaryCNY100m: Measure { measures["gdp_secondary_cny_100m"] ?? Measure(value: nil, year: nil) }
    public var gdpIndustryCNY100m: Measure { measures["gdp_industry_cny_100m"] ?? Measure(value: nil, year: nil) }
    public var gdpTertiaryCNY100m: Measure { measures["gdp_tertiary_cny_100m"] ?? Measure(value: nil, year: nil) }
    public var capacityWind: Measure { measures["capacity_wind_10mw"] ?? Measure(value: nil, year: nil) }
    public var capacitySolar: Measure { measures["capacity_solar_10mw"] ?? Measure(value: nil, year: nil) }
    public var capacityHydro: Measure { measures["capacity_hydro_10mw"] ?? Measure(value: nil, year: nil) }
    public var capacityThermal: Measure { measures["capacity_thermal_10mw"] ?? Measure(value: nil, year: nil) }
    public var capacityNuclear: Measure { measures["capacity_nuclear_10mw"] ?? Measure(value: nil, year: nil) }
    public var generationWind: Measure { measures["generation_wind_100m_kwh"] ?? Measure(value: nil, year: nil) }
    public var generationSolar: Measure { measures["generation_solar_100m_kwh"] ?? Measure(value: nil, year: nil) }
    public var generationHydro: Measure { measures["generation_hydro_100m_kwh"] ?? Measure(value: nil, year: nil) }
    public var generationThermal: Measure { measures["generation_thermal_100m_kwh"] ?? Measure(value: nil, year: nil) }
    public var generationNuclear: Measure { measures["generation_nuclear_100m_kwh"] ?? Measure(value: nil, year: nil) }
    public var windUtilisationHours: Measure { measures["wind_utilisation_hours"] ?? Measure(value: nil, year: nil) }
    public var solarUtilisationHours: Measure { measures["solar_utilisation_hours"] ?? Measure(value: nil, year: nil) }
    public var consumption100mKWh: Measure { measures["consumption_100m_kwh"] ?? Measure(value: nil, year: nil) }

    public init(province: String, nameEn: String, populationYear: Int, populationTotal: Int?,
                populationUrban: Int?, populationRural: Int?, measures: [String: Measure]) {
        self.province = province; self.nameEn = nameEn; self.populationYear = populationYear
        self.populationTotal = populationTotal; self.populationUrban = populationUrban
        self.populationRural = populationRural; self.measures = measures
    }
}
