import Foundation

/// Joins a ranking list's record to the enterprise it names: by exact or normalised legal name, a bracketed
/// alias, the SASAC name without 中国, or an A-share short name (whole, as a prefix, or after a leading place).
extension EnterprisesDerivation.Assembly {
    func record(list: String, name rawName: String, province: String?, accept: (Entity) -> Void) -> Entity {
        // "成都蛟龙港(成都蛟龙投资有限责任公司、成都蛟龙经济开发有限公司)": the bracketed legal names are aliases.
        let (outer, inner) = EnterprisesDerivation.splitAlias(Derive.cleanName(rawName))
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
}
