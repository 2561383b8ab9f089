import Foundation

/// The derived datasets loaded into domain values, validated strictly.
///
/// ```swift
/// let data = try Datasets.load(from: DataLocation.resolve())
/// print(data.enterprises.count, data.parks.count, data.regions.count, data.industries.count)
/// let fujian = data.enterprises.filter { $0.province == "福建省" && $0.lists.contains(.global500) }
/// ```
///
/// Any cell that does not fit — an unknown province, a non-numeric or negative number, an unknown list
/// flag or ownership, a duplicate id — throws `.badData` naming the file, line, column and field.
/// Empty cells are missing values (nil), never zero.
public struct Datasets: Sendable, Codable {
    public var enterprises: [Enterprise]
    public var parks: [Park]
    public var regions: [Region]
    public var industries: [Industry]

    public init(enterprises: [Enterprise], parks: [Park], regions: [Region], industries: [Industry]) {
        self.enterprises = enterprises; self.parks = parks; self.regions = regions; self.industries = industries
    }

    /// Loads `datasets/{enterprises,parks,regions,industries}.csv` under `location`.
    public static func load(from location: DataLocation) throws -> Datasets {
        let dir = location.datasets
        return Datasets(
            enterprises: try DatasetReader.enterprises(try CSVReader.read(path: dir + "/enterprises.csv")),
            parks: try DatasetReader.parks(try CSVReader.read(path: dir + "/parks.csv")),
            regions: try DatasetReader.regions(try CSVReader.read(path: dir + "/regions.csv")),
            industries: try DatasetReader.industries(try CSVReader.read(path: dir + "/industries.csv")))
    }
}

/// Readers for each derived file; each takes a parsed table so tests and tools can feed any rows.
///
/// ```swift
/// let table = try CSVReader.read(path: "datasets/parks.csv")
/// let parks = try DatasetReader.parks(table)   // throws .badData at the first bad cell
/// ```
public enum DatasetReader {
    /// Typed access to one row with errors that point at the cell.
    struct Row {
        let table: CSVTable
        let index: Int
        let columns: [String: Int]
        /// The row's cells.
        let fields: [String]

        init(table: CSVTable, index: Int, columns: [String: Int]) {
            (self.table, self.index, self.columns, self.fields) = (table, index, columns, table.rows[index])
        }

        // By column name; a reader of many rows resolves its columns once (`columns[name]!`) and passes the
        // index to the `at:` forms below, which hash nothing.
        func text(_ name: String) -> String { fields[columns[name]!] }
        func optional(_ name: String) -> String? { optional(at: columns[name]!) }
        func bad(_ name: String, _ message: String) -> ChainMatchError { bad(at: columns[name]!, message) }
        func required(_ name: String) throws -> String { try required(at: columns[name]!) }
        func identifier(_ name: String) throws -> String { try identifier(at: columns[name]!) }
        func double(_ name: String, nonNegative: Bool = false) throws -> Double? { try double(at: columns[name]!, nonNegative: nonNegative) }
        func int(_ name: String, positive: Bool = false) throws -> Int? { try int(at: columns[name]!, positive: positive) }
        func province(_ name: String, required: Bool) throws -> String? { try province(at: columns[name]!, required: required) }
        func flag(_ name: String) throws -> Bool { try flag(at: columns[name]!) }

