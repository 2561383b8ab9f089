/// A development zone (开发区) from the 2018 national catalogue, with its approved leading industries.
///
/// ```swift
/// let parks = try Datasets.load(from: DataLocation.resolve()).parks
/// let qinghai = parks.filter { $0.province == "青海省" && $0.level == .national }
/// print(qinghai.map(\.name), qinghai.map { $0.areaMu ?? 0 }.reduce(0, +))
/// ```
///
/// Areas are the approved (核准) areas; 1 ha = 15 mu. Coordinates are WGS-84 and may be coarse:
/// check `geocodeQuality` and `addressProvinceMismatch` before using them for distances.
public struct Park: Sendable, Equatable, Identifiable, Codable {
    public enum Level: String, Sendable, CaseIterable, Codable {
        /// Approved by the State Council (国务院).
        case national
        /// Approved by a provincial government (省政府).
        case provincial
    }

    /// The catalogue code (代码), unique; see datasets/README.md for the one duplicate resolved.
    public var id: String
    /// The code as printed in the catalogue.
    public var catalogueCode: String
    public var name: String
    /// One of `Province.names`.
    public var province: String
    /// The city or county text of the catalogue (城市/区县), as given.
    public var city: String
    public var level: Level
    /// 开发区类型, e.g. 经济技术开发区, 高新技术产业开发区, 海关特殊监管区域.
    public var type: String
    /// 批准时间 as given ("1992.04", or a pair "2000.04/2002.12").
    public var approved: String
    /// The first approval date ("2000.04" for a pair).
    public var firstApproved: String
    public var areaHa: Double?
    public var areaMu: Double?
    /// The approved leading industries (主导产业), in catalogue order.
    public var leadingIndustries: [String]
    public var lon: Double?
    public var lat: Double?
    /// "ok" or "city_only" (the geocoder's status).
    public var geocodeQuality: String
    /// The geocoder's match level (住宅区, 区县, 市, 省, 未知 …).
    public var geocodeLevel: String
    /// How many zones share exactly this coordinate (1 = unique; more means a fallback point).
    public var coordinateSharedBy: Int
    /// The geocoded address lies in another province than the catalogue's.
    public var addressProvinceMismatch: Bool

    public init(id: String, catalogueCode: String, name: String, province: String, city: String, level: Level,
                type: String, approved: String, firstApproved: String, areaHa: Double?, areaMu: Double?,
                leadingIndustries: [String], lon: Double?, lat: Double?, geocodeQuality: String,
                geocodeLevel: String, coordinateSharedBy: Int, addressProvinceMismatch: Bool) {
        self.id = id; self.catalogueCode = catalogueCode; self.name = name; self.province = province
        self.city = city; self.level = level; self.type = type; self.approved = approved
        self.firstApproved = firstApproved; self.areaHa = areaHa; self.areaMu = areaMu
        self.leadingIndustries = leadingIndustries; self.lon = lon; self.lat = lat
        self.geocodeQuality = geocodeQuality; self.geocodeLevel = geocodeLevel
        self.coordinateSharedBy = coordinateSharedBy; self.addressProvinceMismatch = addressProvinceMismatch
    }
}
