/// One entry of the national industry classification GB/T 4754-2017 (国民经济行业分类).
///
/// ```swift
/// let industries = try Datasets.load(from: DataLocation.resolve()).industries
/// let battery = industries.first { $0.code == "C3841" }   // 锂离子电池制造
/// print(battery?.level, battery?.parentCode)              // Optional(.industryClass) Optional("C384")
/// ```
///
/// Codes carry the section letter: section "C", division "C38", group "C384", class "C3841".
public struct Industry: Sendable, Equatable, Identifiable, Codable {
    public enum Level: Int, Sendable, CaseIterable, Codable {
        /// 门类, a letter A–T.
        case section = 1
        /// 大类, two digits.
        case division = 2
        /// 中类, three digits.
        case group = 3
        /// 小类, four digits.
        case industryClass = 4
    }

    public var id: String { code }
    public var level: Level
    public var code: String
    public var name: String
    /// nil for sections.
    public var parentCode: String?

    public init(level: Level, code: String, name: String, parentCode: String?) {
        self.level = level; self.code = code; self.name = name; self.parentCode = parentCode
    }
}
