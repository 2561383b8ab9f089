import Foundation

/// The enterprises of a snapshot as columns: a handful of flat arrays read in a few copies, where a
/// field-by-field decode of 6,574 records cost more than parsing the CSV.
///
/// ```swift
/// let columns = EnterpriseColumns(datasets.enterprises)
/// let back = try columns.enterprises()   // equal to datasets.enterprises
/// ```
///
/// Every stored field of `Enterprise` has a column; `SnapshotTests` compares the round trip of every
/// bundled enterprise, so a field added to the type without a column here fails it.
struct EnterpriseColumns: Codable {
    var id, name, nameEn, shortName, stockCode, province, city, country, listedIndustry, global500Industry: TextColumn
    var parentGroupID, revenueSource, revenueYear, notes, shenwanL3Code, shenwanL3, ownership: TextColumn
    var lists: [UInt32]
    var revenueIsEstimate: [UInt8]
    var revenueCNY100m, marketValueCNY100m: OptionalColumn<Double>
    var global500Rank, china500Rank, private500Rank, private500Rank2025, employees: OptionalColumn<Int>
    var concepts: ListColumn

    init(_ all: [Enterprise]) {
        func text(_ f: (Enterprise) -> String?) -> TextColumn { TextColumn(all.map(f)) }
        id = text(\.id); name = text(\.name); nameEn = text(\.nameEn); shortName = text(\.shortName)
        stockCode = text(\.stockCode); province = text(\.province); city = text(\.city); country = text(\.country)
        listedIndustry = text(\.listedIndustry); global500Industry = text(\.global500Industry)
        parentGroupID = text(\.parentGroupID); revenueSource = text(\.revenueSource); revenueYear = text(\.revenueYear)
        notes = text(\.notes); shenwanL3Code = text(\.shenwanL3Code); shenwanL3 = text(\.shenwanL3)
        ownership = text(\.ownership.rawValue)
        lists = all.map(\.lists.rawValue)
        revenueIsEstimate = all.map { $0.revenueIsEstimate ? 1 : 0 }
        revenueCNY100m = OptionalColumn(all.map(\.revenueCNY100m)); marketValueCNY100m = OptionalColumn(all.map(\.marketValueCNY100m))
        global500Rank = OptionalColumn(all.map(\.global500Rank)); china500Rank = OptionalColumn(all.map(\.china500Rank))
        private500Rank = OptionalColumn(all.map(\.private500Rank)); private500Rank2025 = OptionalColumn(all.map(\.private500Rank2025))
        employees = OptionalColumn(all.map(\.employees))
        concepts = ListColumn(all.map(\.concepts))
    }

    func enterprises() throws -> [Enterprise] {
        let n = id.count
        for (column, what) in [(name, "name"), (nameEn, "nameEn"), (shortName, "shortName"), (stockCode, "stockCode"),
                               (province, "province"), (city, "city"), (country, "country"), (listedIndustry, "listedIndustry"),
                               (global500Industry, "global500Industry"), (parentGroupID, "parentGroupID"),
                               (revenueSource, "revenueSource"), (revenueYear, "revenueYear"), (notes, "notes"),
                               (shenwanL3Code, "shenwanL3Code"), (shenwanL3, "shenwanL3"), (ownership, "ownership")] {
            try column.validate(rows: n, "enterprises.\(what)")
        }
        for (column, what) in [(revenueCNY100m, "revenue"), (marketValueCNY100m, "marketValue")] { try column.validate(rows: n, what) }
        for column in [global500Rank, china500Rank, private500Rank, private500Rank2025, employees] { try column.validate(rows: n, "ranks") }
        try concepts.validate(rows: n, "enterprises.concepts")
        guard lists.count == n, revenueIsEstimate.count == n else { throw ChainMatchError.internalFailure("snapshot enterprise flags do not match") }
        let starts = concepts.starts()
        let owners: [Enterprise.Ownership] = try cases(ownership, "ownership")
        return (0..<n).map { i in
            Enterprise(
                id: id.text(i), name: name.text(i), nameEn: nameEn.value(i), shortName: shortName.value(i), stockCode: stockCode.value(i),
                province: province.value(i), city: city.value(i), country: country.value(i), listedIndustry: listedIndustry.value(i),
                global500Industry: global500Industry.value(i), lists: ListMembership(rawValue: lists[i]), ownership: owners[i],
                parentGroupID: parentGroupID.value(i), revenueCNY100m: revenueCNY100m.value(i), revenueSource: revenueSource.value(i),
                revenueYear: revenueYear.value(i), revenueIsEstimate: revenueIsEstimate[i] != 0,
                marketValueCNY100m: marketValueCNY100m.value(i), global500Rank: global500Rank.value(i),
                china500Rank: china500Rank.value(i), private500Rank: private500Rank.value(i),
                private500Rank2025: private500Rank2025.value(i), notes: notes.text(i), shenwanL3Code: shenwanL3Code.value(i),
                shenwanL3: shenwanL3.value(i), concepts: concepts.list(i, start: starts[i]), employees: employees.value(i))
        }
    }
}

