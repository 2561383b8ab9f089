import Foundation

/// The facts behind one relatedness reason (产业关联): the enterprise's industry that earns the most
/// relatedness credit in the place, the place's uptake of it, and the place's industries closest to it.
public struct RelatednessReason: Equatable, Sendable {
    /// The enterprise's industry (canonical id) with the largest x · uptake.
    public var industry: String
    /// The campaign-side value of that industry: 1 where the park has it, else the uptake model's
    /// probability (a province: the mean over its zones); density ω without the uptake model.
    public var uptake: Double
    /// Whether the place already has the industry itself.
    public var alreadyPresent: Bool
    /// Up to two present industries of the place with the highest proximity to `industry`, closest first.
    public var neighbours: [String]
    /// True when the place is a province (campaign without a park).
    public var isProvince: Bool
}

extension RelatednessIndex {
    /// Why an enterprise with relatedness-block row `x` (over `ids`) earns relatedness credit in a
    /// campaign; nil when it earns none. It reads the same campaign side the score does
    /// (`campaignSide`), so the industry it names is the one the credit came from.
    ///
    /// `side` is `campaignSide(campaign, taxonomy:)` when the caller keeps it (a list's reasons read it for
    /// every listed enterprise).
    public func reason(x: [Float], campaign: Campaign, taxonomy: ChainTaxonomy, side: [Float]? = nil) -> RelatednessReason? {
        guard x.count == ids.count else { return nil }
        let park = campaign.parkID, province = campaign.province
        guard let value = side ?? (try? campaignSide(campaign, taxonomy: taxonomy)) else { return nil }
        var best = -1
        var bestCredit: Float = 0
        for i in 0..<ids.count {
            let credit: Float = x[i] * value[i]
            if credit > bestCredit { best = i; bestCredit = credit }
        }
        guard best >= 0 else { return nil }
        let present = presentIndustries(park: park, province: province)
        let phi: [Double] = (0..<ids.count).map { model.proximity[best, $0] }
        let close: [Int] = present.filter { $0 != best && phi[$0] > 0 }
        let ordered: [Int] = close.sorted { a, b in phi[a] != phi[b] ? phi[a] > phi[b] : a < b }
        let neighbours: [String] = ordered.prefix(2).map { ids[$0] }
        let isProvince = park.map { p in !isZone(p) } ?? true
        return RelatednessReason(industry: ids[best], uptake: Double(value[best]), alreadyPresent: present.contains(best),
                                 neighbours: Array(neighbours), isProvince: isProvince)
    }

    /// The reason as one sentence, for example
    /// "产业关联：园区已有有色金属、化工；按全国开发区目录估计，同类园区发展钢铁产业的可能性约23%".
    public func sentence(_ r: RelatednessReason, chinese: Bool) -> String {
        let name = { (id: String) -> String in
            guard let i = vocabulary.index[id] else { return id }
            return chinese ? vocabulary.canonical[i].nameZh : vocabulary.canonical[i].nameEn
        }
        let percent = Int((r.uptake * 100).rounded())
        let measure = pairModel != nil
        if chinese {
            if r.alreadyPresent && !r.isProvince { return "产业关联：园区主导产业已有本企业所在的\(name(r.industry))产业" }
            if r.isProvince {
                return measure ? "产业关联：省内开发区已有或可能发展\(name(r.industry))产业的平均可能性约\(percent)%"
                               : "产业关联：省内开发区与本企业所在\(name(r.industry))产业关联度ω=\(String(format: "%.2f", r.uptake))"
            }
            let has = r.neighbours.isEmpty ? "" : "园区已有\(r.neighbours.map(name).joined(separator: "、"))；"
            return measure ? "产业关联：\(has)按全国开发区目录估计，同类园区发展\(name(r.industry))产业的可能性约\(percent)%"
                           : "产业关联：\(has)与本企业所在\(name(r.industry))产业关联度ω=\(String(format: "%.2f", r.uptake))"
        }
        if r.alreadyPresent && !r.isProvince { return "Relatedness: \(name(r.industry)), the enterprise's industry, is already a leading industry of the park" }
        if r.isProvince {
            return measure ? "Relatedness: the province's zones have or are likely to take up \(name(r.industry)) with a mean likelihood of about \(percent)%"
                           : "Relatedness: density of \(name(r.industry)) over the province's zones is ω=\(String(format: "%.2f", r.uptake))"
        }
        let has = r.neighbours.isEmpty ? "" : "the park already has \(r.neighbours.map(name).joined(separator: " and ")); "
        return measure ? "Relatedness: \(has)from the national zone catalogue, a zone like this one takes up \(name(r.industry)) with a likelihood of about \(percent)%"
                       : "Relatedness: \(has)density of the enterprise's industry \(name(r.industry)) there is ω=\(String(format: "%.2f", r.uptake))"
    }
}
