import Foundation

extension EnterprisesDerivation.Assembly {
    /// The central SOEs of the SASAC list, with English names and head offices from yangqi_soe_parsed.
    func loadCentralSOEs() throws {
        let sasac = try CSVReader.read(path: sharedData + "/central_soe/sasac_central_enterprises_2026-07-11.csv")
        let sOrder = try sasac.column("sasac_order"), sName = try sasac.column("name")
        var groupNames: [Int: [String]] = [:]
        for (i, row) in sasac.rows.enumerated() {
            guard let order = Int(row[sOrder]) else {
                throw ChainMatchError.badData(sasac.location(row: i, column: sOrder), "not an integer: '\(row[sOrder])'")
            }
            let (primary, alias) = EnterprisesDerivation.splitAlias(Derive.cleanName(row[sName]))
            let e = Entity()
            e.sasacOrder = order
            e.lists.insert(.centralSOE)
            e.country = "中国"
            e.setName(primary, priority: 1)
            index(e, legalName: primary)
            e.recordNames.append(primary)
            if let alias { index(e, legalName: alias); e.recordNames.append(alias) }
            groupNames[order] = [primary] + (alias.map { [$0] } ?? [])
            groups[order] = e
            entities.append(e)
        }
        counts["central_soe"] = groups.count

        let yq = try CSVReader.read(path: sharedData + "/central_soe/yangqi_soe_parsed.csv")
        let y = (index: try yq.column("index"), short: try yq.column("short_name"), en: try yq.column("english_abbr"),
                 city: try yq.column("hq_city"), full: try yq.column("full_name"), struck: try yq.column("struck_out_merged"))
        for row in yq.rows {
            let fulls = row[y.full].split(separator: "／").map { Derive.cleanName(String($0)) }
            var target: Entity?
            var how = "full name"
            for f in fulls where target == nil {
                if let hit = cleanIndex[f]?.first(where: { $0.sasacOrder != nil }) { target = hit }
            }
            if target == nil {
                // Broken or missing full name: the short name (without 集团) inside exactly one SASAC name.
                var short = Derive.cleanName(row[y.short])
                if short.hasSuffix("集团") { short.removeLast(2) }
                let hits = groups.values.filter { g in groupNames[g.sasacOrder!]!.contains { $0.contains(short) } }
                if short.count >= 2 && hits.count == 1 { target = hits[0]; how = "short name" }
            }
            if target == nil, !row[y.full].contains("公司"), let idx = Int(row[y.index]), let g = groups[idx], row[y.struck] != "True",
               Derive.cleanName(row[y.short]).prefix(3) == groupNames[idx]![0].prefix(3) {
                // Same position in both lists and the same first three characters (中国资环 → 中国资源循环集团).
                target = g; how = "position"
            }
            guard let g = target else { unmatchedYangqi.append("\(row[y.index]) \(row[y.short]) (\(row[y.full]))"); continue }
            if how != "full name" {
                doubtful.append(Match(list: "yangqi_soe", recordName: "\(row[y.short]) / \(row[y.full])", entityName: g.legalName ?? "", kind: how, detail: "HQ city taken from this row"))
            }
            if !row[y.en].isEmpty { g.nameEn = row[y.en] }
            if let place = admin.place(row[y.city]) {
                g.setPlace(province: place.province, city: place.city, country: place.region, priority: 5, source: "yangqi")
            }
        }
    }

    /// The listed subsidiaries of central SOEs: each linked to its group, Hong Kong listings added.
    func loadSOESubsidiaries() throws {
        let subs = try CSVReader.read(path: sharedData + "/central_soe/yangqi_listed_subsidiaries_parsed.csv")
        let sub = (index: try subs.column("soe_index"), short: try subs.column("short_name"), code: try subs.column("stock_code"),
                   exchange: try subs.column("exchange"), full: try subs.column("full_name"))
        var seenSub: [String: Int] = [:]
        var subsLinked = 0
        for (i, row) in subs.rows.enumerated() {
            guard let sIndex = Int(row[sub.index]) else {
                throw ChainMatchError.badData(subs.location(row: i, column: sub.index), "not an integer")
            }
            let suffix: String
            switch row[sub.exchange] {
            case "沪市": suffix = ".SH"
            case "深市": suffix = ".SZ"
            case "港股": suffix = ".HK"
            default: throw ChainMatchError.badData(subs.location(row: i, column: sub.exchange), "unknown exchange '\(row[sub.exchange])'")
            }
            let code = row[sub.code] + suffix
            let parent = EnterprisesDerivation.subsidiaryIndexToSASAC[sIndex]
            if let previous = seenSub[code] {
                if previous != sIndex { subsidiaryDuplicates.append("\(code) \(row[sub.short]): groups \(previous) and \(sIndex) → the later entry (\(sIndex))") }
            }
            seenSub[code] = sIndex
            let full = Derive.cleanName(row[sub.full])
            var e = byCode[code]
            if e == nil && suffix == ".HK" {
                // Dual-listed: the same legal name as an A-share subsidiary already seen.
                if let twin = cleanIndex[full]?.first(where: { $0.isAShare }) { twin.notes.insert("also_listed_\(code)"); e = twin }
            }
            if e == nil && suffix == ".HK" {
                let hk = Entity()
                hk.stockCode = code
                hk.lists.insert(.listed)
                hk.shortName = row[sub.short]
                entities.append(hk)
                byCode[code] = hk
                e = hk
            }
            guard let e else { subsidiaryCodesMissing.append("\(code) \(row[sub.short])"); continue }
            e.setName(full, priority: 2)
            index(e, legalName: full)
            if !e.recordNames.contains(full) { e.recordNames.append(full) }
            if let parent { e.parentSASAC = parent; subsLinked += 1 } else { e.notes.insert("former_group_\(row[sub.index])") }
        }
        counts["subsidiary_rows"] = subs.rows.count
        counts["subsidiary_distinct_codes"] = seenSub.count
    }
}
