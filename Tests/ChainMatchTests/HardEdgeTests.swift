import Foundation
import Testing
@testable import ChainMatch

/// Malformed input is refused with its place named, never accepted silently.
@Suite struct HardEdgeTests {
    @Test func runNamesAreRealCalendarDates() throws {
        for good in ["2026-12-04T000000Z", "2024-02-29T235959Z"] { #expect(RunStore.isRunName(good), "\(good)") }
        for bad in ["2026-13-45T000000Z", "2026-02-30T000000Z", "0000-00-00T000000Z", "2025-02-29T000000Z", "2026-01-01T240000Z", "2026-01-01T006000Z"] {
            #expect(!RunStore.isRunName(bad), "\(bad)")
        }
        #expect(throws: ChainMatchError.self) { try BatchRunWriter.runName(date: "2026-13-45") }
        #expect(throws: ChainMatchError.self) { try BatchRunWriter.runName(date: "2026-02-30") }
    }

    @Test func aDuplicatedCSVColumnIsAnError() {
        #expect(throws: ChainMatchError.self) { try CSVReader.parse(Data("a,b,a\n1,2,3\n".utf8), path: "x.csv") }
        // Unnamed columns (a pandas index) cannot be asked for by name and may repeat.
        #expect((try? CSVReader.parse(Data(",,a\n1,2,3\n".utf8), path: "x.csv")) != nil)
    }

    @Test func idsWithControlCharactersAreRefused() throws {
        let header = (EnterprisesDerivation.header).joined(separator: ",")
        func row(_ id: String) -> String {
            var cells = [String](repeating: "", count: EnterprisesDerivation.header.count)
            cells[0] = id; cells[1] = "某公司"; cells[10] = "listed"; cells[11] = "unknown"
            return cells.joined(separator: ",")
        }
        for bad in ["E1\u{1B}", "E\u{07}2", "E 3"] {
            let table = try CSVReader.parse(Data((header + "\n" + row(bad) + "\n").utf8), path: "e.csv")
            #expect(throws: ChainMatchError.self) { try DatasetReader.enterprises(table) }
        }
        let ok = try CSVReader.parse(Data((header + "\n" + row("E1") + "\n").utf8), path: "e.csv")
        #expect(try DatasetReader.enterprises(ok).count == 1)
        let empty = try CSVReader.parse(Data((header + "\n").utf8), path: "e.csv")
        #expect(throws: ChainMatchError.self) { try DatasetReader.enterprises(empty) }
    }

    @Test func regionsNeedEveryProvince() throws {
        let text = try String(contentsOfFile: repositoryRoot + "/datasets/regions.csv", encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let headerOnly = try CSVReader.parse(Data((lines[0] + "\n").utf8), path: "regions.csv")
        do {
            _ = try DatasetReader.regions(headerOnly)
            Issue.record("a header-only regions.csv was accepted")
        } catch {
            #expect("\(error)".contains("every-province"))
        }
        let full = try CSVReader.parse(Data(text.utf8), path: "regions.csv")
        #expect(try DatasetReader.regions(full).count == 31)
    }
}
