import Foundation
import Testing
@testable import ChainMatch

/// The pipeline reader refuses every malformed row with file, line and column, and reads good rows exactly.
@Suite struct PipelineReaderTests {
    static let header = "campaign,enterprise,stage,contacted_on,visited_on,negotiating_on,signed_on,started_on,funded_on,dropped_on,signed_cny_100m,funded_cny_100m,list_rank,notes"
    static let rows = [
        "qh-a,E1,funded,2025-01-05,2025-01-20,2025-02-10,2025-03-31,2025-04-01,2025-06-30,,10,6,1,",
        "qh-a,E2,started,2025-01-31,,,2025-04-15,2025-07-01,,,5,,5,skipped visit",
        "qh-a,E3,dropped,2025-02-15,2025-03-01,,2025-05-01,,,2025-10-01,4,,25,",
    ]

    /// Parses the header and rows (line 1 is the header), replacing row `index` (0-based) with `row`.
    static func parse(_ replaced: [Int: String] = [:], header: String = header, path: String = "p.csv", extra: [String] = [],
                      campaigns: Set<String>? = nil, enterprises: Set<String>? = nil) throws -> PipelineFile {
        var lines = rows
        for (i, row) in replaced { lines[i] = row }
        let text = ([header] + lines + extra).joined(separator: "\n") + "\n"
        return try PipelineReader.parse(Data(text.utf8), path: path, campaigns: campaigns, enterprises: enterprises)
    }

