import Foundation

/// Reads a bureau's pipeline file (招商项目台账, one row per campaign × enterprise) strictly.
///
/// ```swift
/// let file = try PipelineReader.read(path: "pipeline.csv", campaigns: ["qh-golmud-salt-lake-lithium"],
///                                    enterprises: Set(datasets.enterprises.map(\.id)))
/// file.entries.filter { $0.reached(.signed, asOf: nil) }.count
/// ```
///
/// Columns (`columns`; only `campaign`, `enterprise`, `stage` and `contacted_on` are required, the rest
/// may be left out): the stage in English or Chinese, a `yyyy-mm-dd` date per stage reached, the signed
/// and funded investment in 亿元, the list rank, list date and run, the four block scores, notes, and
/// `synthetic` (only in `*.synthetic.csv` files, 1 on every row). Every error names file, line and
/// column: an unknown column, a bad or missing date, dates out of stage order, a date for a stage the
/// row has not reached, negative money, funds above the signed amount, an unknown stage, a campaign or
/// enterprise given twice, or (when the sets are given) one not in the data.
public enum PipelineReader {
    public static let syntheticSuffix = ".synthetic.csv"
    public static let requiredColumns = ["campaign", "enterprise", "stage", "contacted_on"]
    public static let scoreColumns = ["score_chain", "score_endowment", "score_relatedness", "score_profile"]
    public static let columns = ["campaign", "enterprise", "stage"] + PipelineStage.allCases.map(\.dateColumn)
        + ["signed_cny_100m", "funded_cny_100m", "list_rank", "list_date", "list_run"] + scoreColumns + ["notes", "synthetic"]

    /// Reads `path`; `campaigns` and `enterprises`, when given, are the ids the rows may name.
    public static func read(path: String, campaigns: Set<String>? = nil, enterprises: Set<String>? = nil) throws -> PipelineFile {
        try decode(CSVReader.read(path: path), campaigns: campaigns, enterprises: enterprises)
    }

    /// Parses pipeline CSV bytes; `path` names the file in errors and decides whether it may be synthetic.
    public static func parse(_ data: Data, path: String, campaigns: Set<String>? = nil, enterprises: Set<String>? = nil) throws -> PipelineFile {
        try decode(CSVReader.parse(data, path: path), campaigns: campaigns, enterprises: enterprises)
    }

    static func decode(_ table: CSVTable, campaigns: Set<String>?, enterprises: Set<String>?) throws -> PipelineFile {
        let columns = try checkHeader(table)
        let synthetic = try checkSynthetic(table, columns: columns)
        guard !table.rows.isEmpty else {
            throw ChainMatchError.badData(SourceLocation(file: table.path, line: 2), "the pipeline file has a header but no rows")
        }
        var entries: [PipelineEntry] = []
        var seen: [String: Int] = [:]
        for index in table.rows.indices {
            let row = PipelineRow(table: table, index: index, columns: columns)
            let entry = try row.entry(campaigns: campaigns, enterprises: enterprises)
            let key = entry.campaignID + "\u{1F}" + entry.enterpriseID
            if let first = seen[key] {
                throw row.bad("enterprise", "enterprise '\(entry.enterpriseID)' is listed twice for campaign '\(entry.campaignID)' (first on line \(first))")
            }
            seen[key] = entry.line
            entries.append(entry)
        }
        return PipelineFile(path: table.path, entries: entries, isSynthetic: synthetic)
    }

    /// Column name → index; unknown and missing required columns are errors on line 1.
    static func checkHeader(_ table: CSVTable) throws -> [String: Int] {
        var columns: [String: Int] = [:]
        for (i, name) in table.header.enumerated() {
            guard Self.columns.contains(name) else {
                let hint = ArgumentParser.closest(to: name, among: Self.columns).map { " (did you mean '\($0)'?)" } ?? ""
                throw ChainMatchError.badData(SourceLocation(file: table.path, line: 1, column: i + 1, field: name),
                                              "unknown column '\(name)'\(hint); the columns are \(Self.columns.joined(separator: ", "))")
            }
            columns[name] = i
        }
        for name in requiredColumns where columns[name] == nil { _ = try table.column(name) }
        return columns
    }

    /// Whether the file is synthetic: a `synthetic` column of 1s in a file named `*.synthetic.csv`,
    /// never one without the other and never a mix of rows.
    static func checkSynthetic(_ table: CSVTable, columns: [String: Int]) throws -> Bool {
        let named = table.path.hasSuffix(syntheticSuffix)
        guard let column = columns["synthetic"] else {
            if named {
                throw ChainMatchError.badData(SourceLocation(file: table.path, line: 1),
                                              "a file named *\(syntheticSuffix) must have a 'synthetic' column (1 on every row)")
            }
            return false
        }
        guard named else {
            throw ChainMatchError.badData(SourceLocation(file: table.path, line: 1, column: column + 1, field: "synthetic"),
                                          "a 'synthetic' column belongs only in files named *\(syntheticSuffix); synthetic rows are never mixed with real ones")
        }
        for (i, row) in table.rows.enumerated() where row[column] != "1" {
            throw ChainMatchError.badData(table.location(row: i, column: column),
                                          "every row of a synthetic file has synthetic = 1, got '\(row[column])'; synthetic and real rows are never mixed")
        }
        return true
    }
}
