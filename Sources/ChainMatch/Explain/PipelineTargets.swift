/// A province's stated targets for its bureaus' pipelines, with the document that states them.
///
/// ```swift
/// let t = PipelineTargets.forProvince("青海省")!
/// t.performanceRate, t.startRate, t.fundingRate   // 0.9, 0.7, 0.4
/// PipelineTargets.forProvince("甘肃省")             // nil: no rate is stated there
/// ```
///
/// Only Qinghai states rates: 《青海省实施招商引资“六大行动”工作方案（2022—2025年）》 (青海省人民政府办公厅,
/// 2022-10-11), 一(三)主要目标: "项目履约率90%、开工率70%、资金到位率40%以上", assessed by "月调度、季通报、
/// 年考核". Gansu (甘办发〔2024〕6号) sets "月跟进、季考核、半年督查、年终总评" and a growth target for funds in
/// place (到位资金年均增长15%以上), Wuhai asks to raise "合同履约率、资金到位率、项目成功率", Yunnan to report
/// "项目签约……资金到位等情况" — none of them a rate to compare with.
public struct PipelineTargets: Equatable, Sendable, Codable {
    public var province: String
    /// 履约率, 开工率 and 资金到位率 targets, as fractions ("以上": at least).
    public var performanceRate: Double
    public var startRate: Double
    public var fundingRate: Double
    /// The document and the passage.
    public var source: String

    public static let qinghai = PipelineTargets(
        province: "青海省", performanceRate: 0.9, startRate: 0.7, fundingRate: 0.4,
        source: "《青海省实施招商引资“六大行动”工作方案（2022—2025年）》（青海省人民政府办公厅，2022-10-11）一（三）主要目标：项目履约率90%、开工率70%、资金到位率40%以上")

    /// The targets a province states, or nil.
    public static func forProvince(_ province: String?) -> PipelineTargets? {
        province == qinghai.province ? qinghai : nil
    }

    enum CodingKeys: String, CodingKey {
        case province, source
        case performanceRate = "performance_rate", startRate = "start_rate", fundingRate = "funding_rate"
    }
}