/// The parks of a snapshot as columns (see `EnterpriseColumns`).
struct ParkColumns: Codable {
    var id, catalogueCode, name, province, city, level, type, approved, firstApproved, geocodeQuality, geocodeLevel: TextColumn
    var areaHa, areaMu, lon, lat: OptionalColumn<Double>
    var leadingIndustries: ListColumn
    var coordinateSharedBy: [Int]
    var addressProvinceMismatch: [UInt8]

    init(_ all: [Park]) {
        func text(_ f: (Park) -> String) -> TextColumn { TextColumn(all.map(f)) }
        id = text(\.id); catalogueCode = text(\.catalogueCode); name = text(\.name); province = text(\.province); city = text(\.city)
        level = text(\.level.rawValue); type = text(\.type); approved = text(\.approved); firstApproved = text(\.firstApproved)
        geocodeQuality = text(\.geocodeQuality); geocodeLevel = text(\.geocodeLevel)
        areaHa = OptionalColumn(all.map(\.areaHa)); areaMu = OptionalColumn(all.map(\.areaMu))
        lon = OptionalColumn(all.map(\.lon)); lat = OptionalColumn(all.map(\.lat))
        leadingIndustries = ListColumn(all.map(\.leadingIndustries))
        coordinateSharedBy = all.map(\.coordinateSharedBy)
        addressProvinceMismatch = all.map { $0.addressProvinceMismatch ? 1 : 0 }
    }

    func parks() throws -> [Park] {
        let n = id.count
        for column in [catalogueCode, name, province, city, level, type, approved, firstApproved, geocodeQuality, geocodeLevel] {
            try column.validate(rows: n, "parks")
        }
        for column in [areaHa, areaMu, lon, lat] { try column.validate(rows: n, "parks") }
        try leadingIndustries.validate(rows: n, "parks.leadingIndustries")
        guard coordinateSharedBy.count == n, addressProvinceMismatch.count == n else { throw ChainMatchError.internalFailure("snapshot park flags do not match") }
        let starts = leadingIndustries.starts()
        let levels: [Park.Level] = try cases(level, "park level")
        return (0..<n).map { i in
            Park(id: id.text(i), catalogueCode: catalogueCode.text(i), name: name.text(i), province: province.text(i), city: city.text(i),
                        level: levels[i], type: type.text(i), approved: approved.text(i), firstApproved: firstApproved.text(i),
                        areaHa: areaHa.value(i), areaMu: areaMu.value(i), leadingIndustries: leadingIndustries.list(i, start: starts[i]),
                        lon: lon.value(i), lat: lat.value(i), geocodeQuality: geocodeQuality.text(i), geocodeLevel: geocodeLevel.text(i),
                        coordinateSharedBy: coordinateSharedBy[i], addressProvinceMismatch: addressProvinceMismatch[i] != 0)
        }
    }
}

