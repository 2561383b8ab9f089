/// An editable prior on each province's resource endowment, a value in [0, 1] per resource.
///
/// ```swift
/// let prior = try ModelReader.readPrior(path: location.models + "/endowment_prior.json", resources: taxonomy.resources)
/// prior.value(province: "青海省", resource: "lithium") // 1.0 (Qarhan and other Qaidam salt lakes)
/// ```
///
/// It covers what public statistics lack (minerals, climate, agriculture, tourism assets). This is
/// judgement from public geological and industry knowledge, not measured data: 1 means
/// a nationally leading endowment, 0 none worth building on. Each notable value carries a short
/// basis. Resources whose source is `.regions` (green power, water, labour) come from
/// `datasets/regions.csv` instead and are absent here.
public struct EndowmentPrior: Equatable, Sendable, Codable {
    /// One province's value for one resource, with its reason.
    public struct Entry: Equatable, Sendable, Codable {
        public var value: Double
        public var basis: String?

        public init(value: Double, basis: String? = nil) {
            self.value = value
            self.basis = basis
        }
    }

    public var version: String
    public var date: String
    /// The resource ids this prior covers, in file order.
    public var resources: [String]
    /// Province names (full canonical names, e.g. 内蒙古自治区), in file order.
    public var provinces: [String]
    /// entries[province][resource].
    public var entries: [String: [String: Entry]]

    public init(version: String, date: String, resources: [String], provinces: [String], entries: [String: [String: Entry]]) {
        self.version = version
        self.date = date
        self.resources = resources
        self.provinces = provinces
        self.entries = entries
    }

    /// The 31 provincial-level divisions of mainland China, by full canonical name.
    public static var mainlandProvinces: [String] { Province.names }

    /// The prior value for a province and resource, or nil if either is not covered.
    public func value(province: String, resource: String) -> Double? {
        entries[province]?[resource]?.value
    }

    /// The basis text for a province and resource, if one was given.
    public func basis(province: String, resource: String) -> String? {
        entries[province]?[resource]?.basis
    }
}
