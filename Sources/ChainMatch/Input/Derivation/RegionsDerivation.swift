import Foundation

/// Derives `datasets/regions.csv` from the population table and the wide CEIC/Wind exports in
/// `power_gdp_population/`.
///
/// A wide export has header rows (Name, Frequency, Unit, ID, Source, Update, …) whose first cell names
/// the row, then one row per period ("2024-12") with one column per series. A series name reads like
/// "China: Qinghai: GDP: Secondary Industry: YTD"; the province is the component that is an English
/// province name (or "<Province> Municipality"), the measure is the rest.
enum RegionsDerivation {
    struct Series {
        var column: Int
        var name: String
        var id: String
        var unit: String
        var province: String      // canonical full name
        var measure: String       // name without "China" and the province, joined with ": "
        var discontinued: Bool    // "(DC)" prefix
        var updated: String       // the "Update" header row, e.g. 2025-01-26
    }

    struct WideFile {
        var path: String
        var series: [Series]
        var values: [String: [String]]  // period → row
        var valueLines: [String: Int]
    }

    static func readWide(_ path: String) throws -> WideFile {
        let t = try CSVReader.read(path: path, allowRaggedRows: true)
        var headerRows: [String: [String]] = [:]
        for record in [t.header] + t.rows where !(record.first?.first?.isNumber ?? false) {
            headerRows[record.first ?? ""] = record
        }
        guard let names = headerRows["Name"] else {
            throw ChainMatchError.badData(SourceLocation(file: path), "no 'Name' header row")
        }
        let ids = headerRows["ID"] ?? [], units = headerRows["Unit"] ?? [], updates = headerRows["Update"] ?? []
        var series: [Series] = []
        for (col, rawName) in names.enumerated() where col > 0 && !rawName.isEmpty {
            var name = rawName.trimmingCharacters(in: .whitespaces)
            let dc = name.hasPrefix("(DC)")
            if dc { name = String(name.dropFirst(4)).trimmingCharacters(in: .whitespaces) }
            let parts = name.components(separatedBy: ":").map { $0.trimmingCharacters(in: .whitespaces) }
            var province: String?
            var rest: [String] = []
            for part in parts {
                let bare = part.hasSuffix(" Municipality") ? String(part.dropLast(" Municipality".count)) : part
                if province == nil, let p = Province.canonical(bare), Province.english[p] == bare { province = p; continue }
                if part == "China" { continue }
                rest.append(part)
            }
            guard let province else { continue }   // national series are not used
            series.append(Series(column: col, name: rawName, id: col < ids.count ? ids[col] : "",
                                 unit: col < units.count ? units[col] : "", province: province,
                                 measure: rest.joined(separator: ": "), discontinued: dc,
                                 updated: col < updates.count ? updates[col] : ""))
        }
        var values: [String: [String]] = [:], lines: [String: Int] = [:]
        for (i, row) in t.rows.enumerated() {
            guard let period = row.first, period.count == 7, period.first?.isNumber == true else { continue }
            values[period] = row
            lines[period] = t.lines[i]
        }
        return WideFile(path: path, series: series, values: values, valueLines: lines)
    }

    /// One output variable: which series of which file, and the factor to the output unit.
    struct Variable {
        var column: String
        var file: String
        var measure: String          // exact measure text after removing China and the province
        var factor: Double
        var sourceUnit: String
        var outputUnit: String
    }

    struct Block {
        var name: String
        var yearColumn: String
        var variables: [Variable]
    }

