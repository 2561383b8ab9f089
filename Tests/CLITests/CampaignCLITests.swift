import Foundation
import Testing

@Suite struct CampaignCLITests {
    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chainmatch-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func rankPrintsATableAndWritesCSVAtomically() throws {
        let r = try runCLI(["rank", "--campaign", "qh-golmud-salt-lake-lithium", "--top", "12"])
        #expect(r.status == 0, "\(r.stderr)")
        // A list too short for the campaign's quota minimums (10) is refused, as the same top in the file is.
        let short = try runCLI(["rank", "--campaign", "qh-golmud-salt-lake-lithium", "--top", "5"])
        #expect(short.status == 64 && short.stderr.contains("quota minimums"), "\(short.stderr)")
        // "1,0" is not ten.
        let comma = try runCLI(["rank", "--campaign", "qh-golmud-salt-lake-lithium", "--top", "1,0"])
        #expect(comma.status == 64 && comma.stderr.contains("--top"), "\(comma.stderr)")
        #expect(r.stdout.contains("格尔木盐湖锂钾产业链精准招商"))
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("list.csv")
        let w = try runCLI(["rank", "--campaign", "qh-golmud-salt-lake-lithium", "--format", "csv", "--output", out.path])
        #expect(w.status == 0)
        let data = try Data(contentsOf: out)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["list.csv"])
    }

    @Test func rankJSONHasTheAgreedKeys() throws {
        let r = try runCLI(["rank", "--campaign", "qh-haidong-green-computing", "--format", "json", "--top", "3"])
        #expect(r.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let results = json?["results"] as? [[String: Any]] ?? []
        #expect(results.count == 3)
        for key in ["rank", "enterprise_id", "name", "score", "province", "lists", "chain_nodes", "reasons", "contributions"] {
            #expect(results.first?[key] != nil, "missing \(key)")
        }
        #expect(json?["campaign"] != nil)
    }

    @Test func badCampaignFilesNameFileLineAndExitCode() throws {
        let dir = try temporaryDirectory()
        func write(_ name: String, _ text: String) throws -> String {
            let url = dir.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let unknownPark = try write("p.json", """
        {"id": "t", "name_zh": "测试",
         "park": "G000000",
         "targets": [{"node": "li.cell"}]}
        """)
        var r = try runCLI(["rank", "--campaign", unknownPark])
        #expect(r.status == 65)
        #expect(r.stderr.contains("p.json:2:2") && r.stderr.contains("unknown park 'G000000'"), "\(r.stderr)")

        let negative = try write("n.json", """
        {"id": "t", "name_zh": "测试", "park": "G631211",
         "targets": [{"node": "li.cell"}],
         "capacity": {"land_mu": -5}}
        """)
        r = try runCLI(["rank", "--campaign", negative])
        #expect(r.status == 65)
        #expect(r.stderr.contains("n.json:3:15") && r.stderr.contains("capacity.land_mu"), "\(r.stderr)")

        let typo = try write("k.json", """
        {"id": "t", "name_zh": "测试", "park": "G631211",
         "targets": [{"node": "li.cell", "gapp": "fill"}]}
        """)
        r = try runCLI(["rank", "--campaign", typo])
        #expect(r.status == 65)
        #expect(r.stderr.contains("unknown key 'gapp'"), "\(r.stderr)")

        let quota = try write("q.json", """
        {"id": "t", "name_zh": "测试", "park": "G631211", "top": 5,
         "targets": [{"node": "li.cell"}],
         "quotas": [{"chain": "li", "min": 6}]}
        """)
        r = try runCLI(["rank", "--campaign", quota])
        #expect(r.status == 65)
        #expect(r.stderr.contains("more than top"), "\(r.stderr)")

        let node = try write("u.json", #"{"id": "t", "name_zh": "测试", "park": "G631211", "targets": [{"node": "li.cel"}]}"#)
        r = try runCLI(["rank", "--campaign", node])
        #expect(r.status == 65)
        #expect(r.stderr.contains("unknown chain node 'li.cel'"))

        r = try runCLI(["rank", "--campaign", dir.appendingPathComponent("missing.json").path])
        #expect(r.status == 66)
        r = try runCLI(["rank", "--campaign", "qh-golmud-salt-lake-lithum"])
        #expect(r.status == 66)
        #expect(r.stderr.contains("did you mean 'qh-golmud-salt-lake-lithium'"))
    }

    @Test func failedRunLeavesExistingOutputUntouched() throws {
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("list.csv")
        try "previous list\n".write(to: out, atomically: true, encoding: .utf8)
        let r = try runCLI(["rank", "--campaign", "no-such-campaign", "--output", out.path])
        #expect(r.status == 66)
        #expect(try String(contentsOf: out, encoding: .utf8) == "previous list\n")
        let unwritable = try runCLI(["rank", "--campaign", "qh-golmud-salt-lake-lithium", "--output", "/proc/forbidden/list.csv"])
        #expect(unwritable.status == 73)
    }

    @Test func explainWhatIfAndChainMapRun() throws {
        let e = try runCLI(["explain", "--campaign", "qh-golmud-salt-lake-lithium", "--enterprise", "SH601398", "--format", "json"])
        #expect(e.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(e.stdout.utf8)) as? [String: Any]
        #expect(json?["selected"] as? Bool == false)
        #expect(json?["rules"] as? [String] == ["off_chain"])

        let dir = try temporaryDirectory()
        let scenario = dir.appendingPathComponent("s.json")
        try #"{"name": "nothing changes"}"#.write(to: scenario, atomically: true, encoding: .utf8)
        let w = try runCLI(["whatif", "--campaign", "qh-golmud-salt-lake-lithium", "--scenario", scenario.path, "--format", "json"])
        #expect(w.status == 0)
        let wj = try JSONSerialization.jsonObject(with: Data(w.stdout.utf8)) as? [String: Any]
        #expect((wj?["changes"] as? [Any])?.isEmpty == true)

        let m = try runCLI(["chainmap", "--campaign", "gs-jinchang-nickel-cobalt-battery", "--format", "html", "--output", dir.appendingPathComponent("m.html").path])
        #expect(m.status == 0)
        let bad = try runCLI(["chainmap", "--campaign", "gs-jinchang-nickel-cobalt-battery", "--chain", "nope"])
        #expect(bad.status == 64)
    }
}
