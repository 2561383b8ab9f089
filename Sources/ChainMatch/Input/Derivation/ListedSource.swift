import Foundation

extension EnterprisesDerivation.Assembly {
    /// The A-share companies of the April 2025 and January 2026 stock lists, Beijing codes that moved to 920xxx
    /// linked, with market value, a revenue estimate and the listed evidence (Shenwan class, boards).
    func loadListed() throws {
        let s25 = try CSVReader.read(path: sharedData + "/listed/stock_basic_2025-04.csv")
        let s26 = try CSVReader.read(path: sharedData + "/listed/stock_basic_2026-01.csv")
        let daily = try CSVReader.read(path: sharedData + "/listed/daily_basic_2025-04-03.csv")
        let a = (code: try s25.column("ts_code"), name: try s25.column("name"), area: try s25.column("area"),
                 industry: try s25.column("industry"), date: try s25.column("list_date"),
                 actName: try s25.column("act_name"), actType: try s25.column("act_ent_type"))
        let b = (code: try s26.column("ts_code"), name: try s26.column("name"), area: try s26.column("area"),
                 industry: try s26.column("industry"), date: try s26.column("list_date"))
        var rows25: [String: [String]] = [:]
        for row in s25.rows { rows25[row[a.code]] = row }
        var rows26: [String: [String]] = [:]
        for row in s26.rows { rows26[row[b.code]] = row }
        // Beijing Stock Exchange codes moved to 920xxx in 2025: link an old code to a new one when both are
        // on one list only, the listing dates agree and the short name or the last three digits agree.
        let old = rows25.keys.filter { $0.hasSuffix(".BJ") && rows26[$0] == nil }.sorted()
        let new = rows26.keys.filter { $0.hasSuffix(".BJ") && rows25[$0] == nil }.sorted()
        for n in new {
            let nr = rows26[n]!
            let date = nr[b.date].replacingOccurrences(of: "-", with: "")
            let hits = old.filter { o in
                let or = rows25[o]!
                return or[a.date] == date && (or[a.name] == nr[b.name] || o.prefix(6).suffix(3) == n.prefix(6).suffix(3))
            }
            if hits.count == 1 && !oldForNew.values.contains(hits[0]) { oldForNew[n] = hits[0] }
        }
        let migratedOld = Set(oldForNew.values)
        var dailyRows: [String: [String]] = [:]
        let d = (code: try daily.column("ts_code"), mv: try daily.column("total_mv"), ps: try daily.column("ps_ttm"))
        for row in daily.rows { dailyRows[row[d.code]] = row }

        func areaPlace(_ area: String) -> (String?, String?) {
            if area == "深圳" { return ("广东省", "深圳市") }
            guard let p = Province.canonical(area) else { return (nil, nil) }
            return (p, ["北京市", "天津市", "上海市", "重庆市"].contains(p) ? p : nil)
        }
        let listedEvidence = try ListedEvidenceDerivation.derive(sharedData: sharedData)
        for (key, value) in listedEvidence.counts { counts[key] = value }
        let allCodes = Set(rows26.keys).union(rows25.keys.filter { !migratedOld.contains($0) }).sorted()
        for code in allCodes {
            let e = Entity()
            e.stockCode = code
            e.isAShare = true
            e.lists.insert(.listed)
            e.country = "中国"
            let r26 = rows26[code]
            let oldCode = oldForNew[code] ?? code
            let r25 = rows25[oldCode]
            if oldForNew[code] != nil { e.notes.insert("code_changed_from_\(oldCode)") }
            if r26 == nil { e.notes.insert("not_in_stock_basic_2026-01") }
            e.shortName = r26?[b.name] ?? r25?[a.name]
            let area26 = r26?[b.area] ?? "", area25 = r25?[a.area] ?? ""
            let area = area26.isEmpty ? area25 : area26
            if !area26.isEmpty && !area25.isEmpty && area26 != area25 { e.notes.insert("area_changed_2025_2026") }
            let (p, c) = areaPlace(area)
            e.setPlace(province: p, city: c, country: "中国", priority: 4, source: "listed")
            let ind26 = r26?[b.industry] ?? ""
            e.listedIndustry = ind26.isEmpty ? (r25?[a.industry]) : ind26
            e.actEntType = r25?[a.actType] ?? ""
            e.actName = r25?[a.actName] ?? ""
            if let dr = dailyRows[oldCode] ?? dailyRows[code] {
                let mv = Derive.parseNumber(dr[d.mv]), ps = Derive.parseNumber(dr[d.ps])
                if let mv, mv > 0 {
                    e.marketValue = mv / 1e4
                    if let ps, ps > 0 {
                        e.revenues.append(RevenueCandidate(priority: 5, source: "listed_ps_ttm", year: "TTM to 2025-04-03", value: mv / ps / 1e4, estimate: true))
                    }
                }
            }
            e.listedFacts = listedEvidence.facts(stockCode: code, formerCode: oldForNew[code])
            if let s = e.shortName { listedKeyIndex[Derive.nameKey(s), default: []].append(e) }
            entities.append(e)
            byCode[code] = e
        }
        counts["listed_2025_04"] = s25.rows.count
        counts["listed_2026_01"] = s26.rows.count
        counts["listed_only_2026"] = rows26.keys.filter { rows25[$0] == nil && oldForNew[$0] == nil }.count
        counts["listed_only_2025"] = rows25.keys.filter { rows26[$0] == nil && !migratedOld.contains($0) }.count
        counts["listed_a_share"] = allCodes.count
    }

}
