import Foundation

/// Renders what changed between two runs (`RunDiff.campaigns`) as a table, CSV or JSON.
///
/// ```swift
/// let diffs = try RunDiff.campaigns(old: BatchRunWriter.readLists(run: a), new: BatchRunWriter.readLists(run: b))
/// RunDiffWriter.summary(diffs)   // "2 of 13 campaigns changed: 3 entered, 3 left, 5 moved"
/// let csv = try RunDiffWriter.render(diffs, format: .csv)
/// ```
public enum RunDiffWriter {
    public enum Format: String, CaseIterable, Sendable { case table, csv, json }

    public static let csvHeader = ["campaign_id", "change", "enterprise_id", "old_rank", "new_rank", "old_score", "new_score"]

    /// "2 of 13 campaigns changed: 3 entered, 3 left, 5 moved" or "no changes in 13 campaigns".
    public static func summary(_ diffs: [RunDiff.Campaign]) -> String {
        let changed = diffs.filter { !$0.diff.isEmpty || $0.presence != .both }
        if changed.isEmpty { return "no changes in \(diffs.count) campaigns" }
        let entered = diffs.reduce(0) { $0 + $1.diff.entered.count }
        let left = diffs.reduce(0) { $0 + $1.diff.left.count }
        let moved = diffs.reduce(0) { $0 + $1.diff.moved.count }
        return "\(changed.count) of \(diffs.count) campaigns changed: \(entered) entered, \(left) left, \(moved) moved"
    }

    public static func render(_ diffs: [RunDiff.Campaign], format: Format) throws -> Data {
        let score = { (v: Float) in String(format: "%.6f", Double(v)) }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            var data = try encoder.encode(diffs.filter { !$0.diff.isEmpty || $0.presence != .both })
            data.append(0x0A)
            return data
        case .csv:
            var rows: [[String]] = []
            for c in diffs {
                for e in c.diff.entered { rows.append([c.id, "entered", e.id, "", String(e.rank), "", score(e.score)]) }
                for e in c.diff.left { rows.append([c.id, "left", e.id, String(e.rank), "", score(e.score), ""]) }
                for m in c.diff.moved { rows.append([c.id, "moved", m.id, String(m.oldRank), String(m.newRank), score(m.oldScore), score(m.newScore)]) }
            }
            return CSVWriter.encode(header: csvHeader, rows: rows)
        case .table:
            var out = summary(diffs) + "\n"
            for c in diffs where !c.diff.isEmpty || c.presence != .both {
                out += "\n\(c.id)\(c.presence == .both ? "" : " (\(c.presence.rawValue))"): \(c.diff.entered.count) entered, \(c.diff.left.count) left, \(c.diff.moved.count) moved, \(c.diff.unchanged) unchanged\n"
                for e in c.diff.entered { out += "  + \(e.id) at \(e.rank) (\(score(e.score)))\n" }
                for e in c.diff.left { out += "  - \(e.id) from \(e.rank) (\(score(e.score)))\n" }
                for m in c.diff.moved { out += "  ~ \(m.id) \(m.oldRank) → \(m.newRank)\n" }
            }
            return Data(out.utf8)
        }
    }
}
