import Foundation

/// City and county names → (province, full city name), from `admin_divisions/ok_data_level3.csv`.
///
/// A name is looked up among prefectures first (deep 1), then counties (deep 2), by short name
/// ("宁德") or full name ("宁德市"); a name found in more than one province at the same depth is
/// ambiguous and gives nil. Hong Kong, Macao and Taiwan resolve to their region, not a province.
struct AdminLookup {
    struct Place: Equatable { var province: String?; var region: String; var city: String }

    private var byName: [[String: [Place]]] = [[:], [:]]

    /// Places the admin file lacks but sources use, stated here and in datasets/README.md.
    static let extra: [String: Place] = [
        "雄安新区": Place(province: "河北省", region: "中国", city: "雄安新区"),   // 河北雄安新区 (2017)
        "新竹": Place(province: nil, region: "中国台湾", city: "新竹"),
    ]

    init(sharedData: String) throws {
        let t = try CSVReader.read(path: sharedData + "/admin_divisions/ok_data_level3.csv")
        let cID = try t.column("id"), cDeep = try t.column("deep"), cName = try t.column("name")
        let cFull = try t.column("ext_name")
        var topByCode: [String: (short: String, full: String)] = [:]
        for row in t.rows where row[cDeep] == "0" { topByCode[String(row[cID].prefix(2))] = (row[cName], row[cFull]) }
        for row in t.rows {
            guard let depth = Int(row[cDeep]), depth == 1 || depth == 2, let top = topByCode[String(row[cID].prefix(2))] else { continue }
            let province = Province.canonical(top.full)
            let region: String
            switch top.short {
            case "香港": region = "中国香港"
            case "澳门": region = "中国澳门"
            case "台湾": region = "中国台湾"
            default: region = "中国"
            }
            let place = Place(province: province, region: region, city: row[cFull])
            for key in Set([row[cName], row[cFull]]) where !key.isEmpty {
                byName[depth - 1][key, default: []].append(place)
            }
        }
    }

    func place(_ rawName: String) -> Place? {
        let name = rawName.trimmingCharacters(in: .whitespaces)
        if let p = AdminLookup.extra[name] { return p }
        if ["香港", "香港特别行政区", "中国香港"].contains(name) { return Place(province: nil, region: "中国香港", city: "香港") }
        if ["澳门", "澳门特别行政区", "中国澳门"].contains(name) { return Place(province: nil, region: "中国澳门", city: "澳门") }
        if let p = Province.canonical(name), ["北京市", "天津市", "上海市", "重庆市"].contains(p) {
            return Place(province: p, region: "中国", city: p)
        }
        for depth in 0..<2 {
            guard let places = byName[depth][name] else { continue }
            let distinct = places.reduce(into: [Place]()) { if !$0.contains($1) { $0.append($1) } }
            // Same name in one province and region only: unambiguous enough for the province.
            if Set(distinct.map { "\($0.province ?? "")|\($0.region)" }).count == 1 { return distinct[0] }
            return nil
        }
        return nil
    }

    /// The prefecture-level city at the start of an address after its province ("甘肃省金昌市金川区…" → 金昌市).
    func cityInAddress(_ address: String, province: String) -> String? {
        if ["北京市", "天津市", "上海市", "重庆市"].contains(province) { return province }
        var rest = Substring(address)
        if let p = Province.all.first(where: { $0.full == province }) {
            if rest.hasPrefix(p.full) { rest = rest.dropFirst(p.full.count) } else if rest.hasPrefix(p.short) { rest = rest.dropFirst(p.short.count) }
        }
        for end in ["市", "自治州", "地区", "盟"] {
            if let r = rest.range(of: end) {
                let candidate = String(rest[..<r.upperBound])
                if let place = place(candidate), place.province == province { return place.city }
            }
        }
        return nil
    }
}
