import Foundation
import Testing

/// `chainmatch learn` through the binary: the side-by-side table, the profile written only when it wins,
/// and bad input named at its line and column.
@Suite struct LearnCLITests {
    /// 400 targets of the lithium campaign (resource-led: 25, 45, 15, 15 points) with block scores spread
    /// by fixed strides; `converted` decides from the four scores on record.
    static func pipeline(_ converted: ([Double]) -> Bool) -> String {
        var text = "campaign,enterprise,stage,contacted_on,visited_on,signed_on,dropped_on,signed_cny_100m,notes,score_chain,score_endowment,score_relatedness,score_profile\n"
        for i in 0..<400 {
            let raw = [Double((i * 37) % 100) / 100, i % 5 == 0 ? Double((i * 53) % 100) / 100 : 0,
                       Double((i * 71) % 100) / 100, 0.1 + Double((i * 29) % 50) / 100]
            let scores = zip([25.0, 45, 15, 15], raw).map { $0 * $1 }
            let stage = converted(scores) ? "signed" : (i % 2 == 0 ? "dropped" : "visited")
            let dates = stage == "signed" ? "2024-06-01,2024-06-01,,1.5," : stage == "dropped" ? ",,2024-06-01,," : "2024-06-01,,,,"
            text += "qh-golmud-salt-lake-lithium,E\(i),\(stage),2023-01-02,\(dates)科室," + scores.map { String(format: "%.6f", $0) }.joined(separator: ",") + "\n"
        }
        return text
    }

    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chainmatch-learn-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func writesTheLearnedProfileWhenItRanksBetter() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Conversions follow the chain block (with a little endowment), which resource-led underweights.
        let path = dir.appendingPathComponent("pipeline.csv").path
        try Self.pipeline { $0[0] / 25 + 0.2 * $0[1] / 45 > 0.6 }.write(toFile: path, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("learned-resource-led.json").path
        let r = try runCLI(["learn", "--pipeline", path, "--out", out, "--date", "2026-12-05", "--folds", "4"])
        #expect(r.status == 0, "\(r.stderr)")
        for fragment in ["on profile resource-led", "4-fold cross-validation", "learned ", "current (resource-led)", "chain 链 alone", "wrote \(out)"] {
            #expect(r.stdout.contains(fragment), "\(fragment) in \(r.stdout)")
        }
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written.contains("\"name\" : \"learned-resource-led\"") && written.contains("\"provenance\"") && written.contains("\"folds\" : 4"))
    }

    @Test func writesNothingWhenTheCurrentWeightsRankAsWell() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("pipeline.csv").path
        try Self.pipeline { $0.reduce(0, +) > 30 }.write(toFile: path, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("learned-resource-led.json").path
        let r = try runCLI(["learn", "--pipeline", path, "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("not written: the learned weights do not beat resource-led on held-out AUC"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func badInputIsNamedAndWritesNothing() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("pipeline.csv").path
        let text = Self.pipeline { $0[0] > 15 }.replacingOccurrences(of: ",E1,visited,", with: ",E1,won,")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("learned.json").path
        let r = try runCLI(["learn", "--pipeline", path, "--out", out])
        #expect(r.status == 65)
        #expect(r.stderr.contains("pipeline.csv:3:3 (field stage): unknown stage 'won'"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try runCLI(["learn", "--out", out]).status == 64)
        #expect(try runCLI(["learn", "--pipeline", path, "--folds", "1"]).status == 64)
    }
}