/// Each enterprise's placement evidence as columns: the count per enterprise, then one column per field.
struct EvidenceColumns: Codable {
    var counts: [Int32]
    var node, kind, matched, role, specificity: TextColumn
    var weight: [Float]

    init(_ all: [[NodeEvidence]]) {
        counts = all.map { Int32($0.count) }
        let flat = all.flatMap { $0 }
        node = TextColumn(flat.map(\.node)); kind = TextColumn(flat.map(\.kind.rawValue)); matched = TextColumn(flat.map(\.matched))
        role = TextColumn(flat.map(\.role.rawValue)); specificity = TextColumn(flat.map(\.specificity.rawValue))
        weight = flat.map(\.weight)
    }

    func evidence() throws -> [[NodeEvidence]] {
        let total = counts.reduce(0) { $0 + Int($1) }
        for column in [node, kind, matched, role, specificity] { try column.validate(rows: total, "evidence") }
        guard weight.count == total, counts.allSatisfy({ $0 >= 0 }) else { throw ChainMatchError.internalFailure("snapshot evidence weights do not match") }
        let kinds: [NodeEvidence.Kind] = try cases(kind, "evidence kind")
        let roles: [PlacementModel.Role] = try cases(role, "evidence role")
        let specificities: [PlacementModel.Specificity] = try cases(specificity, "evidence specificity")
        var next = 0
        return counts.map { c in
            (0..<Int(c)).map { _ in
                defer { next += 1 }
                return NodeEvidence(node: node.text(next), kind: kinds[next], matched: matched.text(next), role: roles[next],
                                    specificity: specificities[next], weight: weight[next])
            }
        }
    }
}

/// Each row's case of `E`, named by its raw value; every row must have one.
func cases<E: RawRepresentable>(_ column: TextColumn, _ what: String) throws -> [E] where E.RawValue == String {
    let decoded: [E] = try column.distinct.map {
        guard let e = E(rawValue: $0) else { throw ChainMatchError.internalFailure("snapshot \(what) '\($0)' is unknown") }
        return e
    }
    return try column.codes.map {
        guard $0 >= 0 else { throw ChainMatchError.internalFailure("snapshot \(what) is missing") }
        return decoded[Int($0)]
    }
}

/// A mostly-zero matrix stored by its non-zero elements, row by row (the feature rows are ~96% zeros).
///
/// ```swift
/// let sparse = SparseRows(encoding.features)
/// let back = try sparse.matrix()   // == encoding.features, bit for bit
/// ```
struct SparseRows: Codable {
    var rows: Int
    var columns: Int
    var counts: [Int32]
    var indices: [Int32]
    var values: [Float]

    /// Keeps every element whose bits are not all zero, so `-0.0` survives.
    init(_ m: Matrix) {
        rows = m.rows; columns = m.columns
        counts = []; indices = []; values = []
        counts.reserveCapacity(m.rows)
        for r in 0..<m.rows {
            var n: Int32 = 0
            for c in 0..<m.columns where m.storage[r * m.columns + c].bitPattern != 0 {
                indices.append(Int32(c)); values.append(m.storage[r * m.columns + c]); n += 1
            }
            counts.append(n)
        }
    }

    func matrix() throws -> Matrix {
        guard rows >= 0, columns >= 0, counts.count == rows, indices.count == values.count,
              counts.reduce(0, { $0 + Int($1) }) == values.count, indices.allSatisfy({ $0 >= 0 && Int($0) < columns }) else {
            throw ChainMatchError.internalFailure("snapshot feature rows are inconsistent")
        }
        var storage = LargeZeroedArray.floats(count: rows * columns)
        var k = 0
        for r in 0..<rows {
            for _ in 0..<Int(counts[r]) {
                storage[r * columns + Int(indices[k])] = values[k]
                k += 1
            }
        }
        return Matrix(rows: rows, columns: columns, storage: storage)
    }
}