        func optional(at c: Int) -> String? { let t = fields[c]; return t.isEmpty ? nil : t }
        func bad(at c: Int, _ message: String) -> ChainMatchError { .badData(table.location(row: index, column: c), message) }
        func required(at c: Int) throws -> String {
            guard let t = optional(at: c) else { throw bad(at: c, "empty value") }
            return t
        }
        /// An id: printable, no white space or control characters.
        func identifier(at c: Int) throws -> String {
            let t = try required(at: c)
            if t.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return t }   // printable ASCII: nothing to look up
            if let bad = t.unicodeScalars.first(where: { $0.properties.generalCategory == .control || $0.properties.isWhitespace }) {
                throw self.bad(at: c, "an id may not contain white space or control characters (U+\(String(format: "%04X", bad.value)))")
            }
            return t
        }
        func double(at c: Int, nonNegative: Bool = false) throws -> Double? {
            guard let t = optional(at: c) else { return nil }
            guard let v = Double(t), v.isFinite else { throw bad(at: c, "not a number: '\(t)'") }
            if nonNegative && v < 0 { throw bad(at: c, "negative value: \(t)") }
            return v
        }
        func int(at c: Int, positive: Bool = false) throws -> Int? {
            guard let t = optional(at: c) else { return nil }
            guard let v = Int(t) else { throw bad(at: c, "not an integer: '\(t)'") }
            if positive && v <= 0 { throw bad(at: c, "must be positive: \(t)") }
            return v
        }
        func province(at c: Int, required: Bool) throws -> String? {
            guard let t = optional(at: c) else {
                if required { throw bad(at: c, "empty province") }
                return nil
            }
            guard Province.isCanonical(t) else { throw bad(at: c, "unknown province '\(t)' (expected one of the 31 full names)") }
            return t
        }
        func flag(at c: Int) throws -> Bool {
            switch fields[c] {
            case "1": return true
            case "0", "": return false
            default: throw bad(at: c, "expected 0 or 1, got '\(fields[c])'")
            }
        }
    }

    static func rows(_ table: CSVTable, _ required: [String]) throws -> [Row] {
        var columns: [String: Int] = [:]
        for name in required { columns[name] = try table.column(name) }
        return table.rows.indices.map { Row(table: table, index: $0, columns: columns) }
    }

    static func unique<T>(_ items: [T], _ rows: [Row], key: (T) -> String, column: String) throws {
        var seen = Set<String>()
        for (item, row) in zip(items, rows) where !seen.insert(key(item)).inserted {
            throw row.bad(column, "duplicate id '\(key(item))'")
        }
    }

    /// `checkingParents: false` skips the check that every parent group id is a row of the table,
    /// for re-reading a few rows of a file already checked whole.
    public static func enterprises(_ table: CSVTable, checkingParents: Bool = true) throws -> [Enterprise] {
        let rs = try rows(table, EnterprisesDerivation.header)
        guard let columns = rs.first?.columns else {
            throw ChainMatchError.badData(SourceLocation(file: table.path, line: 2), "rule non-empty: the enterprises file has a header but no rows")
        }
        let cells = EnterpriseCells(columns: columns)
        let result = try rs.map(cells.enterprise)
        // Ids by index: no enterprise record is copied to look at its id.
        var seen = Set<String>(minimumCapacity: result.count)
        for i in result.indices where !seen.insert(result[i].id).inserted {
            throw rs[i].bad(at: cells.id, "duplicate id '\(result[i].id)'")
        }
        guard checkingParents else { return result }
        for i in result.indices {
            if let parent = result[i].parentGroupID, !seen.contains(parent) {
                throw ChainMatchError.unknownReference(table.location(row: i, column: cells.parentGroupID), kind: "enterprise", id: parent)
            }
        }
        return result
    }

    public static func parks(_ table: CSVTable) throws -> [Park] {
        let rs = try rows(table, ParksDerivation.header)
        let result = try rs.map { r -> Park in
            guard let level = Park.Level(rawValue: r.text("level")) else { throw r.bad("level", "expected national or provincial, got '\(r.text("level"))'") }
            let lon = try r.double("lon"), lat = try r.double("lat")
            if let lon, !Self.chinaLongitudes.contains(lon) {
                throw r.bad("lon", "rule in-china: longitude \(lon) lies outside China (\(Int(Self.chinaLongitudes.lowerBound))–\(Int(Self.chinaLongitudes.upperBound))°E)")
            }
            if let lat, !Self.chinaLatitudes.contains(lat) {
                throw r.bad("lat", "rule in-china: latitude \(lat) lies outside China (\(Int(Self.chinaLatitudes.lowerBound))–\(Int(Self.chinaLatitudes.upperBound))°N)")
            }
            let ha = try r.double("area_ha", nonNegative: true), mu = try r.double("area_mu", nonNegative: true)
            if let ha, let mu, abs(mu - 15 * ha) > 0.01 * mu + 0.01 {
                throw r.bad("area_mu", "rule mu-per-hectare: area_mu \(mu) is not 15 × area_ha \(ha)")
            }
            guard let shared = try r.int("coordinate_shared_by", positive: true) else { throw r.bad("coordinate_shared_by", "empty value") }
            let industries = r.text("leading_industries").split(separator: "、").map(String.init)
            return Park(
                id: try r.identifier("park_id"), catalogueCode: try r.required("catalogue_code"), name: try r.required("name"),
                province: try r.province("province", required: true)!, city: r.text("city"), level: level, type: r.text("type"),
                approved: r.text("approved"), firstApproved: r.text("first_approved"),
                areaHa: ha, areaMu: mu,
                leadingIndustries: industries, lon: lon, lat: lat, geocodeQuality: r.text("geocode_quality"),
                geocodeLevel: r.text("geocode_level"), coordinateSharedBy: shared,
                addressProvinceMismatch: try r.flag("address_province_mismatch"))
        }
        try unique(result, rs, key: \.id, column: "park_id")
        if result.isEmpty {
            throw ChainMatchError.badData(SourceLocation(file: table.path, line: 2), "rule non-empty: the parks file has a header but no rows")
        }
        return result
    }

    /// The box every geocoded zone must lie in (China's extreme points, rounded outwards).
    static let chinaLongitudes = 73.0...136.0
    static let chinaLatitudes = 3.0...54.0

    public static func regions(_ table: CSVTable) throws -> [Region] {
        let rs = try rows(table, RegionsDerivation.header)
        let measureColumns = RegionsDerivation.blocks.flatMap { $0.variables.map(\.column) }
        let result = try rs.map { r -> Region in
            var measures: [String: Region.Measure] = [:]
            for c in measureColumns {
                let v = try r.double(c, nonNegative: true)
                let y = try r.int(c + "_year", positive: true)
                measures[c] = Region.Measure(value: v, year: y)
            }
            guard let year = try r.int("population_year", positive: true) else { throw r.bad("population_year", "empty value") }
            func count(_ name: String) throws -> Int? {
                guard let v = try r.int(name) else { return nil }
                if v < 0 { throw r.bad(name, "negative value: \(v)") }
                return v
            }
            return Region(province: try r.province("province", required: true)!, nameEn: r.text("name_en"),
                          populationYear: year, populationTotal: try count("population_total"),
                          populationUrban: try count("population_urban"), populationRural: try count("population_rural"),
                          measures: measures)
        }
        try unique(result, rs, key: \.province, column: "province")
        let missing = Province.names.filter { p in !result.contains { $0.province == p } }
        if !missing.isEmpty {
            throw ChainMatchError.badData(SourceLocation(file: table.path, line: (table.lines.last ?? 1) + (table.rows.isEmpty ? 0 : 1)),
                                          "rule every-province: regions.csv needs a row for each of the 31 provinces; missing \(missing.count): \(missing.prefix(5).joined(separator: "、"))\(missing.count > 5 ? "…" : "")")
        }
        return result
    }

    public static func industries(_ table: CSVTable) throws -> [Industry] {
        let rs = try rows(table, IndustriesDerivation.header)
        let result = try rs.map { r -> Industry in
            guard let raw = try r.int("level"), let level = Industry.Level(rawValue: raw) else { throw r.bad("level", "expected 1–4") }
            return Industry(level: level, code: try r.required("code"), name: try r.required("name"), parentCode: r.optional("parent_code"))
        }
        try unique(result, rs, key: \.code, column: "code")
        if result.isEmpty {
            throw ChainMatchError.badData(SourceLocation(file: table.path, line: 2), "rule non-empty: the industries file has a header but no rows")
        }
        // Every class below a section names its parent one level up.
        let levels = Dictionary(result.map { ($0.code, $0.level.rawValue) }, uniquingKeysWith: { a, _ in a })
        for (industry, r) in zip(result, rs) where industry.level.rawValue > 1 {
            guard let parent = industry.parentCode, levels[parent] == industry.level.rawValue - 1 else {
                throw r.bad("parent_code", "rule parent-one-level-up: a level-\(industry.level.rawValue) class needs the code of a level-\(industry.level.rawValue - 1) class, got '\(industry.parentCode ?? "")'")
            }
        }
        return result
    }
}
