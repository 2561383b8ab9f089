import Foundation

/// Derives `datasets/parks.csv` from the 2018 development-zone catalogue (`zones/enriched.csv`).
enum ParksDerivation {
    static let header = ["park_id", "catalogue_code", "name", "province", "city", "level", "type", "approved",
                         "first_approved", "area_ha", "area_mu", "leading_industries", "lon", "lat",
                         "geocode_quality", "geocode_level", "coordinate_shared_by", "address_province_mismatch"]

    struct Output { var rows: [[String]]; var duplicateCodes: [String: [String]]; var mismatches: Int; var sharedPoints: Int; var sharedRows: Int }

    static func derive(sharedData: String) throws -> Output {
        let path = sharedData + "/zones/enriched.csv"
        let t = try CSVReader.read(path: path)
        let cSeq = try t.column("序号"), cCode = try t.column("代码"), cName = try t.column("开发区名称")
        let cProv = try t.column("省份"), cCity = try t.column("城市/区县"), cLevel = try t.column("批准级别")
        let cType = try t.column("开发区类型"), cDate = try t.column("批准时间"), cArea = try t.column("核准面积_公顷")
        let cInd = try t.column("主导产业"), cLon = try t.column("经度_WGS84"), cLat = try t.column("纬度_WGS84")
        let cAddr = try t.column("格式化地址"), cPrec = try t.column("地理编码精度"), cState = try t.column("状态")

        // Coordinates shared by several zones are geocoder fallback points.
        var pointCount: [String: Int] = [:]
        for row in t.rows { pointCount[row[cLon] + "," + row[cLat], default: 0] += 1 }

        // Duplicate codes: the row with the smaller 序号 within its level keeps the code, later ones
        // get "-2", "-3" … (S377018: 山东淄川经济开发区 序号 929 keeps it, 山东临淄经济开发区 序号 932 → S377018-2).
        var byCode: [String: [Int]] = [:]
        for (i, row) in t.rows.enumerated() { byCode[row[cCode], default: []].append(i) }
        var parkID = [Int: String]()
        var duplicates: [String: [String]] = [:]
        for (code, indices) in byCode {
            let ordered = indices.sorted { (Int(t.rows[$0][cSeq]) ?? 0, $0) < (Int(t.rows[$1][cSeq]) ?? 0, $1) }
            for (k, i) in ordered.enumerated() { parkID[i] = k == 0 ? code : "\(code)-\(k + 1)" }
            if ordered.count > 1 { duplicates[code] = ordered.map { t.rows[$0][cName] } }
        }

        let otherRegions = ["香港特别行政区", "澳门特别行政区", "台湾省"]
        var rows: [[String]] = []
        var mismatches = 0
        for (i, row) in t.rows.enumerated() {
            func bad(_ column: Int, _ message: String) -> ChainMatchError {
                .badData(t.location(row: i, column: column), message)
            }
            guard let province = Province.canonical(row[cProv]) else { throw bad(cProv, "unknown province '\(row[cProv])'") }
            let level: String
            switch row[cLevel] {
            case "国务院": level = "national"
            case "省政府": level = "provincial"
            default: throw bad(cLevel, "unknown approval level '\(row[cLevel])'")
            }
            let approved = row[cDate]
            let first = String(approved.split(separator: "/").first ?? "")
            guard first.count == 7, first.dropFirst(4).first == "." else { throw bad(cDate, "unexpected date '\(approved)'") }
            guard let ha = Derive.parseNumber(row[cArea]), ha >= 0 else { throw bad(cArea, "not a non-negative number: '\(row[cArea])'") }
            // Leading industries: split on 、; trim; remove trailing full stops (the one typo "食品.").
            let terms = row[cInd].split(separator: "、").map { term -> String in
                var s = term.trimmingCharacters(in: .whitespaces)
                while s.hasSuffix(".") || s.hasSuffix("。") { s.removeLast() }
                return s
            }.filter { !$0.isEmpty }
            let lon = Derive.parseNumber(row[cLon]), lat = Derive.parseNumber(row[cLat])
            let address = row[cAddr]
            let addressProvince = Province.prefix(of: address) ?? otherRegions.first { address.hasPrefix($0) }
            let mismatch = addressProvince != nil && addressProvince != province
            if mismatch { mismatches += 1 }
            rows.append([
                parkID[i]!, row[cCode], row[cName], province, row[cCity], level, row[cType], approved, first,
                Derive.number(ha, decimals: 2), Derive.number(ha * 15, decimals: 2), terms.joined(separator: "、"),
                Derive.number(lon, decimals: 6), Derive.number(lat, decimals: 6), row[cState], row[cPrec],
                String(pointCount[row[cLon] + "," + row[cLat]] ?? 1), mismatch ? "1" : "0",
            ])
        }
        rows.sort { $0[0] < $1[0] }
        let shared = pointCount.values.filter { $0 > 1 }
        return Output(rows: rows, duplicateCodes: duplicates, mismatches: mismatches,
                      sharedPoints: shared.count, sharedRows: shared.reduce(0, +))
    }
}
