import Foundation

/// A seeded synthetic enterprise set for scale tests and benchmarks, drawn from the real data's
/// distributions and written as an `enterprises.csv`-compatible file that is marked synthetic.
///
/// ```swift
/// let real = try Datasets.load(from: DataLocation.resolve()).enterprises
/// try SyntheticEnterprises(real: real, seed: 7).write(count: 1_000_000, to: "/tmp/e1m.synthetic.csv")
/// // then: chainmatch batch --enterprises /tmp/e1m.synthetic.csv --out /tmp/runs
/// ```
///
/// Each row copies a real enterprise picked at random (so industry class, Global 500 industry, lists,
/// ownership and province keep their joint distribution), then: the id is `SYN` + 9 digits, the name
/// is 合成 + the real name (the chain keywords in it still place the row), the revenue is scaled by
/// e^N(0, 0.5²), one row in five moves to the province of another random real enterprise, stock codes
/// and ranks are dropped, and a row whose model had a parent group gets a random earlier synthetic row
/// as its group. Not for any ranking anyone reads.
///
/// Marking: the file name must end in `.synthetic.csv`; the header ends with a `synthetic` column
/// (1 on every row; readers ignore unknown columns) and every row's notes say `synthetic`. The same
/// real data, count and seed give the same bytes.
public struct SyntheticEnterprises: Sendable {
    public static let fileSuffix = ".synthetic.csv"
    public let real: [Enterprise]
    public let seed: UInt64

    public init(real: [Enterprise], seed: UInt64) {
        self.real = real
        self.seed = seed
    }

    public static let header = [
        "enterprise_id", "name", "name_en", "short_name", "stock_code", "province", "city", "country",
        "listed_industry", "global500_industry", "lists", "ownership", "parent_group_id",
        "revenue_cny_100m", "revenue_source", "revenue_year", "revenue_is_estimate", "market_value_cny_100m",
        "global500_rank", "china500_rank", "private500_rank", "private500_2025_rank", "notes",
        "sw2021_l3_code", "sw2021_l3", "concepts", "employees", "synthetic",
    ]

    /// Writes `count` rows to `path` (atomically); the name must end in `.synthetic.csv`.
    public func write(count: Int, to path: String, progress: ((Int) -> Void)? = nil) throws {
        guard path.hasSuffix(Self.fileSuffix) else {
            throw ChainMatchError.usage("synthetic enterprise files are named *\(Self.fileSuffix) so they are never mistaken for real data; got '\(path)'")
        }
        guard !real.isEmpty else { throw ChainMatchError.missingInput(path: "enterprises", "no real enterprises to draw from") }
        let writer = try AtomicFileWriter(path: path)
        var buffer: [UInt8] = [0xEF, 0xBB, 0xBF]
        buffer.reserveCapacity(1 << 22)
        buffer.append(contentsOf: Array((Self.header.joined(separator: ",") + "\n").utf8))
        var rng = SplitMix64(seed: seed ^ 0x5359_4E54_4845_5449)   // "SYNTHETI"
        let width = max(9, String(count).count)
        func id(_ i: Int) -> String {
            let digits = String(i)
            return "SYN" + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        func field(_ s: String?) {
            guard let s, !s.isEmpty else { return }
            if s.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
                buffer.append(34)
                for b in s.utf8 { if b == 34 { buffer.append(34) }; buffer.append(b) }
                buffer.append(34)
            } else {
                buffer.append(contentsOf: s.utf8)
            }
        }
        for i in 0..<count {
            let model = real[Int(rng.next() % UInt64(real.count))]
            var province = model.province
            if rng.next() % 5 == 0 { province = real[Int(rng.next() % UInt64(real.count))].province ?? province }
            // Box–Muller normal for the revenue scale.
            let u1 = max(rng.nextDouble(), 1e-12), u2 = rng.nextDouble()
            let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
            let revenue = model.revenueCNY100m.map { String(format: "%.2f", $0 * exp(0.5 * z)) }
            let parent = (model.parentGroupID != nil && i > 0) ? id(Int(rng.next() % UInt64(i))) : nil
            let cells: [String?] = [
                id(i), "合成" + model.name, nil, model.shortName.map { "合成" + $0 }, nil, province, model.city,
                province == nil ? model.country : "中国", model.listedIndustry, model.global500Industry, model.lists.text,
                model.ownership.rawValue, parent, revenue, revenue == nil ? nil : "synthetic", model.revenueYear,
                revenue == nil ? "0" : "1", nil, nil, nil, nil, nil, "synthetic",
                model.shenwanL3Code, model.shenwanL3, model.concepts.isEmpty ? nil : model.concepts.joined(separator: ";"),
                model.employees.map(String.init), "1",
            ]
            for (j, cell) in cells.enumerated() {
                if j > 0 { buffer.append(44) }
                field(cell)
            }
            buffer.append(10)
            if buffer.count >= 1 << 22 {
                try buffer.withUnsafeBytes { try writer.write($0) }
                buffer.removeAll(keepingCapacity: true)
                progress?(i + 1)
            }
        }
        try buffer.withUnsafeBytes { try writer.write($0) }
        try writer.commit()
        progress?(count)
    }
}
