import Foundation

/// The coordination report's sentences: every figure is one the report holds.
///
/// ```swift
/// coordination.conflicts[0].sentence(.zh)   // "宁德时代：金昌经济技术开发区（第3名，95.20分…）…；统筹后归…。"
/// coordination.exchanges[0].sentence(.zh)   // "金昌…：让出2家（…），补入2家（…）；名单总分2,712.4→2,689.0。"
/// ```
extension ProvinceCoordination.Conflict {
    public func sentence(_ lang: Reasons.Language) -> String {
        let zh = lang == .zh
        let parts = claims.map { c -> String in
            var facts = zh ? ["第\(c.independentRank)名", "\(f(c.score))分"] : ["rank \(c.independentRank)", "score \(f(c.score))"]
            if let d = c.density, let chain = c.chainName {
                facts.append(zh ? "\(chain)关联密度\(String(format: "%.3f", d))" : "relatedness density \(String(format: "%.3f", d)) for \(c.chainID ?? chain)")
            }
            if let park = c.parkLandMu {
                facts.append(zh ? "用地\(f(c.landMu, 0))亩/可用\(f(park, 0))亩" : "land \(f(c.landMu, 0)) of \(f(park, 0)) mu")
            }
            return "\(zh ? c.place : c.placeEn)（\(facts.joined(separator: zh ? "，" : ", "))）"
        }
        let kept = claims.filter(\.kept)
        let best = claims.max { ($0.score, $1.campaignID) < ($1.score, $0.campaignID) }!
        var out = zh ? "\(name)：\(parts.joined(separator: "、"))都将其列入名单；"
                     : "\(name): wanted by \(parts.joined(separator: "; ")); "
        if kept.isEmpty {
            out += zh ? "统筹后不在任何名单上（各地都有总分更高的安排）。" : "after coordination it is on no list (each place has a better use of the place)."
        } else {
            out += zh ? "统筹后归\(kept.map(\.place).joined(separator: "、"))" : "after coordination it goes to \(kept.map(\.place).joined(separator: ", "))"
            if kept.contains(where: { $0.campaignID == best.campaignID }) {
                let others = claims.filter { !$0.kept }
                if let second = others.max(by: { $0.score < $1.score }) {
                    out += zh ? "，在该地得分最高（比\(second.place)高\(f(best.score - second.score))分）。"
                              : ", where it scores highest (\(f(best.score - second.score)) above \(second.placeEn))."
                } else { out += zh ? "。" : "." }
            } else {
                out += zh ? "：\(best.place)给它的得分更高，但全省最优安排（先满足各地配额与名单长度，再求总分最高）由该地改选其他企业。"
                          : ": \(best.placeEn) scores it higher, but the province's optimum (every quota and list filled first, then the largest total) has \(best.placeEn) take another enterprise."
            }
        }
        return out
    }
}

extension ProvinceCoordination.Exchange {
    public func sentence(_ lang: Reasons.Language) -> String {
        let zh = lang == .zh
        guard !gaveUp.isEmpty || !gained.isEmpty else {
            return zh ? "\(place)：名单不变。" : "\(placeEn): list unchanged."
        }
        let gave = gaveUp.map { e in "\(e.name) \(f(e.score))" + (e.wentTo.isEmpty ? "" : "→\(e.wentTo.joined(separator: "/"))") }
        let got = gained.map { "\($0.name) \(f($0.score))" }
        let place = zh ? self.place : placeEn
        return zh
            ? "\(place)：让出\(gaveUp.count)家（\(gave.joined(separator: "，"))），补入\(gained.count)家（\(got.joined(separator: "，"))）；名单总分\(f(totalAlone))→\(f(totalCoordinated))。"
            : "\(place): gave up \(gaveUp.count) (\(gave.joined(separator: ", "))), took \(gained.count) (\(got.joined(separator: ", "))); list total \(f(totalAlone)) → \(f(totalCoordinated))."
    }
}

extension ProvinceCoordination.ChainStanding {
    public func sentence(_ lang: Reasons.Language) -> String {
        let zh = lang == .zh
        let parts = places.map { p in
            zh ? "\(p.place)（\(p.park)）关联密度\(String(format: "%.3f", p.density))、禀赋\(String(format: "%.2f", p.endowment))、统筹后\(p.listed)家"
               : "\(p.placeEn) (\(p.park)) density \(String(format: "%.3f", p.density)), endowment \(String(format: "%.2f", p.endowment)), \(p.listed) listed"
        }
        let lead = places.first.map { zh ? $0.place : $0.placeEn } ?? ""
        let sameEndowment = Set(places.map(\.endowment)).count == 1 && places.count > 1
        let note = sameEndowment ? (zh ? "（禀赋为省级数据，省内相同）" : " (endowment is provincial data, equal within the province)") : ""
        return zh ? "\(nameZh)：\(parts.joined(separator: "；"))\(note)。按产业关联密度，\(lead)基础最好，宜牵头。"
                  : "\(nameEn): \(parts.joined(separator: "; "))\(note). By relatedness density \(lead) has the strongest base and should lead."
    }
}

private func f(_ v: Float) -> String { String(format: "%.2f", v) }
private func f(_ v: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", v) }
