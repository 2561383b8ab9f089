import Foundation

/// Derives `datasets/industries.csv` from the flattened GB/T 4754-2017 tree (`gbt4754/gbt4754_2017.csv`).
enum IndustriesDerivation {
    static let header = ["level", "code", "name", "parent_code"]

    struct Output { var rows: [[String]]; var countsByLevel: [Int]; var orphans: [String] }

    static func derive(sharedData: String) throws -> Output {
        let t = try CSVReader.read(path: sharedData + "/gbt4754/gbt4754_2017.csv")
        let cLevel = try t.column("level"), cCode = try t.column("code"), cName = try t.column("name")
        let cParent = try t.column("parent_code")
        var rows: [[String]] = []
        var seen = Set<String>()
        var counts = [0, 0, 0, 0]
        for (i, row) in t.rows.enumerated() {
            guard let level = Int(row[cLevel]), (1...4).contains(level) else {
                throw ChainMatchError.badData(t.location(row: i, column: cLevel), "level must be 1–4, got '\(row[cLevel])'")
            }
            let code = row[cCode].trimmingCharacters(in: .whitespaces)
            // Code shape: a letter, then 0, 2, 3 or 4 digits by level.
            let digits = [0, 2, 3, 4][level - 1]
            guard code.count == 1 + digits, code.first!.isLetter, code.dropFirst().allSatisfy(\.isNumber) else {
                throw ChainMatchError.badData(t.location(row: i, column: cCode), "code '\(code)' does not fit level \(level)")
            }
            guard seen.insert(code).inserted else {
                throw ChainMatchError.badData(t.location(row: i, column: cCode), "duplicate code '\(code)'")
            }
            counts[level - 1] += 1
            rows.append([String(level), code, row[cName].trimmingCharacters(in: .whitespaces), row[cParent]])
        }
        let orphans = rows.filter { !$0[3].isEmpty && !seen.contains($0[3]) }.map { $0[1] }
        rows.sort { $0[1] < $1[1] }
        return Output(rows: rows, countsByLevel: counts, orphans: orphans)
    }
}
