import Foundation
import Testing

@Suite struct WorkbookCLITests {
    static let campaign = "qh-golmud-salt-lake-lithium"

    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chainmatch-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func xlsxNeedsAnOutputFile() throws {
        let r = try runCLI(["rank", "--campaign", Self.campaign, "--format", "xlsx"])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("--output FILE.xlsx") && r.stdout.isEmpty, "\(r.stderr)")
    }

    @Test func xlsxIsWrittenAtomicallyAsAZip() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("list.xlsx")
        let w = try runCLI(["rank", "--campaign", Self.campaign, "--format", "xlsx", "--output", out.path])
        #expect(w.status == 0, "\(w.stderr)")
        let data = try Data(contentsOf: out)
        #expect(Array(data.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
        #expect(Array(data.suffix(22).prefix(4)) == [0x50, 0x4B, 0x05, 0x06])
        for part in ["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet3.xml"] {
            #expect(data.range(of: Data(part.utf8)) != nil, "\(part)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["list.xlsx"])
        // The same run gives the same bytes; a failed run leaves the file as it was.
        let again = try runCLI(["rank", "--campaign", Self.campaign, "--format", "xlsx", "--output", out.path])
        let rewritten = try Data(contentsOf: out)
        #expect(again.status == 0 && rewritten == data)
        let bad = try runCLI(["rank", "--campaign", "no-such-campaign", "--format", "xlsx", "--output", out.path])
        #expect(bad.status != 0)
        #expect(try Data(contentsOf: out) == data)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["list.xlsx"])
    }

    @Test func xlsxGoesToAPipeWhenAsked() throws {
        let r = try runCLI(["rank", "--campaign", Self.campaign, "--format", "xlsx", "--output", "-"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("PK\u{03}\u{04}"))
    }
}