    static let blocks: [Block] = [
        Block(name: "GDP (current prices, YTD at Q4 = full year)", yearColumn: "gdp_year", variables: [
            Variable(column: "gdp_cny_100m", file: "Regional_GDP_complete.csv", measure: "GDP: YTD", factor: 1, sourceUnit: "CNY 100mn", outputUnit: "亿元"),
            Variable(column: "gdp_primary_cny_100m", file: "Regional_GDP_complete.csv", measure: "GDP: Primary Industry: YTD", factor: 1, sourceUnit: "CNY 100mn", outputUnit: "亿元"),
            Variable(column: "gdp_secondary_cny_100m", file: "Regional_GDP_complete.csv", measure: "GDP: Secondary Industry: YTD", factor: 1, sourceUnit: "CNY 100mn", outputUnit: "亿元"),
            Variable(column: "gdp_industry_cny_100m", file: "Regional_GDP_complete.csv", measure: "GDP: Secondary Industry: Industry: YTD", factor: 1, sourceUnit: "CNY 100mn", outputUnit: "亿元"),
            Variable(column: "gdp_tertiary_cny_100m", file: "Regional_GDP_complete.csv", measure: "GDP: Tertiary Industry: YTD", factor: 1, sourceUnit: "CNY 100mn", outputUnit: "亿元"),
        ]),
        Block(name: "installed capacity at year end (December value)", yearColumn: "capacity_year", variables: [
            Variable(column: "capacity_wind_10mw", file: "power_capacity_by_province&type.csv", measure: "Power Generating Capacity of 6000 kilowatts and Above Power Plants: Wind Power", factor: 1, sourceUnit: "10000 kw", outputUnit: "万千瓦"),
            Variable(column: "capacity_solar_10mw", file: "power_capacity_by_province&type.csv", measure: "Installed Capacity: Solar Power Generation: YTD", factor: 1, sourceUnit: "10000 kw", outputUnit: "万千瓦"),
            Variable(column: "capacity_hydro_10mw", file: "power_capacity_by_province&type.csv", measure: "Power Generating Capacity of 6000 kilowatts and Above Power Plants: Hydropower", factor: 1, sourceUnit: "10000 kw", outputUnit: "万千瓦"),
            Variable(column: "capacity_thermal_10mw", file: "power_capacity_by_province&type.csv", measure: "Power Generating Capacity of 6000 kilowatts and Above Power Plants: Thermal Power", factor: 1, sourceUnit: "10000 kw", outputUnit: "万千瓦"),
            Variable(column: "capacity_nuclear_10mw", file: "power_capacity_by_province&type.csv", measure: "Capacity of Power Generation Equipment Above 6,000 Kilowatts: Nuclear Power", factor: 1, sourceUnit: "10000 kw", outputUnit: "万千瓦"),
        ]),
        Block(name: "generation, year to date at December = full year", yearColumn: "generation_year", variables: [
            Variable(column: "generation_wind_100m_kwh", file: "power_generation_by_province_and_source.csv", measure: "Power Generation: Wind Power: YTD", factor: 1e-4, sourceUnit: "10000 kWh (blank in the export)", outputUnit: "亿千瓦时"),
            Variable(column: "generation_solar_100m_kwh", file: "power_generation_by_province_and_source.csv", measure: "Output: Solar: YTD", factor: 1e-4, sourceUnit: "10000 kWh (blank in the export)", outputUnit: "亿千瓦时"),
            Variable(column: "generation_hydro_100m_kwh", file: "power_generation_by_province_and_source.csv", measure: "Output: Hydro Power Generating Capacity: YTD", factor: 1e-4, sourceUnit: "10000 kWh (blank in the export)", outputUnit: "亿千瓦时"),
            Variable(column: "generation_thermal_100m_kwh", file: "power_generation_by_province_and_source.csv", measure: "Output: Thermal Power Generating Capacity: YTD", factor: 1e-4, sourceUnit: "10000 kWh (blank in the export)", outputUnit: "亿千瓦时"),
            Variable(column: "generation_nuclear_100m_kwh", file: "power_generation_by_province_and_source.csv", measure: "Output: Nuclear Power: YTD", factor: 1e-4, sourceUnit: "10000 kWh (blank in the export)", outputUnit: "亿千瓦时"),
        ]),
        Block(name: "utilisation hours, year to date at December = full year", yearColumn: "utilisation_year", variables: [
            Variable(column: "wind_utilisation_hours", file: "wind_solar_utilization_capacity_by_province.csv", measure: "Average Utilization Hours of Power Generation Equipment: Wind Power: YTD", factor: 1, sourceUnit: "hour", outputUnit: "hours"),
            Variable(column: "solar_utilisation_hours", file: "wind_solar_utilization_capacity_by_province.csv", measure: "Average Utilization Hours: Solar Power Generation: YTD", factor: 1, sourceUnit: "hour", outputUnit: "hours"),
        ]),
        Block(name: "electricity consumption, year to date at December = full year", yearColumn: "consumption_year", variables: [
            Variable(column: "consumption_100m_kwh", file: "power_generation_by_province_and_source.csv", measure: "Power Consumption: YTD", factor: 1e-4, sourceUnit: "10000 kWh (blank in the export)", outputUnit: "亿千瓦时"),
        ]),
    ]

    static var header: [String] {
        var h = ["province", "name_en", "population_year", "population_total", "population_urban", "population_rural"]
        for block in blocks { for v in block.variables { h += [v.column, v.column + "_year"] } }
        return h
    }

    /// Where one output value came from, for the README.
    struct Provenance { var column: String; var province: String; var file: String; var seriesID: String; var seriesName: String; var period: String; var line: Int; var updated: String }

    struct Output {
        var rows: [[String]]
        var blockYears: [(Block, Int)]
        var variableYears: [String: Int]
        var missing: [String: [String]]          // column → provinces without a value
        var duplicatesUsed: [String]             // provinces where several series matched
        var provenance: [Provenance]
    }

