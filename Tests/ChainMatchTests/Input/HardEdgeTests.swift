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

@Suite struct RowReaderLineEndTests {
    /// The large-file reader finds the same rows as the whole-file reader, whatever the line ends.
    @Test func everyLineEndGivesTheSameRows() throws {
        let text = try String(contentsOfFile: repositoryRoot + "/datasets/enterprises.csv", encoding: .utf8)
        let lines = text.split(separator: "\n").prefix(301).map(String.init)
        let expected = try DatasetReader.enterprises(CSVReader.parse(Data((lines.joined(separator: "\n") + "\n").utf8), path: "x.csv"),
                                                     checkingParents: false)
        let folder = NSTemporaryDirectory() + "rowreader-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, end) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
            let path = folder + "/\(name).csv"
            try Data((lines.joined(separator: end) + end).utf8).write(to: URL(fileURLWithPath: path))
            let reader = try EnterpriseRowReader(path: path, expectedRows: nil)
            #expect(reader.starts.count - 1 == 300, "\(name)")
            let all = try reader.enterprises(Array(0..<300))
            #expect(all.map(\.id) == expected.map(\.id), "\(name)")
            #expect(try reader.enterprises([0, 299]).map(\.id) == [expected[0].id, expected[299].id], "\(name)")
        }
    }
}

@Suite struct CSVEncodingTests {
    @Test func brokenUTF8IsReportedAtItsLineNotDecodedAsGB18030() throws {
        var bytes = Array("id,name\nE1,青海盐湖工业股份有限公司\nE2,".utf8)
        bytes += [0xE9, 0x9D]            // a truncated 3-byte sequence
        bytes += Array("x\n".utf8)
        do {
            _ = try CSVReader.parse(Data(bytes), path: "e.csv")
            Issue.record("broken UTF-8 was accepted")
        } catch let ChainMatchError.badData(at, message) {
            #expect(at.line == 3 && at.column == 4, "\(at)")
            #expect(message.contains("UTF-8"))
        }
        // A real GB18030 file (no UTF-8 in it) still reads.
        let gb = try #require("id,name\nE1,青海盐湖\n".data(using: CSVReader.gb18030))
        let table = try CSVReader.parse(gb, path: "gb.csv")
        #expect(table.rows[0][1] == "青海盐湖")
    }
}

@Suite struct CampaignContradictionTests {
    @Test func screeningTwoHighWhileTargetingTwoHighNodesIsNamed() throws {
        let engine = try BundledEngine.get()
        let hydrogen = try engine.campaign(named: "nm-wuhai-hydrogen")
        let notes = CampaignReader.contradictions(hydrogen, taxonomy: engine.models.taxonomy)
        #expect(notes.count == 1 && notes[0].contains("h2.chemical"), "\(notes)")
        var allowed = hydrogen
        allowed.capacity.allowsTwoHigh = true
        #expect(CampaignReader.contradictions(allowed, taxonomy: engine.models.taxonomy).isEmpty)
    }
}

@Suite struct FuzzRegressionTests {
    /// Inputs the fuzz targets found; each must be refused with a typed error.
    @Test func anEmptyOrTinySidecarIsTruncatedNotRead() throws {
        let path = NSTemporaryDirectory() + "chainmatch-tiny-\(getpid()).needs"
        defer { try? FileManager.default.removeItem(atPath: path) }
        for bytes in [[UInt8](), [0x89, 0x43], [0x89, 0x43, 0x4D, 0x4E, 0x44, 0x0D, 0x0A, 0x1A, 1]] {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(throws: FeatureStoreError.self) { try EnterpriseSidecar.read(path: path) }
        }
    }
}

/// Rules beyond syntax for parks.csv and industries.csv, each named in its message at the true line.
@Suite struct SemanticRuleTests {
    static func table(_ file: String, editing edit: (inout [String]) -> Void) throws -> CSVTable {
        let text = try String(contentsOfFile: repositoryRoot + "/datasets/" + file, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        edit(&lines)
        return try CSVReader.parse(Data((lines.joined(separator: "\n") + "\n").utf8), path: file)
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    @Test func parksRules() throws {
        #expect(try DatasetReader.parks(Self.table("parks.csv") { _ in }).count == 2543)
        let headerOnly = message { _ = try DatasetReader.parks(Self.table("parks.csv") { $0 = [$0[0]] }) }
        #expect(headerOnly.contains("rule non-empty") && headerOnly.contains("parks.csv:2"), "\(headerOnly)")
        // Line 3 (the second zone) moved to 0°E, 0°N: outside China.
        let moved = message {
            _ = try DatasetReader.parks(Self.table("parks.csv") { lines in
                var cells = lines[2].components(separatedBy: ",")
                let lon = cells.count - 6   // lon, then lat, geocode_quality, geocode_level, coordinate_shared_by, address_province_mismatch
                cells[lon] = "2.35"
                lines[2] = cells.joined(separator: ",")
            })
        }
        #expect(moved.contains("rule in-china") && moved.contains("parks.csv:3"), "\(moved)")
        let area = message {
            _ = try DatasetReader.parks(Self.table("parks.csv") { lines in
                lines[1] = lines[1].replacingOccurrences(of: ",3980,59700,", with: ",3980,5970,")
            })
        }
        #expect(area.contains("rule mu-per-hectare") && area.contains("parks.csv:2"), "\(area)")
    }

    @Test func industriesRules() throws {
        #expect(try DatasetReader.industries(Self.table("industries.csv") { _ in }).count == 1958)
        let headerOnly = message { _ = try DatasetReader.industries(Self.table("industries.csv") { $0 = [$0[0]] }) }
        #expect(headerOnly.contains("rule non-empty"), "\(headerOnly)")
        // A division (level 2) whose parent is another division.
        let orphan = message {
            _ = try DatasetReader.industries(Self.table("industries.csv") { lines in
                let i = lines.firstIndex { $0.hasPrefix("2,") }!
                var cells = lines[i].components(separatedBy: ",")
                cells[3] = cells[1]
                lines[i] = cells.joined(separator: ",")
            })
        }
        #expect(orphan.contains("rule parent-one-level-up") && orphan.contains("parent_code"), "\(orphan)")
    }
}
