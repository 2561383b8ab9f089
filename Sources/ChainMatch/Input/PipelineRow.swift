import Foundation

/// One row of a pipeline file, checked cell by cell into a `PipelineEntry` (errors point at the cell).
///
/// ```swift
/// let row = PipelineRow(table: table, index: 0, columns: ["campaign": 0, "enterprise": 1, "stage": 2, "contacted_on": 3])
/// let entry = try row.entry(campaigns: nil, enterprises: nil)
/// ```
struct PipelineRow {
    let table: CSVTable
    let index: Int
    /// Column name → index, for the columns the file has.
    let columns: [String: Int]

    var line: Int { table.lines[index] }

    /// The cell's text; empty when the file has no such column.
    func text(_ name: String) -> String { columns[name].map { table.rows[index][$0] } ?? "" }

    /// An error at the cell of `name`, or at the row's first cell when the file lacks that column.
    func bad(_ name: String, _ message: String) -> ChainMatchError {
        if let column = columns[name] { return .badData(table.location(row: index, column: column), message) }
        return .badData(SourceLocation(file: table.path, line: line, column: 1, field: name), message + " (the file has no '\(name)' column)")
    }

    func entry(campaigns: Set<String>?, enterprises: Set<String>?) throws -> PipelineEntry {
        let campaign = try identifier("campaign", known: campaigns, kind: "campaign")
        let enterprise = try identifier("enterprise", known: enterprises, kind: "enterprise")
        let label = text("stage")
        guard let stage = PipelineStage(label: label) else {
            let accepted = PipelineStage.allCases.map { "\($0.rawValue)/\($0.nameZh)" }.joined(separator: ", ")
            throw bad("stage", label.isEmpty ? "empty stage; one of \(accepted)" : "unknown stage '\(label)'; one of \(accepted)")
        }
        var entry = PipelineEntry(campaignID: campaign, enterpriseID: enterprise, stage: stage)
        entry.line = line
        for s in PipelineStage.allCases {
            let t = text(s.dateColumn)
            guard !t.isEmpty else { continue }
            guard let day = CalendarDay(iso: t) else { throw bad(s.dateColumn, "not a date: '\(t)' (write yyyy-mm-dd, e.g. 2025-03-31)") }
            entry.dates[s] = day
        }
        try checkStages(entry)
        try checkOrder(entry)
        (entry.signed100m, entry.funded100m) = try money(entry)
        entry.listRank = try optionalNumber("list_rank").map { v in
            guard v >= 1, v == v.rounded(), v <= 1_000_000 else { throw bad("list_rank", "a list rank is a whole number from 1, got '\(text("list_rank"))'") }
            return Int(v)
        }
        let listDate = text("list_date")
        if !listDate.isEmpty {
            guard let day = CalendarDay(iso: listDate) else { throw bad("list_date", "not a date: '\(listDate)' (write yyyy-mm-dd)") }
            entry.listDate = day
        }
        entry.listRun = text("list_run").isEmpty ? nil : text("list_run")
        let scores = try PipelineReader.scoreColumns.map(optionalNumber)
        entry.scores = PipelineEntry.BlockScores(chain: scores[0], endowment: scores[1], relatedness: scores[2], profile: scores[3])
        entry.notes = text("notes")
        return entry
    }

    func identifier(_ name: String, known: Set<String>?, kind: String) throws -> String {
        let t = text(name)
        guard !t.isEmpty else { throw bad(name, "empty \(kind) id") }
        if let c = t.unicodeScalars.first(where: { $0.properties.generalCategory == .control || $0.properties.isWhitespace }) {
            throw bad(name, "an id may not contain white space or control characters (U+\(String(format: "%04X", c.value)))")
        }
        if let known, !known.contains(t) {
            let hint = known.count < 100_000 ? ArgumentParser.closest(to: t, among: known.sorted()).map { "; did you mean '\($0)'?" } ?? "" : ""
            throw bad(name, "unknown \(kind) '\(t)'\(hint)")
        }
        return t
    }

