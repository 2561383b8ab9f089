import Foundation

/// Derives `datasets/enterprises.csv`: one row per real enterprise, joined across the A-share lists,
/// central-SOE sources, Fortune Global 500 2024, China Top 500 2025 (subset) and private Top 500 2026.
/// Every step is described in datasets/README.md; the statistics it prints come from `Output`.
enum EnterprisesDerivation {
    static let header = [
        "enterprise_id", "name", "name_en", "short_name", "stock_code", "province", "city", "country",
        "listed_industry", "global500_industry", "lists", "ownership", "parent_group_id",
        "revenue_cny_100m", "revenue_source", "revenue_year", "revenue_is_estimate", "market_value_cny_100m",
        "global500_rank", "china500_rank", "private500_rank", "private500_2025_rank", "notes",
        "sw2021_l3_code", "sw2021_l3", "concepts", "employees",
    ]

    /// RMB per USD, 2023 annual average (NBS Statistical Communiqué on the 2023 National Economic and
    /// Social Development: 全年人民币平均汇率为1美元兑7.0467元人民币). Fortune's 2024 list reports fiscal 2023.
    static let cnyPerUSD2023 = 7.0467

    /// Which central SOE each `soe_index` of yangqi_listed_subsidiaries_parsed.csv refers to, as SASAC
    /// order. That file numbers groups as an older SASAC list did (before 中国雅江, 中国矿产, 中国资环 and
    /// 中国长安汽车 were added); each entry was checked by hand against the subsidiaries' names.
    /// 92 (中国华录, merged away) has no current group.
    static let subsidiaryIndexToSASAC: [Int: Int] = {
        var m: [Int: Int] = [:]
        for s in 1...21 { m[s] = s }
        for s in 22...35 { m[s] = s + 1 }
        for s in 37...65 { m[s] = s + 1 }
        for s in [66, 67, 70] { m[s] = s + 2 }
        for s in [71, 72, 73, 74, 75, 76, 78, 79, 81, 83, 84] { m[s] = s + 3 }
        for s in [87, 88, 90, 91] { m[s] = s + 2 }
        for s in [93, 95, 96, 97] { m[s] = s + 1 }
        return m
    }()

    struct RevenueCandidate { var priority: Int; var source: String; var year: String; var value: Double; var estimate: Bool }

    final class Entity {
        var stockCode: String?          // A-share ts_code or "02600.HK"
        var isAShare = false
        var sasacOrder: Int?
        var legalName: String?          // best full legal name so far
        var legalNamePriority = 99
        var shortName: String?
        var nameEn: String?
        var province: String?
        var provincePriority = 99
        var city: String?
        var country: String?
        var listedIndustry: String?
        var global500Industry: String?
        var lists: Enterprise.Lists = []
        var actEntType = ""
        var actName = ""
        var parentSASAC: Int?
        var parentID: String?
        var revenues: [RevenueCandidate] = []
        var marketValue: Double?
        var g500Rank: Int?, c500Rank: Int?, p500Rank: Int?, p500Rank2025: Int?
        var notes = Set<String>()
        var listedFacts: ListedEvidenceDerivation.Facts?
        var isForeignG500 = false
        var provinceClaims: [String: Set<String>] = [:]   // province → sources claiming it
        var id = ""
        var recordNames: [String] = []          // legal names seen in list records and SASAC/subsidiary files
        var recordLists: [String: String] = [:] // list → record name joined to this entity

        /// Names are kept as the source writes them, with full-width ASCII and brackets folded to half-width
        /// and surrounding space trimmed, so one company reads the same whichever list named it.
        func setName(_ name: String, priority: Int) {
            let display = Derive.halfWidth(name).trimmingCharacters(in: .whitespacesAndNewlines)
            if priority < legalNamePriority { legalName = display; legalNamePriority = priority }
        }
        /// Sets province, city and country together from the source with the best (lowest) priority;
        /// every source's province claim is kept to report disagreements.
        func setPlace(province p: String?, city c: String?, country: String?, priority: Int, source: String) {
            if let p { provinceClaims[p, default: []].insert(source) }
            else if let country, country != "中国" { provinceClaims[country, default: []].insert(source) }
            guard p != nil || (country != nil && country != "中国"), priority < provincePriority else { return }
            province = p; provincePriority = priority
            city = c
            if let country { self.country = country }
        }
    }

