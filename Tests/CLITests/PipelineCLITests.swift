import Foundation
import Testing

/// `synth pipeline` and `pipeline report` through the binary, beside the enterprise `synth`.
@Suite struct PipelineCLITests {
    func temporaryFolder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chainmatch-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func synthAndSynthPipelineAreTwoCommands() throws {
        let enterprises = try runCLI(["synth", "--help"])
        #expect(enterprises.status == 0 && enterprises.stdout.contains("--enterprises N") && !enterprises.stdout.contains("--per-campaign"))
        let pipeline = try runCLI(["synth", "pipeline", "--help"])
        #expect(pipeline.status == 0 && pipeline.stdout.contains("--per-campaign N") && pipeline.stdout.contains("SYNTHETIC"))
        let help = try runCLI(["--help"])
        #expect(help.stdout.contains("synth pipeline") && help.stdout.contains("pipeline report"))
        let bare = try runCLI(["pipeline"])
        #expect(bare.status == 64 && bare.stderr.contains("'pipeline report'"))
        // The enterprise synth still runs.
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let e = try runCLI(["synth", "--enterprises", "20", "--out", dir.appendingPathComponent("e.synthetic.csv").path, "--quiet"])
        #expect(e.status == 0, "\(e.stderr)")
    }

    @Test func synthPipelineIsSeededAndItsFileIsReported() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.synthetic.csv").path, b = dir.appendingPathComponent("b.synthetic.csv").path
        for path in [a, b] {
            let r = try runCLI(["synth", "pipeline", "--per-campaign", "25", "--seed", "4", "--out", path, "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: a))
        #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: b))))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF] && String(decoding: bytes, as: UTF8.self).split(separator: "\n").count == 1 + 25 * 13)

        let json = try runCLI(["pipeline", "report", "--file", a, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect(report["synthetic"] as? Bool == true && (report["campaigns"] as! [Any]).count == 13)
        #expect(json.stderr.contains("SYNTHETIC"))
        let html = dir.appendingPathComponent("r.html").path
        let page = try runCLI(["pipeline", "report", "--file", a, "--format", "html", "--output", html, "--as-of", "2026-06-30"])
        #expect(page.status == 0, "\(page.stderr)")
        let text = try String(contentsOfFile: html, encoding: .utf8)
        #expect(text.contains("<svg") && !text.contains("<script") && text.contains("截至 2026-06-30") && text.contains("合成数据"))
        let one = try runCLI(["pipeline", "report", "--file", a, "--campaign", "qh-golmud-salt-lake-lithium"])
        #expect(one.status == 0 && one.stdout.contains("格尔木") && !one.stdout.contains("昆明"))
    }

    @Test func badInputExitsWithItsPlaceAndWritesNothing() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("p.csv").path
        let csv = "campaign,enterprise,stage,contacted_on,signed_on,signed_cny_100m\nqh-golmud-salt-lake-lithium,SZ002466,signed,2025-03-01,2025-02-01,3\n"
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("r.csv").path
        try "keep".write(toFile: out, atomically: true, encoding: .utf8)
        let r = try runCLI(["pipeline", "report", "--file", file, "--format", "csv", "--output", out])
        #expect(r.status == 65 && r.stderr.contains("p.csv:2:5 (field signed_on)") && r.stderr.contains("before contacted_on"))
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "keep")
        try csv.replacingOccurrences(of: "SZ002466", with: "XX000000").replacingOccurrences(of: "2025-02-01", with: "2025-04-01").write(toFile: file, atomically: true, encoding: .utf8)
        let unknown = try runCLI(["pipeline", "report", "--file", file])
        #expect(unknown.status == 65 && unknown.stderr.contains("p.csv:2:2 (field enterprise)") && unknown.stderr.contains("unknown enterprise 'XX000000'"))

        let unmarked = try runCLI(["synth", "pipeline", "--out", dir.appendingPathComponent("p2.csv").path])
        #expect(unmarked.status == 64 && unmarked.stderr.contains(".synthetic.csv"))
        #expect(try runCLI(["pipeline", "report", "--file", file, "--as-of", "2025-02-30"]).status == 64)
        #expect(try runCLI(["synth", "pipeline", "--out", "x.synthetic.csv", "--weights", "1,2"]).status == 64)
        #expect(try runCLI(["pipeline", "report"]).status == 64)
    }
}