    /// A plain decimal number, or nil for an empty cell.
    func optionalNumber(_ name: String) throws -> Double? {
        let t = text(name)
        guard !t.isEmpty else { return nil }
        guard CSVWriter.isPlainNumber(t), let v = Double(t), v.isFinite else { throw bad(name, "not a number: '\(t)'") }
        return v
    }

    /// The stage column and the dates agree: contacted_on always; the recorded stage's date; no date of a
    /// stage beyond it; dropped_on exactly for dropped rows; signed → started → funded dated without gaps.
    func checkStages(_ e: PipelineEntry) throws {
        guard e.dates[.contacted] != nil else { throw bad("contacted_on", "contacted_on is required: every target was contacted on some day") }
        if e.stage == .dropped {
            guard e.dates[.dropped] != nil else { throw bad("dropped_on", "stage dropped (已终止) needs dropped_on") }
        } else {
            guard e.dates[e.stage] != nil else { throw bad(e.stage.dateColumn, "stage \(e.stage.rawValue) (\(e.stage.nameZh)) needs \(e.stage.dateColumn)") }
            for later in PipelineStage.progress where later > e.stage && e.dates[later] != nil {
                throw bad(later.dateColumn, "\(later.dateColumn) is given but the stage is \(e.stage.rawValue) (\(e.stage.nameZh)); the stage is the furthest one reached")
            }
            if e.dates[.dropped] != nil {
                throw bad("dropped_on", "dropped_on is given but the stage is \(e.stage.rawValue) (\(e.stage.nameZh)); a dropped target has stage dropped (已终止)")
            }
        }
        let committed: [PipelineStage] = [.signed, .started, .funded]
        for (earlier, later) in zip(committed, committed.dropFirst()) where e.dates[later] != nil && e.dates[earlier] == nil {
            throw bad(earlier.dateColumn, "\(later.dateColumn) is given, so \(earlier.dateColumn) is needed too (signed, started and funded are dated in turn)")
        }
    }

    /// Dates never go back: each progress date on or after the ones before it, dropped_on after all.
    func checkOrder(_ e: PipelineEntry) throws {
        var previous: (PipelineStage, CalendarDay)?
        for s in PipelineStage.progress {
            guard let day = e.dates[s] else { continue }
            if let (p, pDay) = previous, day < pDay {
                throw bad(s.dateColumn, "\(s.dateColumn) \(day) is before \(p.dateColumn) \(pDay); stages are reached in order")
            }
            previous = (s, day)
        }
        if let dropped = e.dates[.dropped], let (p, pDay) = previous, dropped < pDay {
            throw bad("dropped_on", "dropped_on \(dropped) is before \(p.dateColumn) \(pDay)")
        }
    }

    /// Signed and funded 亿元: never negative; signed (> 0) exactly when signed_on is given; funds only
    /// with funded_on (> 0 then) and never above the signed amount.
    func money(_ e: PipelineEntry) throws -> (Double?, Double?) {
        let signed = try optionalNumber("signed_cny_100m"), funded = try optionalNumber("funded_cny_100m")
        for (name, v) in [("signed_cny_100m", signed), ("funded_cny_100m", funded)] where (v ?? 0) < 0 {
            throw bad(name, "negative money: \(text(name)) 亿元")
        }
        if e.dates[.signed] != nil {
            guard let signed, signed > 0 else { throw bad("signed_cny_100m", "a signed target needs its signed investment in 亿元 (more than 0)") }
        } else if signed != nil {
            throw bad("signed_cny_100m", "signed_cny_100m is given but the target has not signed (no signed_on)")
        }
        if e.dates[.funded] != nil {
            guard let funded, funded > 0 else { throw bad("funded_cny_100m", "a funded target (资金到位) needs the investment in place in 亿元 (more than 0)") }
        } else if let funded, funded > 0 {
            throw bad("funded_cny_100m", "funds in place need funded_on, the day the first funds arrived (资金到位)")
        }
        if let funded, let signed, funded > signed {
            throw bad("funded_cny_100m", "funded \(text("funded_cny_100m")) 亿元 is more than the signed \(text("signed_cny_100m")) 亿元")
        }
        return (signed, e.dates[.funded] == nil ? nil : funded)
    }
}
