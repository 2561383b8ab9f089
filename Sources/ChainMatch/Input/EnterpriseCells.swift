/// The column of each enterprises-file field, looked up once per table so a million rows hash no names.
///
/// ```swift
/// let cells = EnterpriseCells(columns: ["enterprise_id": 0, "name": 1, …])
/// row.required(at: cells.name)
/// ```
struct EnterpriseCells {
    let id, name, nameEn, shortName, stockCode, province, city, country, listedIndustry, global500Industry: Int
    let lists, ownership, parentGroupID, revenue, revenueSource, revenueYear, revenueIsEstimate, marketValue: Int
    let global500Rank, china500Rank, private500Rank, private500Rank2025, notes, shenwanL3Code, shenwanL3: Int
    let concepts, employees: Int

    /// `columns` maps every name of `EnterprisesDerivation.header` to its column (as `DatasetReader.rows` checks).
    init(columns: [String: Int]) {
        func at(_ name: String) -> Int { columns[name]! }
        (id, name, nameEn, shortName, stockCode) = (at("enterprise_id"), at("name"), at("name_en"), at("short_name"), at("stock_code"))
        (province, city, country) = (at("province"), at("city"), at("country"))
        (listedIndustry, global500Industry, lists, ownership) = (at("listed_industry"), at("global500_industry"), at("lists"), at("ownership"))
        (parentGroupID, revenue, revenueSource, revenueYear) = (at("parent_group_id"), at("revenue_cny_100m"), at("revenue_source"), at("revenue_year"))
        (revenueIsEstimate, marketValue) = (at("revenue_is_estimate"), at("market_value_cny_100m"))
        (global500Rank, china500Rank, private500Rank) = (at("global500_rank"), at("china500_rank"), at("private500_rank"))
        (private500Rank2025, notes, shenwanL3Code, shenwanL3) = (at("private500_2025_rank"), at("notes"), at("sw2021_l3_code"), at("sw2021_l3"))
        (concepts, employees) = (at("concepts"), at("employees"))
    }

    /// The enterprise in `r`, every cell checked (errors name the cell).
    func enterprise(_ r: DatasetReader.Row) throws -> Enterprise {
        guard let parsedLists = Enterprise.Lists(text: r.fields[lists]) else { throw r.bad(at: lists, "unknown list flag in '\(r.fields[lists])'") }
        guard let parsedOwnership = Enterprise.Ownership(rawValue: r.fields[ownership]) else {
            throw r.bad(at: ownership, "unknown ownership '\(r.fields[ownership])'")
        }
        return Enterprise(
            id: try r.identifier(at: id), name: try r.required(at: name), nameEn: r.optional(at: nameEn),
            shortName: r.optional(at: shortName), stockCode: r.optional(at: stockCode),
            province: try r.province(at: province, required: false), city: r.optional(at: city), country: r.optional(at: country),
            listedIndustry: r.optional(at: listedIndustry), global500Industry: r.optional(at: global500Industry),
            lists: parsedLists, ownership: parsedOwnership, parentGroupID: r.optional(at: parentGroupID),
            revenueCNY100m: try r.double(at: revenue, nonNegative: true), revenueSource: r.optional(at: revenueSource),
            revenueYear: r.optional(at: revenueYear), revenueIsEstimate: try r.flag(at: revenueIsEstimate),
            marketValueCNY100m: try r.double(at: marketValue, nonNegative: true),
            global500Rank: try r.int(at: global500Rank, positive: true), china500Rank: try r.int(at: china500Rank, positive: true),
            private500Rank: try r.int(at: private500Rank, positive: true),
            private500Rank2025: try r.int(at: private500Rank2025, positive: true), notes: r.fields[notes],
            shenwanL3Code: r.optional(at: shenwanL3Code), shenwanL3: r.optional(at: shenwanL3),
            concepts: r.fields[concepts].parts(separatedBy: UInt8(ascii: ";")),
            employees: try r.int(at: employees))
    }
}
