import Foundation

extension EnterprisesDerivation.Assembly {
    /// Fortune Global 500, 2024 (fiscal 2023, million USD): Chinese entries joined, foreign ones added.
    func loadGlobal500() throws {
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
                                                   value: revenue * 1e6 * EnterprisesDerivation.cnyPerUSD2023 / 1e8, estimate: true))
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
    }

    /// China Top 500 2025 subset (中国企业500强 and 民营企业500强 rows), provinces from the address.
    func loadChina500() throws {
        let c5 = try CSVReader.read(path: sharedData + "/china500/china500_subset_2025.csv")
        let c = (list: try c5.column("list"), rank: try c5.column("rank"), name: try c5.column("name"),
                 address: try c5.column("hq_address"), revenue: try c5.column("revenue_wan"), province: try c5.column("province"))
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
    }

    /// Private Top 500, 2026 (revenue 2025, 万元).
    func loadPrivate500() throws {
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
    }
}
