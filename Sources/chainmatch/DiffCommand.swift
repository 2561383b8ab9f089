import ChainMatch
import Foundation

enum DiffSummary {
    /// "2 of 13 campaigns changed: 3 entered, 3 left, 5 moved" or "no changes in 13 campaigns".
    static func line(_ diffs: [RunDiff.Campaign]) -> String {
        let changed = diffs.filter { !$0.diff.isEmpty || $0.presence != .both }
        if changed.isEmpty { return "no changes in \(diffs.count) campaigns" }
        let entered = diffs.reduce(0) { $0 + $1.diff.entered.count }
        let left = diffs.reduce(0) { $0 + $1.diff.left.count }
        let moved = diffs.reduce(0) { $0 + $1.diff.moved.count }
        return "\(changed.count) of \(diffs.count) campaigns changed: \(entered) entered, \(left) left, \(moved) moved"
    }
}

let diffCommand = Command(
    name: "diff",
    summary: "what changed between two batch runs: per campaign, who entered, left or moved",
    positionals: "RUN_A RUN_B",
    discussion: "RUN_A and RUN_B are run folders (OUT/<date> or OUT/latest); RUN_A is the older. Reads their JSON lists.",
    options: [OptionSpec("--format", value: "FORMAT", help: "table, csv or json", defaultValue: "table")]
) { args, _ in
    guard args.positionals.count == 2 else { throw ChainMatchError.usage("diff needs two run folders: RUN_A RUN_B") }
    let format = try args.choice("--format", ["table", "csv", "json"])!
    let diffs = try RunDiff.campaigns(old: BatchRunWriter.readLists(run: args.positionals[0]),
                                      new: BatchRunWriter.readLists(run: args.positionals[1]))
    let score = { (v: Float) in String(format: "%.6f", Double(v)) }
    switch format {
    case "json":
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(diffs.filter { !$0.diff.isEmpty || $0.presence != .both })
        data.append(0x0A)
        FileHandle.standardOutput.write(data)
    case "csv":
        var rows: [[String]] = []
        for c in diffs {
            for e in c.diff.entered { rows.append([c.id, "entered", e.id, "", String(e.rank), "", score(e.score)]) }
            for e in c.diff.left { rows.append([c.id, "left", e.id, String(e.rank), "", score(e.score), ""]) }
            for m in c.diff.moved { rows.append([c.id, "moved", m.id, String(m.oldRank), String(m.newRank), score(m.oldScore), score(m.newScore)]) }
        }
        FileHandle.standardOutput.write(CSVWriter.encode(header: ["campaign_id", "change", "enterprise_id", "old_rank", "new_rank", "old_score", "new_score"], rows: rows))
    default:
        var out = DiffSummary.line(diffs) + "\n"
        for c in diffs where !c.diff.isEmpty || c.presence != .both {
            out += "\n\(c.id)\(c.presence == .both ? "" : " (\(c.presence.rawValue))"): \(c.diff.entered.count) entered, \(c.diff.left.count) left, \(c.diff.moved.count) moved, \(c.diff.unchanged) unchanged\n"
            for e in c.diff.entered { out += "  + \(e.id) at \(e.rank) (\(score(e.score)))\n" }
            for e in c.diff.left { out += "  - \(e.id) from \(e.rank) (\(score(e.score)))\n" }
            for m in c.diff.moved { out += "  ~ \(m.id) \(m.oldRank) → \(m.newRank)\n" }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
    return 0
}
