import Foundation
import Testing

/// Bad input through the binary: the right exit code, a message naming the place, nothing written,
/// and an earlier output left as it was.
@Suite struct BadInputCLITests {
    struct Case {
        var name: String
        var file: String?          // a campaign (or scenario) file's text, written to a temporary path
        var scenario: String?
        var arguments: [String]    // with CAMPAIGN / SCENARIO standing for the written paths
        var status: Int32
        var message: [String]      // fragments the message must hold
    }

    let campaign = """
    {
      "id": "bad",
      "name_zh": "测试",
      "park": "G631211",
      "targets": [
        {"node": "li.cell", "gap": "fill"}
      ],
      "top": 30
    }
    """

    var cases: [Case] {
        [
            Case(name: "malformed JSON", file: campaign.replacingOccurrences(of: "\"fill\"}", with: "\"fill\",}"), arguments: ["rank", "--campaign", "CAMPAIGN"],
                 status: 65, message: [":6:39", "expected a key"]),
            Case(name: "duplicate key", file: campaign.replacingOccurrences(of: "\"top\": 30", with: "\"top\": 30,\n  \"top\": 20"), arguments: ["rank", "--campaign", "CAMPAIGN"],
                 status: 65, message: [":9:3", "duplicate key 'top'"]),
            Case(name: "unknown node", file: campaign.replacingOccurrences(of: "li.cell", with: "li.nope"), arguments: ["rank", "--campaign", "CAMPAIGN"],
                 status: 65, message: [":6:6", "li.nope"]),
            Case(name: "huge top", file: campaign.replacingOccurrences(of: "\"top\": 30", with: "\"top\": 1e20"), arguments: ["rank", "--campaign", "CAMPAIGN"],
                 status: 65, message: [":8:3", "between 1 and 10000"]),
            Case(name: "infinite weight", file: campaign.replacingOccurrences(of: "\"top\": 30", with: "\"weights\": {\"chain\": 1e999}"), arguments: ["rank", "--campaign", "CAMPAIGN"],
                 status: 65, message: [":8:24", "out of range"]),
            Case(name: "bad scenario value", file: nil, scenario: #"{"name": "s", "capacity": {"land_mu": -5}}"#,
                 arguments: ["whatif", "--campaign", "qh-golmud-salt-lake-lithium", "--scenario", "SCENARIO"], status: 65, message: [":1:28", "land_mu"]),
            Case(name: "comma in an integer", file: nil, arguments: ["rank", "--campaign", "qh-golmud-salt-lake-lithium", "--top", "1,0"],
                 status: 64, message: ["--top"]),
            Case(name: "impossible date", file: nil, arguments: ["batch", "--out", "OUT", "--date", "2026-02-30"], status: 64, message: ["--date"]),
            Case(name: "no such campaign", file: nil, arguments: ["rank", "--campaign", "qh-golmud-salt-lake-lithum"], status: 66, message: ["did you mean 'qh-golmud-salt-lake-lithium'"]),
        ]
    }

    @Test func everyBadInputExitsWithItsCodeNamesItsPlaceAndWritesNothing() throws {
        let dir = NSTemporaryDirectory() + "chainmatch-badinput-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let earlier = dir + "/earlier.csv"
        for c in cases {
            try Data("earlier output\n".utf8).write(to: URL(fileURLWithPath: earlier))
            var args = c.arguments.map { $0 == "CAMPAIGN" ? dir + "/c.json" : ($0 == "SCENARIO" ? dir + "/s.json" : ($0 == "OUT" ? dir + "/out" : $0)) }
            if let file = c.file { try Data(file.utf8).write(to: URL(fileURLWithPath: dir + "/c.json")) }
            if let s = c.scenario { try Data(s.utf8).write(to: URL(fileURLWithPath: dir + "/s.json")) }
            if args.first == "rank" { args += ["--format", "csv", "--output", earlier] }
            if args.first == "whatif" { args += ["--format", "json", "--output", earlier] }
            let r = try runCLI(args)
            #expect(r.status == c.status, "\(c.name): exit \(r.status), \(r.stderr)")
            for fragment in c.message { #expect(r.stderr.contains(fragment), "\(c.name): \(r.stderr)") }
            #expect(!r.stderr.contains("NSCocoaErrorDomain") && !r.stderr.contains("The operation could not be completed"), "\(c.name): \(r.stderr)")
            #expect(try String(contentsOfFile: earlier, encoding: .utf8) == "earlier output\n", "\(c.name) touched the earlier output")
            #expect(!FileManager.default.fileExists(atPath: dir + "/out/latest"), "\(c.name) wrote a run")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }
            #expect(leftovers.isEmpty, "\(c.name) left \(leftovers)")
        }
    }
}
