import Foundation
import Testing
@testable import ChainMatch

/// Every JSON input goes through one positional reader: errors name file, line, column and field.
@Suite struct JSONInputTests {
    func location(_ body: () throws -> Void) -> ChainMatch.SourceLocation? {
        do { try body() } catch let ChainMatchError.badData(at, _) { return at } catch let ChainMatchError.unknownReference(at, _, _) { return at } catch {
            Issue.record("unexpected error \(error)")
        }
        return nil
    }
    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    let campaign = """
    {
      "id": "t",
      "name_zh": "测试",
      "park": "G631211",
      "targets": [
        {"node": "li.cell", "gap": "fill"},
        {"node": "li.nope", "gap": "fill"}
      ],
      "top": 30
    }
    """

    @Test func anUnknownNodeIsReportedAtItsOwnLine() throws {
        let engine = try BundledEngine.get()
        let at = location { _ = try CampaignReader.parse(Data(campaign.utf8), file: "c.json", models: engine.models, parks: engine.parksByID) }
        #expect(at?.line == 7 && at?.column == 6, "\(String(describing: at))")
        #expect(at?.field == "targets[li.nope].node")
    }

    @Test func duplicateKeysAreAnError() throws {
        let engine = try BundledEngine.get()
        let text = campaign.replacingOccurrences(of: "\"top\": 30", with: "\"top\": 30,\n  \"top\": 20")
        let at = location { _ = try CampaignReader.parse(Data(text.utf8), file: "c.json", models: engine.models, parks: engine.parksByID) }
        #expect(at?.line == 10 && at?.column == 3, "\(String(describing: at))")
        #expect(message { _ = try CampaignReader.parse(Data(text.utf8), file: "c.json", models: engine.models, parks: engine.parksByID) }.contains("duplicate key 'top' (first at line 9)"))
    }

    @Test func malformedJSONNamesItsPlace() throws {
        for (text, line, column) in [("{\n  \"a\": [1, 2,,]\n}", 2, 14), ("{\"a\": tru}", 1, 7), ("{\"a\": \"x\n\"}", 1, 9), ("{\"a\": 1} x", 1, 10),
                                     ("{\"a\": 01}", 1, 7), ("{\"a\": 1e999}", 1, 7), ("{\"键\": \"值\" \"b\": 1}", 1, 11)] {
            let at = location { _ = try StrictJSONObject.parse(Data(text.utf8), file: "x.json") }
            #expect(at?.line == line && at?.column == column, "\(text): \(String(describing: at))")
        }
        // Deep nesting is refused, not a stack overflow.
        let deep = String(repeating: "[", count: 10_000)
        #expect(location { _ = try StrictJSONObject.parse(Data(("{\"a\": " + deep).utf8), file: "x.json") } != nil)
    }

    @Test func numbersAreRangeCheckedBeforeUse() throws {
        let engine = try BundledEngine.get()
        for (key, value) in [("\"top\": 30", "\"top\": 1e20"), ("\"top\": 30", "\"top\": 2.5"), ("\"top\": 30", "\"top\": 30, \"max_per_group\": 1e300"),
                             ("\"top\": 30", "\"top\": 30, \"weights\": {\"chain\": 1e300}"),
                             ("\"top\": 30", "\"top\": 30, \"quotas\": [{\"chain\": \"li\", \"min\": 1e20}]"),
                             ("\"gap\": \"fill\"}", "\"gap\": \"fill\", \"priority\": 1e300}")] {
            let text = campaign.replacingOccurrences(of: "{\"node\": \"li.nope\", \"gap\": \"fill\"},", with: "")
                .replacingOccurrences(of: "{\"node\": \"li.nope\", \"gap\": \"fill\"}", with: "{\"node\": \"li.pack\", \"gap\": \"fill\"}")
                .replacingOccurrences(of: key, with: value)
            let m = message { _ = try CampaignReader.parse(Data(text.utf8), file: "c.json", models: engine.models, parks: engine.parksByID) }
            #expect(m.contains("c.json:") && (m.contains("between") || m.contains("whole number")), "\(value): \(m)")
        }
    }

    @Test func stringsWithEscapesAndUnicodeRoundTrip() throws {
        let root = try StrictJSONObject.parse(Data(#"{"a": "\u9752\u6d77 \"x\" \ud83d\ude00\n", "b": [true, false, null]}"#.utf8), file: "x.json")
        #expect(try root.string("a") == "青海 \"x\" 😀\n")
        #expect(!root.has("c"))
    }
}