    struct Match { var list: String; var recordName: String; var entityName: String; var kind: String; var detail: String }

    struct Output {
        var rows: [[String]]
        var counts: [String: Int]                   // named statistics for the README
        var pairCounts: [(String, String, Int)]     // enterprises on both lists
        var doubtful: [Match]
        var matchKinds: [String: [String: Int]]     // list → kind → count
        var bjMigrations: Int
        var unmatchedYangqi: [String]
        var ownershipConflicts: [String]
        var provinceFixes: [String]
        var provinceConflicts: [String]
        var subsidiaryDuplicates: [String]
        var subsidiaryCodesMissing: [String]
        var placeholderRevenues: [String]
        var unjoinedJointStockGlobal500: [String]    // Chinese 股份有限公司 on the Fortune list with no stock code
    }

    static func exchangePrefixID(_ tsCode: String) -> String {
        let parts = tsCode.split(separator: ".")
        return parts.count == 2 ? String(parts[1]) + String(parts[0]) : tsCode
    }

    static func derive(sharedData: String) throws -> Output {
        let admin = try AdminLookup(sharedData: sharedData)
        var entities: [Entity] = []
        var byCode: [String: Entity] = [:]
        var cleanIndex: [String: [Entity]] = [:]     // exact cleaned legal names
        var keyIndex: [String: [Entity]] = [:]       // normalised keys of legal names
        var listedKeyIndex: [String: [Entity]] = [:] // normalised keys of A-share short names
        var counts: [String: Int] = [:]
        var doubtful: [Match] = []
        var matchKinds: [String: [String: Int]] = [:]

        func index(_ e: Entity, legalName: String) {
            let clean = Derive.cleanName(legalName), key = Derive.nameKey(legalName)
            if !(cleanIndex[clean]?.contains { $0 === e } ?? false) { cleanIndex[clean, default: []].append(e) }
            if !(keyIndex[key]?.contains { $0 === e } ?? false) { keyIndex[key, default: []].append(e) }
        }

        // MARK: A-share companies
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
        var oldForNew: [String: String] = [:]
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

        // MARK: central SOEs (SASAC list), with HQ from yangqi_soe_parsed
        let sasac = try CSVReader.read(path: sharedData + "/central_soe/sasac_central_enterprises_2026-07-11.csv")
        let sOrder = try sasac.column("sasac_order"), sName = try sasac.column("name")
        var groups: [Int: Entity] = [:]
        var groupNames: [Int: [String]] = [:]
        for (i, row) in sasac.rows.enumerated() {
            guard let order = Int(row[sOrder]) else {
                throw ChainMatchError.badData(sasac.location(row: i, column: sOrder), "not an integer: '\(row[sOrder])'")
            }
            let (primary, alias) = splitAlias(Derive.cleanName(row[sName]))
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
        var unmatchedYangqi: [String] = []
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

        // MARK: listed subsidiaries of central SOEs
        let subs = try CSVReader.read(path: sharedData + "/central_soe/yangqi_listed_subsidiaries_parsed.csv")
        let sub = (index: try subs.column("soe_index"), short: try subs.column("short_name"), code: try subs.column("stock_code"),
                   exchange: try subs.column("exchange"), full: try subs.column("full_name"))
        var subsidiaryDuplicates: [String] = []
        var subsidiaryCodesMissing: [String] = []
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
            let parent = subsidiaryIndexToSASAC[sIndex]
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

        // MARK: list records
        func record(list: String, name rawName: String, province: String?, accept: (Entity) -> Void) -> Entity {
            // "成都蛟龙港(成都蛟龙投资有限责任公司、成都蛟龙经济开发有限公司)": the bracketed legal names are aliases.
            let (outer, inner) = splitAlias(Derive.cleanName(rawName))
            // A trailing bracket after a complete legal name is an alias too: "北京三快在线科技有限公司(美团)".
            let trailingBrand = inner != nil && outer.hasSuffix("公司") && !["集团", "中国"].contains(inner!)
            let aliases = ((inner?.contains("公司") ?? false) || trailingBrand) ? inner!.split(separator: "、").map(String.init) : []
            if !aliases.isEmpty {
                for alias in aliases {
                    if let hit = cleanIndex[alias]?.first ?? keyIndex[Derive.nameKey(alias)]?.first(where: { $0.stockCode == nil || Derive.isJointStock(alias) }) {
                        doubtful.append(Match(list: list, recordName: Derive.cleanName(rawName), entityName: hit.legalName ?? "", kind: "bracketed alias", detail: alias))
                        matchKinds[list, default: [:]]["bracketed alias", default: 0] += 1
                        accept(hit)
                        index(hit, legalName: outer)
                        hit.recordNames.append(outer)
                        hit.recordLists[list] = outer
                        return hit
                    }
                }
            }
            let name = Derive.cleanName(rawName)
            let clean = name, key = Derive.nameKey(name)
            let jointStock = Derive.isJointStock(name)
            func usable(_ e: Entity) -> Bool {
                // A-share issuers are 股份有限公司: another legal form joins one only through a list record
                // already joined to it (圆通速递有限公司 → 圆通速递股份有限公司 of the China Top 500).
                if e.isAShare && !jointStock && e.recordLists.isEmpty { return false }
                if e.sasacOrder != nil && jointStock { return false } // SASAC groups are not
                return true
            }
            var found: Entity?
            var kind = ""
            if let hits = cleanIndex[clean]?.filter(usable), hits.count == 1 { found = hits[0]; kind = "exact name" }
            // A normalised join must not cross 集团/控股 wording: the names must agree once only the legal
            // form is removed (联想控股股份有限公司 ≠ 联想集团有限公司; 圆通速递有限公司 = 圆通速递股份有限公司).
            let formKey = Derive.legalFormKey(name)
            func sameForm(_ e: Entity) -> Bool { e.recordNames.isEmpty || e.recordNames.contains { Derive.legalFormKey($0) == formKey } }
            if found == nil, let hits = keyIndex[key]?.filter({ usable($0) && sameForm($0) }) {
                if hits.count == 1 { found = hits[0]; kind = "normalised name" }
                else if hits.count > 1 { doubtful.append(Match(list: list, recordName: name, entityName: hits.compactMap(\.legalName).joined(separator: " | "), kind: "ambiguous", detail: "not joined")) }
            }
            if found == nil && !jointStock && key.hasPrefix("中国") {
                let bare = String(key.dropFirst(2))
                if let hits = keyIndex[bare]?.filter({ $0.sasacOrder != nil }), hits.count == 1 { found = hits[0]; kind = "without 中国 prefix" }
            }
            if found == nil && jointStock {
                if let (h, how) = listedLookup(key: key, name: name, province: province, list: list) {
                    found = h; kind = how
                } else if let (rest, place) = withoutLeadingPlace(key, province: province),
                          let (h, how) = listedLookup(key: rest, name: name, province: province, list: list) {
                    // 中国工商银行 → 工商银行, 宁波拓普集团 → 拓普集团: a leading place name that agrees with the province.
                    found = h; kind = how + " after leading " + place
                }
            }
            let e: Entity
            if let found {
                e = found
                matchKinds[list, default: [:]][kind, default: 0] += 1
                let detail = [e.stockCode, e.province.map { "entity in \($0)" }, province.map { "record in \($0)" }]
                    .compactMap { $0 }.joined(separator: "; ")
                if !["exact name", "normalised name", "A-share short name"].contains(kind) {
                    doubtful.append(Match(list: list, recordName: name, entityName: e.legalName ?? e.shortName ?? "", kind: kind, detail: detail))
                } else if kind == "normalised name", let other = e.recordNames.first(where: { $0 != clean }) {
                    doubtful.append(Match(list: list, recordName: name, entityName: other, kind: kind, detail: detail))
                }
                if let same = e.recordLists[list] {
                    doubtful.append(Match(list: list, recordName: name, entityName: same, kind: "many-to-one", detail: "two records of one list joined to one enterprise"))
                }
            } else {
                e = Entity()
                entities.append(e)
                matchKinds[list, default: [:]]["new", default: 0] += 1
            }
            accept(e)
            index(e, legalName: name)
            e.recordNames.append(clean)
            e.recordLists[list] = clean
            return e
        }

        /// An A-share company whose short name is `key` (normalised) or, failing that, the longest unique short
        /// name that begins `key` — at least 3 characters, or 2 when what follows is a generic word
        /// (万科 + 企业) — in the same province. When the provinces disagree (registered seat vs head office
        /// is common) the short name must appear verbatim in the legal name (华翔股份 ≠ 浙江's 华翔集团股份有限公司).
        func listedLookup(key: String, name: String, province: String?, list: String) -> (Entity, String)? {
            if let hits = listedKeyIndex[key], hits.count == 1 {
                let h = hits[0]
                let agree = province == nil || h.province == nil || h.province == province
                if agree { return (h, "A-share short name") }
                if name.contains(Derive.cleanName(h.shortName ?? "")) { return (h, "A-share short name, provinces differ") }
                doubtful.append(Match(list: list, recordName: name, entityName: h.shortName ?? "", kind: "rejected",
                                      detail: "\(h.stockCode ?? "") in \(h.province ?? ""), record in \(province ?? "")"))
                return nil
            }
            let generic: Set<String> = ["企业", "实业", "科技", "集团", "控股", "股份", "发展", "投资"]
            let scalars = Array(key.unicodeScalars)
            var length = scalars.count - 1
            while length >= 2 {
                let prefix = String(String.UnicodeScalarView(scalars[0..<length]))
                let rest = String(String.UnicodeScalarView(scalars[length...]))
                if let hits = listedKeyIndex[prefix], length >= 3 || generic.contains(rest) {
                    let sameProvince = hits.filter { province == nil || $0.province == nil || $0.province == province }
                    return sameProvince.count == 1 ? (sameProvince[0], "A-share short name prefix") : nil
                }
                length -= 1
            }
            return nil
        }

        /// `key` without a leading 中国, province or city name that agrees with `province`; nil if none.
        func withoutLeadingPlace(_ key: String, province: String?) -> (String, String)? {
            let scalars = Array(key.unicodeScalars)
            for length in stride(from: min(5, scalars.count - 2), through: 2, by: -1) {
                let head = String(String.UnicodeScalarView(scalars[0..<length]))
                let rest = String(String.UnicodeScalarView(scalars[length...]))
                if head == "中国" { return (rest, head) }
                if let p = Province.canonical(head), province == nil || p == province { return (rest, head) }
                if let place = admin.place(head), place.province != nil, province == nil || place.province == province { return (rest, head) }
            }
            return nil
        }

        // Fortune Global 500, 2024 (fiscal 2023, million USD).
        let g5 = try CSVReader.read(path: sharedData + "/global500/global500_2024_zh.csv")
        let g = (rank: try g5.column("rank"), zh: try g5.column("name_zh"), en: try g5.column("name_en"), country: try g5.column("country"),
                 industry: try g5.column("industry_zh"), city: try g5.column("hq_city"), revenue: try g5.column("revenue_musd"))
        var g500Regions: [String: Int] = [:]
        for (i, row) in g5.rows.enumerated() {
            guard let rank = Int(row[g.rank]) else { throw ChainMatchError.badData(g5.location(row: i, column: g.rank), "not an integer") }
            guard let revenue = Derive.parseNumber(row[g.revenue]), revenue > 0 else {
                throw ChainMatchError.badData(g5.location(row: i, column: g.revenue), "not a positive number: '\(row[g.revenue])'")
            }
            let firstCity = row[g.city].replacingOccurrences(of: "，", with: ",").split(separator: ",").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
            var country = row[g.country], province: String?, city: String? = firstCity.isEmpty ? nil : firstCity
            if country == "中国" {
                guard let place = admin.place(firstCity) else {
                    throw ChainMatchError.badData(g5.location(row: i, column: g.city), "cannot place HQ city '\(firstCity)'")
                }
                country = place.region
                province = place.province
                city = place.city
            }
            g500Regions[country == "中国" || country.hasPrefix("中国") ? country : "abroad", default: 0] += 1
            let isChinese = country.hasPrefix("中国")
            let accept: (Entity) -> Void = { e in
                e.lists.insert(.global500)
                e.g500Rank = rank
                e.setName(row[g.zh], priority: 3)
                if e.nameEn == nil || e.sasacOrder != nil { e.nameEn = row[g.en] }
                e.global500Industry = row[g.industry]
                e.setPlace(province: province, city: city, country: country, priority: 2, source: "global500")
                if !isChinese { e.isForeignG500 = true }
                if country == "中国香港" || country == "中国台湾" { e.notes.insert("global500_country_中国_hq_\(country)") }
                e.revenues.append(RevenueCandidate(priority: 4, source: "global500_2024_usd_converted", year: "2023",
                                                   value: revenue * 1e6 * cnyPerUSD2023 / 1e8, estimate: true))
            }
            if isChinese {
                _ = record(list: "global500", name: row[g.zh], province: province, accept: accept)
            } else {
                let e = Entity()
                entities.append(e)
                matchKinds["global500", default: [:]]["foreign (not matched)", default: 0] += 1
                accept(e)
            }
        }
        counts["global500"] = g5.rows.count
        for (k, v) in g500Regions { counts["global500_region_\(k)"] = v }

        // China Top 500 2025 subset (中国企业500强 and 民营企业500强 rows).
        let c5 = try CSVReader.read(path: sharedData + "/china500/china500_subset_2025.csv")
        let c = (list: try c5.column("list"), rank: try c5.column("rank"), name: try c5.column("name"),
                 address: try c5.column("hq_address"), revenue: try c5.column("revenue_wan"), province: try c5.column("province"))
        var provinceFixes: [String] = []
        var placeholderRevenues: [String] = []
        // Ranks of the private-list rows, to find the placeholder run (each 10,000 万元 below the previous rank).
        var privateByRank: [Int: Double] = [:]
        for row in c5.rows where row[c.list].contains("民营") {
            if let r = Int(row[c.rank]), let v = Derive.parseNumber(row[c.revenue]) { privateByRank[r] = v }
        }
        func isPlaceholder(_ rank: Int, _ value: Double) -> Bool {
            // The value is a round 10,000 and a neighbouring listed rank differs by exactly 10,000 per rank.
            guard value.truncatingRemainder(dividingBy: 10_000) == 0 else { return false }
            for (r, v) in privateByRank where r != rank {
                if v.truncatingRemainder(dividingBy: 10_000) == 0 && (v - value) == Double(rank - r) * 10_000 { return true }
            }
            return false
        }
        var china500Rows = 0, private2025Rows = 0
        for (i, row) in c5.rows.enumerated() {
            guard let rank = Int(row[c.rank]) else { throw ChainMatchError.badData(c5.location(row: i, column: c.rank), "not an integer") }
            guard let revenue = Derive.parseNumber(row[c.revenue]), revenue > 0 else {
                throw ChainMatchError.badData(c5.location(row: i, column: c.revenue), "not a positive number")
            }
            let isPrivate = row[c.list].contains("民营")
            if isPrivate { private2025Rows += 1 } else { china500Rows += 1 }
            let given = Province.canonical(row[c.province])
            let address = row[c.address], name = row[c.name]
            // Province: the one the address starts with; else a place named at the start of the address
            // or of the company name (成都蛟龙… → 成都 → 四川省); else the given column.
            var derived = Province.prefix(of: address)
            if derived == nil {
                for text in [address, name] where derived == nil {
                    for length in stride(from: min(4, text.count), through: 2, by: -1) {
                        if let place = admin.place(String(text.prefix(length))), let p = place.province { derived = p; break }
                    }
                }
            }
            let province = derived ?? given
            if province != given {
                provinceFixes.append("\(name): '\(row[c.province])' → \(province ?? "unknown") (from \(derived != nil ? "hq_address/name" : "—"))")
            }
            let city = province.flatMap { admin.cityInAddress(address, province: $0) }
            let placeholder = isPrivate && isPlaceholder(rank, revenue)
            if placeholder { placeholderRevenues.append("\(rank) \(name) \(Int(revenue))") }
            _ = record(list: isPrivate ? "private500_2025" : "china500", name: name, province: province) { e in
                if isPrivate { e.lists.insert(.private500); e.p500Rank2025 = rank } else { e.lists.insert(.china500); e.c500Rank = rank }
                e.setName(name, priority: isPrivate ? 5 : 4)
                e.setPlace(province: province, city: city, country: "中国", priority: 1, source: isPrivate ? "private500_2025" : "china500")
                if province != given { e.notes.insert("province_fixed_from_\(row[c.province])") }
                if placeholder {
                    e.notes.insert("private500_2025_revenue_placeholder")
                } else {
                    e.revenues.append(RevenueCandidate(priority: isPrivate ? 3 : 2, source: isPrivate ? "private500_2025" : "china500_2025",
                                                       year: "2024", value: revenue / 1e4, estimate: false))
                }
            }
        }
        counts["china500_subset_rows"] = china500Rows
        counts["private500_2025_subset_rows"] = private2025Rows

        // Private Top 500, 2026 (revenue 2025, 万元).
        let p5 = try CSVReader.read(path: sharedData + "/china500/private-enterprises-2026.csv")
        let p = (rank: try p5.column("rank"), name: try p5.column("name"), province: try p5.column("province"), revenue: try p5.column("revenueWan"))
        for (i, row) in p5.rows.enumerated() {
            guard let rank = Int(row[p.rank]) else { throw ChainMatchError.badData(p5.location(row: i, column: p.rank), "not an integer") }
            guard let revenue = Derive.parseNumber(row[p.revenue]), revenue > 0 else {
                throw ChainMatchError.badData(p5.location(row: i, column: p.revenue), "not a positive number")
            }
            var province = Province.canonical(row[p.province])
            var xpcc = false
            if province == nil && row[p.province] == "新疆生产建设兵团" { province = "新疆维吾尔自治区"; xpcc = true }
            guard let province else { throw ChainMatchError.badData(p5.location(row: i, column: p.province), "unknown province '\(row[p.province])'") }
            _ = record(list: "private500", name: row[p.name], province: province) { e in
                e.lists.insert(.private500)
                e.p500Rank = rank
                e.setName(row[p.name], priority: 6)
                e.setPlace(province: province, city: nil, country: "中国", priority: 3, source: "private500")
                if xpcc { e.notes.insert("province_from_新疆生产建设兵团") }
                e.revenues.append(RevenueCandidate(priority: 1, source: "private500_2026", year: "2025", value: revenue / 1e4, estimate: false))
            }
        }
        counts["private500_2026"] = p5.rows.count

        // MARK: ids, parents, ownership
        var ids: [String: Entity] = [:]
        for e in entities {
            if let code = e.stockCode {
                e.id = code.hasSuffix(".HK") ? "HK" + code.dropLast(3) : exchangePrefixID(code)
            } else {
                e.id = "E" + Derive.fnv1a64(Derive.legalFormKey(e.legalName ?? e.shortName ?? ""))
            }
            if let other = ids[e.id] {
                throw ChainMatchError.internalFailure("enterprise id collision \(e.id): \(other.legalName ?? "") / \(e.legalName ?? "")")
            }
            ids[e.id] = e
        }
        var ownershipConflicts: [String] = []
        var actNameParents = 0
        for e in entities {
            if let s = e.parentSASAC, let g = groups[s] {
                if ["地方国企", "民营企业", "外资企业", "集体企业"].contains(e.actEntType) {
                    ownershipConflicts.append("\(e.stockCode ?? "") \(e.legalName ?? e.shortName ?? ""): listed under \(g.legalName ?? "") but act_ent_type \(e.actEntType) (\(e.actName)) — not linked")
                    e.parentSASAC = nil
                } else {
                    e.parentID = g.id
                }
            }
            if e.parentID == nil && !e.actName.isEmpty, let parents = cleanIndex[Derive.cleanName(e.actName)], parents.count == 1, parents[0] !== e {
                e.parentID = parents[0].id
                actNameParents += 1
            }
        }
        counts["parent_from_subsidiary_list"] = entities.filter { $0.parentSASAC != nil && $0.parentID != nil }.count
        counts["parent_from_act_name"] = actNameParents

        var provinceConflicts: [String] = []
        var rows: [[String]] = []
        for e in entities {
            let ownership: Enterprise.Ownership
            if e.sasacOrder != nil || e.parentSASAC != nil { ownership = .centralSOE }
            else {
                switch e.actEntType {
                case "中央国企": ownership = .centralSOE
                case "地方国企": ownership = .localSOE
                case "民营企业": ownership = .privatelyOwned
                case "外资企业": ownership = .foreign
                default:
                    if e.lists.contains(.private500) { ownership = .privatelyOwned }
                    else if e.isForeignG500 { ownership = .foreign }
                    else { ownership = .unknown }
                }
            }
            if e.provinceClaims.count > 1 {
                provinceConflicts.append("\(e.legalName ?? e.shortName ?? ""): " + e.provinceClaims.sorted { $0.key < $1.key }
                    .map { "\($0.key) (\($0.value.sorted().joined(separator: ",")))" }.joined(separator: " vs ") + " → \(e.province ?? e.country ?? "")")
                e.notes.insert("province_sources_disagree")
            }
            if e.country == nil && e.province != nil { e.country = "中国" }
            let revenue = e.revenues.sorted { ($0.priority, $0.source) < ($1.priority, $1.source) }.first
            let facts = e.listedFacts
            if e.city == nil, let city = facts?.city { e.city = city }
            rows.append([
                e.id, e.legalName ?? e.shortName ?? "", e.nameEn ?? "", e.shortName ?? "", e.stockCode ?? "",
                e.province ?? "", e.city ?? "", e.country ?? "", e.listedIndustry ?? "", e.global500Industry ?? "",
                e.lists.text, ownership.rawValue, e.parentID ?? "",
                Derive.number(revenue?.value, decimals: 2), revenue?.source ?? "", revenue?.year ?? "",
                revenue == nil ? "" : (revenue!.estimate ? "1" : "0"), Derive.number(e.marketValue, decimals: 2),
                Derive.int(e.g500Rank), Derive.int(e.c500Rank), Derive.int(e.p500Rank), Derive.int(e.p500Rank2025),
                e.notes.sorted().joined(separator: ";"),
                facts?.shenwanL3Code ?? "", facts?.shenwanL3 ?? "", (facts?.concepts ?? []).joined(separator: ";"),
                Derive.int(facts?.employees),
            ])
        }
        rows.sort { $0[0] < $1[0] }

        // Pairwise overlaps of the lists.
        var pairCounts: [(String, String, Int)] = []
        let flags = ListMembership.dataNames
        for i in 0..<flags.count {
            for j in (i + 1)..<flags.count {
                let n = entities.filter { $0.lists.contains(flags[i].0) && $0.lists.contains(flags[j].0) }.count
                pairCounts.append((flags[i].1, flags[j].1, n))
            }
        }
        for (flag, name) in flags { counts["flag_\(name)"] = entities.filter { $0.lists.contains(flag) }.count }
        counts["enterprises"] = rows.count
        counts["bj_code_migrations"] = oldForNew.count
        return Output(rows: rows, counts: counts, pairCounts: pairCounts, doubtful: doubtful, matchKinds: matchKinds,
                      bjMigrations: oldForNew.count, unmatchedYangqi: unmatchedYangqi, ownershipConflicts: ownershipConflicts,
                      provinceFixes: provinceFixes, provinceConflicts: provinceConflicts,
                      subsidiaryDuplicates: subsidiaryDuplicates, subsidiaryCodesMissing: subsidiaryCodesMissing,
                      placeholderRevenues: placeholderRevenues,
                      unjoinedJointStockGlobal500: entities.filter { $0.lists.contains(.global500) && $0.stockCode == nil && $0.country == "中国"
                          && Derive.isJointStock($0.legalName ?? "") }.map { $0.legalName ?? "" }.sorted())
    }

    /// "南光(集团)有限公司(中国南光集团有限公司)" → ("南光(集团)有限公司", "中国南光集团有限公司"):
    /// a trailing bracketed part is an alternative name.
    static func splitAlias(_ name: String) -> (String, String?) {
        guard name.hasSuffix(")") else { return (name, nil) }
        var depth = 0
        let chars = Array(name)
        for i in stride(from: chars.count - 1, through: 0, by: -1) {
            if chars[i] == ")" { depth += 1 }
            if chars[i] == "(" {
                depth -= 1
                if depth == 0 {
                    let inner = String(chars[(i + 1)..<(chars.count - 1)])
                    let outer = String(chars[0..<i])
                    // "(集团)" inside a name is not an alias.
                    if inner == "集团" || outer.isEmpty { return (name, nil) }
                    return (outer, inner)
                }
            }
        }
        return (name, nil)
    }
}
