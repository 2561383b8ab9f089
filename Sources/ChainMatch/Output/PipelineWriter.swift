import Foundation

/// Writes pipeline entries in the format `PipelineReader` reads (UTF-8 with BOM, its column order).
///
/// ```swift
/// let data = PipelineWriter.encode(entries, synthetic: true)
/// try AtomicFile.write(data, to: "pipeline.synthetic.csv")
/// ```
///
/// Dates as yyyy-mm-dd, stages by their English id, money as the shortest decimal that reads back the
/// same, scores with six decimals; a synthetic file gets the `synthetic` column (1 on every row).
public enum PipelineWriter {
    public static func encode(_ entries: [PipelineEntry], synthetic: Bool) -> Data {
        let header = PipelineReader.columns.filter { synthetic || $0 != "synthetic" }
        let number = { (v: Double?) in v.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) } ?? "" }
        let rows = entries.map { e -> [String] in
            var cells = [e.campaignID, e.enterpriseID, e.stage.rawValue] + PipelineStage.allCases.map { e.dates[$0]?.iso ?? "" }
            cells += [number(e.signed100m), number(e.funded100m), e.listRank.map(String.init) ?? "", e.listDate?.iso ?? "", e.listRun ?? ""]
            cells += e.scores.values.map { $0.map { String(format: "%.6f", $0 == 0 ? 0 : $0) } ?? "" }
            cells.append(e.notes)
            if synthetic { cells.append("1") }
            return cells
        }
        return CSVWriter.encode(header: header, rows: rows)
    }
}
