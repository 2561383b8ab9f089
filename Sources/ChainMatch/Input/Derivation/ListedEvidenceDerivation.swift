import Foundation

/// Derives what a listed company makes, and where and how large it is, from three raw sources:
/// the Shenwan (申万) 2021 classification, East Money concept-board membership (2025-07 and 2023-01
/// snapshots) and the Tushare company profiles (HQ city, employees). The enterprises derivation writes
/// the result into the `sw2021_l3_code`, `sw2021_l3`, `concepts`, `city` and `employees` columns.
///
/// ```swift
/// let evidence = try ListedEvidenceDerivation.derive(sharedData: "../shared/data")
/// evidence.facts(stockCode: "300750.SZ", formerCode: nil)?.shenwanL3   // "锂电池"
/// ```
///
/// A stock's Shenwan industry is its row with the latest 计入日期 whose code is in the 2021 code table.
/// Concept boards are the union of both snapshots' concept boards (the 2023 file's 行业板块 rows are
/// dropped), sorted by Unicode scalar order and deduplicated; a repeated header line inside the 2025
/// file is skipped. Employees are the profile's float count, rounded.
enum ListedEvidenceDerivation {
    struct Facts: Equatable {
        var shenwanL3Code: String?
        var shenwanL3: String?
        var concepts: [String] = []
        var city: String?
        var employees: Int?
    }

    struct Output {
        /// Keyed by the 6-digit code (Shenwan, concepts) …
        var byDigits: [String: Facts]
        /// … and by ts_code (profiles).
        var profiles: [String: (city: String?, employees: Int?)]
        var counts: [String: Int]

        /// The facts for a listed company; a Beijing stock whose code changed is looked up under both codes.
        func facts(stockCode: String, formerCode: String?) -> Facts? {
            let digits = String(stockCode.prefix(6))
            var facts = byDigits[digits] ?? formerCode.flatMap { byDigits[String($0.prefix(6))] }
            let profile = profiles[stockCode] ?? formerCode.flatMap { profiles[$0] }
            guard facts != nil || profile != nil else { return nil }
            if facts == nil { facts = Facts() }
            facts!.city = profile?.city
            facts!.employees = profile?.employees
            return facts
        }
    }

    static func derive(sharedData: String) throws -> Output {
        var counts: [String: Int] = [:]
        var byDigits: [String: Facts] = [:]

        // Shenwan 2021: the code table, then each stock's latest classification in it.
        let codeTable = try CSVReader.read(path: sharedData + "/industry_sw/sw_class_code_2021.csv")
        let ct = (code: try codeTable.column("行业代码"), l3: try codeTable.column("三级行业名称"))
        var l3Names: [String: String] = [:]
        for row in codeTable.rows where !row[ct.l3].isEmpty { l3Names[row[ct.code]] = row[ct.l3] }
        counts["sw2021_l3_industries"] = l3Names.count
        let history = try CSVReader.read(path: sharedData + "/industry_sw/sw_stock_class_history.csv")
        let h = (stock: try history.column("股票代码"), date: try history.column("计入日期"), code: try history.column("行业代码"))
        var latest: [String: (date: String, code: String)] = [:]
        for row in history.rows where l3Names[row[h.code]] != nil {
            let stock = row[h.stock]
            if let current = latest[stock], current.date > row[h.date] { continue }
            latest[stock] = (row[h.date], row[h.code])
        }
        for (stock, entry) in latest {
            byDigits[stock, default: Facts()].shenwanL3Code = entry.code
            byDigits[stock, default: Facts()].shenwanL3 = l3Names[entry.code]
        }
        counts["sw2021_classified_stocks"] = latest.count

        // Concept boards, both snapshots.
        var boards: [String: Set<String>] = [:]
        let c25 = try CSVReader.read(path: sharedData + "/concepts/em_concept_boards_2025-07.csv")
        let a = (board: try c25.column("板块名称"), stock: try c25.column("股票代码"))
        for row in c25.rows where row[a.stock] != "股票代码" { boards[row[a.stock], default: []].insert(row[a.board]) }
        let c23 = try CSVReader.read(path: sharedData + "/concepts/em_boards_2023-01.csv")
        let b = (board: try c23.column("板块名称"), stock: try c23.column("股票代码"), kind: try c23.column("板块类型"))
        for row in c23.rows where row[b.kind] == "概念板块" { boards[row[b.stock], default: []].insert(row[b.board]) }
        for (stock, names) in boards {
            byDigits[stock, default: Facts()].concepts = names.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        }
        counts["concept_stocks"] = boards.count
        counts["concept_memberships"] = boards.values.reduce(0) { $0 + $1.count }

        // Profiles: HQ city and employees.
        let pf = try CSVReader.read(path: sharedData + "/listed_profiles/tushare_stock_company_2024-05.csv")
        let p = (code: try pf.column("ts_code"), city: try pf.column("city"), employees: try pf.column("employees"))
        var profiles: [String: (city: String?, employees: Int?)] = [:]
        for row in pf.rows {
            let city = row[p.city].trimmingCharacters(in: .whitespaces)
            let employees = Derive.parseNumber(row[p.employees]).flatMap { $0.isFinite && $0 >= 0 ? Int($0.rounded()) : nil }
            profiles[row[p.code]] = (city.isEmpty ? nil : city, employees)
        }
        counts["profiles"] = profiles.count
        return Output(byDigits: byDigits, profiles: profiles, counts: counts)
    }
}
