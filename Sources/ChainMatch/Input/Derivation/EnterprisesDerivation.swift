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
        let assembly = try Assembly(sharedData: sharedData)
        try assembly.loadListed()
        try assembly.loadCentralSOEs()
        try assembly.loadSOESubsidiaries()
        try assembly.loadGlobal500()
        try assembly.loadChina500()
        try assembly.loadPrivate500()
        return assembly.output(rows: try assembly.rows())
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
