import Foundation

/// Reads the outcome columns of a pipeline CSV strictly: campaign, enterprise, stage and the four block scores on record.
///
/// ```swift
/// let outcomes = try OutcomeReader.read(path: "pipeline.csv", campaigns: ["qh-golmud-salt-lake-lithium"])
/// outcomes.filter(\.converted).count   // targets that reached signed, started or funded
/// ```
///
/// Columns, by name in any order: `campaign`, `enterprise`, `stage` (contacted, visited, negotiating,
/// signed, started, funded, dropped) and `score_chain`, `score_endowment`, `score_relatedness`,
/// `score_profile` (the block scores on record: finite, ≥ 0). Other columns are ignored. One row per
/// target: a (campaign, enterprise) pair given twice is an error naming both lines. With `campaigns`,
/// every campaign id must be one of them. Every error names the file, line, column and field.
public enum OutcomeReader {
    /// The block-score columns, in block order (chain, endowment, relatedness, profile).
    public static let scoreColumns = ["score_chain", "score_endowment", "score_relatedness", "score_profile"]
    public static let columns = ["campaign", "enterprise", "stage"] + scoreColumns

    public static func read(path: String, campaigns: Set<String>? = nil) throws -> [TargetOutcome] {
        try parse(try CSVReader.read(path: path), campaigns: campaigns)
    }

    public static func parse(_ table: CSVTable, campaigns: Set<String>? = nil) throws -> [TargetOutcome] {
        let rows = try DatasetReader.rows(table, columns)
        guard !rows.isEmpty else {
            throw ChainMatchError.badData(SourceLocation(file: table.path, line: 2), "rule non-empty: the pipeline file has a header but no rows")
        }
        var firstLine: [String: Int] = [:]
        return try rows.map { r in
            let campaign = try r.identifier("campaign")
            if let campaigns, !campaigns.contains(campaign) {
                throw ChainMatchError.unknownReference(table.location(row: r.index, column: r.columns["campaign"]!), kind: "campaign", id: campaign)
            }
            let enterprise = try r.identifier("enterprise")
            let stageText = try r.required("stage")
            guard let stage = TargetOutcome.Stage(rawValue: stageText) else {
                throw r.bad("stage", "unknown stage '\(stageText)' (want one of: \(TargetOutcome.Stage.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let scores = try scoreColumns.map { name -> Double in
                guard let v = try r.double(name, nonNegative: true) else { throw r.bad(name, "empty value: a block score is required") }
                return v
            }
            let line = table.lines[r.index]
            if let first = firstLine.updateValue(line, forKey: campaign + "\u{1F}" + enterprise) {
                throw r.bad("enterprise", "target '\(enterprise)' of campaign '\(campaign)' is listed twice (first at line \(first)); one row per target")
            }
            return TargetOutcome(campaign: campaign, enterprise: enterprise, stage: stage, scores: scores)
        }
    }
}
