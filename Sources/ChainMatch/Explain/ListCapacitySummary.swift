/// What a whole list would ask of the park: its projects' land, energy and water added up, against
/// the park's capacity.
///
/// ```swift
/// let summary = ListCapacitySummary(list)
/// print(summary.sentence(language: .zh))   // 名单合计：用地约4,210亩（园区可用3,000亩，示意，为其1.4倍）…
/// ```
///
/// Each project fits the park's capacity alone (the masks see to that); a park cannot host every
/// project of a list at once, and a bureau needs to see by how much the list oversubscribes it.
public struct ListCapacitySummary: Sendable, Equatable {
    public var projects: Int
    public var investment100m: Double
    public var landMu: Double
    public var energyTce: Double
    public var waterTonnes: Double

    public init(_ list: RankedList) {
        projects = list.results.count
        investment100m = list.results.reduce(0) { $0 + $1.project.investment100m }
        landMu = list.results.reduce(0) { $0 + $1.project.landMu }
        energyTce = list.results.reduce(0) { $0 + $1.project.energyTce }
        waterTonnes = list.results.reduce(0) { $0 + $1.project.waterTonnes }
    }

    /// One sentence: the totals and, where the campaign states a capacity, the ratio to it.
    public func sentence(campaign: Campaign, language lang: Reasons.Language = .zh) -> String {
        let cap = campaign.capacity
        let tag = cap.illustrative ? (lang == .zh ? "，示意" : ", illustrative") : ""
        func n(_ v: Double) -> String { lang == .zh ? Reasons.number(v) : Reasons.numberEn(v) }
        func part(_ total: Double, _ limit: Double?, zh: String, en: String, unitZh: String, unitEn: String) -> String {
            guard let limit, limit > 0 else {
                return lang == .zh ? "\(zh)约\(n(total))\(unitZh)" : "\(en) about \(n(total)) \(unitEn)"
            }
            let ratio = String(format: "%.1f", total / limit)
            return lang == .zh
                ? "\(zh)约\(n(total))\(unitZh)（可用\(n(limit))\(unitZh)\(tag)，为其\(ratio)倍）"
                : "\(en) about \(n(total)) \(unitEn) (capacity \(n(limit)) \(unitEn)\(tag): \(ratio)×)"
        }
        let items = [
            part(landMu, cap.landMu, zh: "用地", en: "land", unitZh: "亩", unitEn: "mu"),
            part(energyTce, cap.energyTce, zh: "年能耗", en: "energy", unitZh: "吨标煤", unitEn: "tce a year"),
            part(waterTonnes, cap.waterTonnes, zh: "年用水", en: "water", unitZh: "吨", unitEn: "t a year"),
        ]
        return lang == .zh
            ? "名单合计：\(projects)个项目，投资约\(n(investment100m))亿元，\(items.joined(separator: "，"))。每个项目单独在承载范围内，全部同时落地则需按上述倍数统筹。"
            : "List total: \(projects) projects, about \(n(investment100m)) hundred million CNY; \(items.joined(separator: "; ")). Each project fits alone; all at once would need the multiples shown."
    }
}