    /// The error's place, or a failed expectation when the parse succeeds or fails otherwise.
    static func place(_ body: () throws -> PipelineFile, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> (ChainMatch.SourceLocation, String)? {
        do {
            _ = try body()
            Issue.record("accepted", sourceLocation: sourceLocation)
        } catch ChainMatchError.badData(let at, let message) {
            return (at, message)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    static func expect(_ body: () throws -> PipelineFile, line: Int, column: Int, field: String, saying words: String,
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard let (at, message) = place(body, sourceLocation: sourceLocation) else { return }
        #expect(at.file == (at.file.hasSuffix(".synthetic.csv") ? at.file : "p.csv"), sourceLocation: sourceLocation)
        #expect(at.line == line && at.column == column && at.field == field, "\(at): \(message)", sourceLocation: sourceLocation)
        #expect(message.contains(words), "\(message)", sourceLocation: sourceLocation)
    }

    @Test func goodRowsAreReadExactly() throws {
        let file = try Self.parse()
        #expect(file.entries.count == 3 && !file.isSynthetic)
        let e = file.entries[1]
        #expect(e.campaignID == "qh-a" && e.enterpriseID == "E2" && e.stage == .started && e.line == 3)
        #expect(e.dates[.signed] == CalendarDay(iso: "2025-04-15") && e.dates[.visited] == nil)
        #expect(e.signed100m == 5 && e.funded100m == nil && e.listRank == 5 && e.notes == "skipped visit")
        // A visit without a date counts as reached once a later stage is.
        #expect(e.reached(.visited, asOf: nil) && !e.reached(.visited, asOf: CalendarDay(iso: "2025-04-14")))
        #expect(file.entries[2].stage == .dropped && file.entries[2].progress(asOf: nil) == .signed)
    }

    @Test func chineseStagesAndAByteOrderMarkAreAccepted() throws {
        let text = "\u{FEFF}" + Self.header + "\n" + "qh-a,E9,已签约,2025-01-05,,,2025-02-01,,,,3,,,\n" + "qh-a,E8,已终止,2025-01-05,,,,,,2025-02-01,,,,\n"
        let file = try PipelineReader.parse(Data(text.utf8), path: "p.csv")
        #expect(file.entries.map(\.stage) == [.signed, .dropped])
        let minimal = try PipelineReader.parse(Data("campaign,enterprise,stage,contacted_on\nc,e,contacted,2025-01-01\n".utf8), path: "p.csv")
        #expect(minimal.entries.count == 1)
    }

    @Test func unknownAndMissingColumns() {
        Self.expect({ try Self.parse([0: Self.rows[0] + ",", 1: Self.rows[1] + ",", 2: Self.rows[2] + ","], header: Self.header + ",colour") },
                    line: 1, column: 15, field: "colour", saying: "unknown column 'colour'")
        Self.expect({ try Self.parse(header: Self.header.replacingOccurrences(of: "funded_on", with: "fundedon")) },
                    line: 1, column: 9, field: "fundedon", saying: "did you mean 'funded_on'")
        let noContact = "campaign,enterprise,stage\nc,e,contacted\n"
        guard let (at, message) = Self.place({ try PipelineReader.parse(Data(noContact.utf8), path: "p.csv") }) else { return }
        #expect(at.line == 1 && at.field == "contacted_on" && message.contains("missing column"))
    }

    @Test func badDatesAndDatesOutOfOrder() {
        Self.expect({ try Self.parse([1: "qh-a,E2,started,2025-01-31,2025-02-30,,2025-04-15,2025-07-01,,,5,,5,"]) },
                    line: 3, column: 5, field: "visited_on", saying: "not a date: '2025-02-30'")
        Self.expect({ try Self.parse([1: "qh-a,E2,started,2025/01/31,,,2025-04-15,2025-07-01,,,5,,5,"]) },
                    line: 3, column: 4, field: "contacted_on", saying: "not a date")
        // Signed before contacted.
        Self.expect({ try Self.parse([0: "qh-a,E1,signed,2025-05-05,,,2025-03-31,,,,10,,1,"]) },
                    line: 2, column: 7, field: "signed_on", saying: "signed_on 2025-03-31 is before contacted_on 2025-05-05")
        Self.expect({ try Self.parse([2: "qh-a,E3,dropped,2025-02-15,2025-03-01,,2025-05-01,,,2025-04-01,4,,25,"]) },
                    line: 4, column: 10, field: "dropped_on", saying: "before signed_on")
    }

    @Test func stageAndDatesMustAgree() {
        Self.expect({ try Self.parse([1: "qh-a,E2,won,2025-01-31,,,2025-04-15,2025-07-01,,,5,,5,"]) },
                    line: 3, column: 3, field: "stage", saying: "unknown stage 'won'")
        Self.expect({ try Self.parse([1: "qh-a,E2,started,2025-01-31,,,2025-04-15,,,,5,,5,"]) },
                    line: 3, column: 8, field: "started_on", saying: "needs started_on")
        Self.expect({ try Self.parse([1: "qh-a,E2,signed,2025-01-31,,,2025-04-15,2025-07-01,,,5,,5,"]) },
                    line: 3, column: 8, field: "started_on", saying: "the stage is signed")
        Self.expect({ try Self.parse([1: "qh-a,E2,started,2025-01-31,,,,2025-07-01,,,,,5,"]) },
                    line: 3, column: 7, field: "signed_on", saying: "signed_on is needed too")
        Self.expect({ try Self.parse([2: "qh-a,E3,dropped,2025-02-15,2025-03-01,,2025-05-01,,,,4,,25,"]) },
                    line: 4, column: 10, field: "dropped_on", saying: "needs dropped_on")
        Self.expect({ try Self.parse([1: "qh-a,E2,started,2025-01-31,,,2025-04-15,2025-07-01,,2025-08-01,5,,5,"]) },
                    line: 3, column: 10, field: "dropped_on", saying: "a dropped target has stage dropped")
        Self.expect({ try Self.parse([1: "qh-a,E2,started,,,,2025-04-15,2025-07-01,,,5,,5,"]) },
                    line: 3, column: 4, field: "contacted_on", saying: "contacted_on is required")
    }

    @Test func moneyIsCheckedAgainstTheStages() {
        Self.expect({ try Self.parse([1: "qh-a,E2,started,2025-01-31,,,2025-04-15,2025-07-01,,,-3,,5,"]) },
                    line: 3, column: 11, field: "signed_cny_100m", saying: "negative money")
        Self.expect({ try Self.parse([0: "qh-a,E1,funded,2025-01-05,2025-01-20,2025-02-10,2025-03-31,2025-04-01,2025-06-30,,10,12.5,1,"]) },
                    line: 2, column: 12, field: "funded_cny_100m", saying: "more than the signed 10")
        Self.expect({ try Self.parse([1: "qh-a,E2,started,2025-01-31,,,2025-04-15,2025-07-01,,,,,5,"]) },
                    line: 3, column: 11, field: "signed_cny_100m", saying: "needs its signed investment")
        Self.expect({ try Self.parse([1: "qh-a,E2,started,2025-01-31,,,2025-04-15,2025-07-01,,,5,2,5,"]) },
                    line: 3, column: 12, field: "funded_cny_100m", saying: "need funded_on")
        Self.expect({ try Self.parse([1: "qh-a,E2,contacted,2025-01-31,,,,,,,5,,5,"]) },
                    line: 3, column: 11, field: "signed_cny_100m", saying: "has not signed")
        Self.expect({ try Self.parse([1: "qh-a,E2,started,2025-01-31,,,2025-04-15,2025-07-01,,,5e,,5,"]) },
                    line: 3, column: 11, field: "signed_cny_100m", saying: "not a number")
        Self.expect({ try Self.parse([1: "qh-a,E2,started,2025-01-31,,,2025-04-15,2025-07-01,,,5,,0,"]) },
                    line: 3, column: 13, field: "list_rank", saying: "whole number from 1")
    }

    @Test func duplicatesAndUnknownIds() {
        Self.expect({ try Self.parse(extra: ["qh-a,E2,contacted,2025-03-01,,,,,,,,,,"]) },
                    line: 5, column: 2, field: "enterprise", saying: "listed twice for campaign 'qh-a' (first on line 3)")
        Self.expect({ try Self.parse(campaigns: ["qh-b"]) }, line: 2, column: 1, field: "campaign", saying: "unknown campaign 'qh-a'; did you mean 'qh-b'?")
        Self.expect({ try Self.parse(campaigns: ["qh-a"], enterprises: ["E1", "E3"]) }, line: 3, column: 2, field: "enterprise", saying: "unknown enterprise 'E2'")
        // The same enterprise in two campaigns is two targets.
        #expect((try? Self.parse(extra: ["gs-b,E2,contacted,2025-03-01,,,,,,,,,,"]))?.entries.count == 4)
    }

    @Test func linesCountPhysicalLinesAfterAQuotedLineBreak() {
        let rows = [Self.rows[0] + "\"two\nlines\"", Self.rows[1], "qh-a,E4,won,2025-01-01,,,,,,,,,,"]
        let text = ([Self.header] + rows).joined(separator: "\n") + "\n"
        Self.expect({ try PipelineReader.parse(Data(text.utf8), path: "p.csv") }, line: 5, column: 3, field: "stage", saying: "unknown stage")
    }

    @Test func syntheticFilesAreMarkedAndNeverMixed() throws {
        let synthetic = Self.header + ",synthetic"
        let marked = try Self.parse([0: Self.rows[0] + ",1", 1: Self.rows[1] + ",1", 2: Self.rows[2] + ",1"], header: synthetic, path: "p.synthetic.csv")
        #expect(marked.isSynthetic)
        Self.expect({ try Self.parse([0: Self.rows[0] + ",1", 1: Self.rows[1] + ",0", 2: Self.rows[2] + ",1"], header: synthetic, path: "p.synthetic.csv") },
                    line: 3, column: 15, field: "synthetic", saying: "never mixed")
        Self.expect({ try Self.parse([0: Self.rows[0] + ",1", 1: Self.rows[1] + ",1", 2: Self.rows[2] + ",1"], header: synthetic) },
                    line: 1, column: 15, field: "synthetic", saying: "only in files named")
        guard let (at, message) = Self.place({ try Self.parse(path: "p.synthetic.csv") }) else { return }
        #expect(at.file == "p.synthetic.csv" && at.line == 1 && message.contains("must have a 'synthetic' column"))
    }

    @Test func calendarDaysAreRealAndCountDays() {
        for bad in ["2025-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "20240101", " 2024-01-01"] { #expect(CalendarDay(iso: bad) == nil, "\(bad)") }
        let leap = CalendarDay(iso: "2024-02-29")!
        #expect(leap.adding(days: 1).iso == "2024-03-01" && CalendarDay(iso: "1970-01-01")!.dayNumber == 0)
        #expect(CalendarDay(iso: "2026-12-31")!.dayNumber - CalendarDay(iso: "2025-01-01")!.dayNumber == 729)
        for n in stride(from: -800_000, through: 800_000, by: 997) { #expect(CalendarDay(dayNumber: n).dayNumber == n) }
        #expect(CalendarDay(iso: "2025-03-31")!.quarterKey == "2025Q1" && CalendarDay(iso: "2025-04-01")!.quarterKey == "2025Q2")
        #expect(CalendarDay(iso: "2025-11-15")!.quarterEnd.iso == "2025-12-31" && CalendarDay(iso: "2025-08-15")!.quarterStart.iso == "2025-07-01")
    }
}