    static func derive(sharedData: String) throws -> Output {
        let dir = sharedData + "/power_gdp_population/"
        let population = try readPopulation(dir + "population_by_province_2022.csv")

        var files: [String: WideFile] = [:]
        for block in blocks { for v in block.variables where files[v.file] == nil { files[v.file] = try readWide(dir + v.file) } }

        // Value of a series at a period: nil when absent or 0.00 (CEIC writes 0.00 where nothing was published).
        func value(_ file: WideFile, _ s: Series, _ period: String) -> Double? {
            guard let row = file.values[period], s.column < row.count, let v = Derive.parseNumber(row[s.column]), v != 0 else { return nil }
            return v
        }
        func candidates(_ v: Variable, _ province: String) -> [Series] {
            let file = files[v.file]!
            // Live series first, then discontinued ones; file order within each.
            return file.series.filter { $0.province == province && $0.measure == v.measure }
                .sorted { ($0.discontinued ? 1 : 0, $0.column) < ($1.discontinued ? 1 : 0, $1.column) }
        }

        var table: [String: [String: String]] = [:]   // province → column → value
        var blockYears: [(Block, Int)] = []
        var variableYears: [String: Int] = [:]
        var missing: [String: [String]] = [:]
        var duplicates: [String] = []
        var provenance: [Provenance] = []
        for block in blocks {
            for v in block.variables {
                // The variable's year: the latest December at which at least half of the provinces that
                // have a series for it have a non-zero value. All provinces are then read at that year.
                let file = files[v.file]!
                let provinces = Set(file.series.filter { $0.measure == v.measure }.map(\.province))
                var chosen: Int?
                for year in stride(from: 2025, through: 1990, by: -1) {
                    let period = "\(year)-12"
                    let present = provinces.filter { p in candidates(v, p).contains { value(file, $0, period) != nil } }
                    if !provinces.isEmpty && present.count * 2 >= provinces.count { chosen = year; break }
                }
                guard let year = chosen else {
                    throw ChainMatchError.badData(SourceLocation(file: dir + v.file), "no year with data for \(v.measure)")
                }
                variableYears[v.column] = year
                let period = "\(year)-12"
                for p in Province.names {
                    table[p, default: [:]][v.column + "_year"] = String(year)
                    let cands = candidates(v, p)
                    if cands.count > 1 { duplicates.append("\(v.column) \(p): \(cands.count) series") }
                    if let s = cands.first(where: { value(file, $0, period) != nil }), let raw = value(file, s, period) {
                        table[p]![v.column] = Derive.number(raw * v.factor, decimals: 2)
                        provenance.append(Provenance(column: v.column, province: p, file: v.file, seriesID: s.id,
                                                     seriesName: s.name, period: period, line: file.valueLines[period] ?? 0, updated: s.updated))
                    } else {
                        table[p]![v.column] = ""
                        missing[v.column, default: []].append(p)
                    }
                }
            }
            blockYears.append((block, block.variables.map { variableYears[$0.column]! }.max()!))
        }

        var rows: [[String]] = []
        for p in Province.names {
            var row = [p, Province.english[p]!, "2022"] + (population[p] ?? ["", "", ""])
            if population[p] == nil { missing["population_total", default: []].append(p) }
            for block in blocks {
                for v in block.variables { row += [table[p]![v.column]!, table[p]![v.column + "_year"]!] }
            }
            rows.append(row)
        }
        return Output(rows: rows, blockYears: blockYears, variableYears: variableYears, missing: missing, duplicatesUsed: duplicates, provenance: provenance)
    }

    /// Population 2022 (persons) per province: total, urban, rural (empty where not given).
    static func readPopulation(_ popPath: String) throws -> [String: [String]] {
        let pop = try CSVReader.read(path: popPath)
        let cRegion = try pop.column("region_name"), cTotal = try pop.column("population_total")
        let cUrban = try pop.column("population_urban"), cRural = try pop.column("population_rural")
        var population: [String: [String]] = [:]
        for (i, row) in pop.rows.enumerated() {
            // Only the 31 provinces: the national total and Hong Kong/Macao/Taiwan rows are not regions here.
            if ["Mainland China", "Hong Kong", "Macau", "Macao", "Taiwan"].contains(row[cRegion]) { continue }
            guard let p = Province.canonical(row[cRegion]) else {
                throw ChainMatchError.badData(pop.location(row: i, column: cRegion), "unknown province '\(row[cRegion])'")
            }
            var values: [String] = []
            for c in [cTotal, cUrban, cRural] {
                let text = row[c].trimmingCharacters(in: .whitespaces)
                if text.isEmpty { values.append(""); continue }
                guard let v = Int(text), v >= 0 else {
                    throw ChainMatchError.badData(pop.location(row: i, column: c), "not a count: '\(text)'")
                }
                values.append(String(v))
            }
            population[p] = values
        }
        return population
    }
}
