import Foundation
import Testing

@Suite struct CoordinateCLITests {
    @Test func coordinateWritesEveryListAndTheReportsIntoANewFolder() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("chainmatch-coord-\(UUID().uuidString)")
        let out = parent.appendingPathComponent("nm")
        defer { try? FileManager.default.removeItem(at: parent) }
        let r = try runCLI(["coordinate", "--province", "内蒙古", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("多地争抢的企业"))
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: out.path))
        #expect(files == ["nm-wuhai-coal-based-materials.csv", "nm-wuhai-desert-wine-agrifood.csv", "nm-wuhai-hydrogen.csv",
                          "coordination.txt", "coordination.csv", "coordination.json", "coordination.html", "coordination.xlsx"])
        let xlsx = try Data(contentsOf: out.appendingPathComponent("coordination.xlsx"))
        let book = String(decoding: xlsx, as: UTF8.self)
        #expect(xlsx.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]) && book.contains("name=\"统筹概况\"") && book.contains("name=\"nm-wuhai-hydrogen\""))
        let html = try String(contentsOf: out.appendingPathComponent("coordination.html"), encoding: .utf8)
        #expect(html.contains("多地争抢的企业") && !html.contains("<script"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("coordination.json"))) as? [String: Any]
        #expect((json?["lists"] as? [Any])?.count == 3)
        // A folder that already holds files is never written into.
        let again = try runCLI(["coordinate", "--province", "内蒙古", "--out", out.path])
        #expect(again.status == 64 && again.stderr.contains("not empty"), "\(again.stderr)")
    }

    /// Gansu's campaigns share one chain (lithium batteries): the page ranks the cities for it, drawn inline.
    @Test func theProvincePageDrawsTheContestedChain() throws {
        let r = try runCLI(["coordinate", "--province", "甘肃", "--format", "html"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("<svg") && r.stdout.contains("</svg>") && r.stdout.contains("锂电池"))
        #expect(!r.stdout.contains("<script"))
    }

    @Test func anUnknownProvinceNamesTheKnownOnes() throws {
        let r = try runCLI(["coordinate", "--province", "广东省"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("云南省"), "\(r.stderr)")
    }

    /// `batch --coordinate` writes each province's report into the run beside the lists; `--max-campaigns`
    /// alone is refused, since it means nothing without coordination.
    @Test func batchCoordinatesEveryProvinceIntoTheRun() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("chainmatch-batch-coord-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parent) }
        let alone = try runCLI(["batch", "--out", parent.path, "--max-campaigns", "2"])
        #expect(alone.status == 64 && alone.stderr.contains("--coordinate"), "\(alone.stderr)")
        let r = try runCLI(["batch", "--out", parent.path, "--coordinate", "--date", "2026-12-05", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let run = parent.appendingPathComponent("2026-12-05T000000Z")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: run.path))
        for province in ["甘肃省", "青海省", "云南省", "内蒙古自治区"] {
            #expect(["txt", "csv", "json", "html"].allSatisfy { files.contains("coordination-\(province).\($0)") }, "\(province)")
        }
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("manifest.json"))) as? [String: Any]
        #expect((manifest?["coordination"] as? [String: Any])?["max_campaigns"] as? Int == 1)
        // The same date without coordination is another run: refused, not overwritten.
        let plain = try runCLI(["batch", "--out", parent.path, "--date", "2026-12-05", "--quiet"])
        #expect(plain.status == 73 && plain.stderr.contains("coordinated"), "\(plain.stderr)")
    }
}
