import Foundation
import Testing
@testable import ChainMatch

/// The pipeline's outcome columns read strictly, and a learned profile's provenance read back as strictly.
@Suite struct OutcomeReaderTests {
    static let header = "campaign,enterprise,stage,note,score_chain,score_endowment,score_relatedness,score_profile\n"

    static func read(_ body: String, campaigns: Set<String>? = ["a", "b"]) throws -> [TargetOutcome] {
        try OutcomeReader.parse(try CSVReader.parse(Data((header + body).utf8), path: "p.csv"), campaigns: campaigns)
    }

    static func failure(_ body: String, campaigns: Set<String>? = ["a", "b"]) -> String {
        do {
            _ = try read(body, campaigns: campaigns)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func readsTheColumnsItNeedsInAnyOrder() throws {
        let rows = try Self.read("a,SZ300750,signed,电话,12.5,20.25,3,4\nb,SH600111,dropped,,0,0,0,1.5\na,SH600111,negotiating,\"x,y\",1,2,3,4\n")
        #expect(rows.count == 3)
        #expect(rows[0] == TargetOutcome(campaign: "a", enterprise: "SZ300750", stage: .signed, scores: [12.5, 20.25, 3, 4]))
        #expect(rows.map(\.converted) == [true, false, false])
        #expect(rows[0].score == 39.75)
        // Columns are found by name; a byte-order mark and CRLF are fine.
        let shuffled = "\u{FEFF}score_profile,stage,enterprise,score_relatedness,campaign,score_endowment,score_chain\r\n4,funded,e1,3,a,2,1\r\n"
        let t = try OutcomeReader.parse(try CSVReader.parse(Data(shuffled.utf8), path: "q.csv"))
        #expect(t == [TargetOutcome(campaign: "a", enterprise: "e1", stage: .funded, scores: [1, 2, 3, 4])])
        #expect(TargetOutcome.Stage.allCases.filter(\.converted) == [.signed, .started, .funded])
    }

    @Test func errorsNameFileLineColumnAndField() {
        #expect(Self.failure("a,e1,signed,,1,2,3,4\na,e2,won,,1,2,3,4\n")
                == "p.csv:3:3 (field stage): unknown stage 'won' (want one of: contacted, visited, negotiating, signed, started, funded, dropped)")
        #expect(Self.failure("a,e1,signed,,1,-2,3,4\n") == "p.csv:2:6 (field score_endowment): negative value: -2")
        #expect(Self.failure("a,e1,signed,,1,2,,4\n") == "p.csv:2:7 (field score_relatedness): empty value: a block score is required")
        #expect(Self.failure("a,e1,signed,,1,2,3,nan\n") == "p.csv:2:8 (field score_profile): not a number: 'nan'")
        #expect(Self.failure("a,e1,signed,,1,2,3,4\nc,e1,signed,,1,2,3,4\n") == "p.csv:3:1 (field campaign): unknown campaign 'c'")
        #expect(Self.failure("a,e 1,signed,,1,2,3,4\n").hasPrefix("p.csv:2:2 (field enterprise): an id may not contain white space"))
        #expect(Self.failure("a,e1,signed,,1,2,3,4\nb,e1,signed,,1,2,3,4\na,e1,dropped,,1,2,3,4\n")
                == "p.csv:4:2 (field enterprise): target 'e1' of campaign 'a' is listed twice (first at line 2); one row per target")
        #expect(Self.failure("") == "p.csv:2: rule non-empty: the pipeline file has a header but no rows")
        do {
            _ = try OutcomeReader.parse(try CSVReader.parse(Data("campaign,enterprise,stage\na,e1,signed\n".utf8), path: "r.csv"))
            Issue.record("a pipeline without score columns was read")
        } catch let error as ChainMatchError {
            #expect(error.exitCode == 65 && "\(error)".hasPrefix("r.csv:1 (field score_chain): missing column 'score_chain'"))
        } catch { Issue.record("unexpected \(error)") }
    }

    static let profile = """
    {
      "name": "learned-x", "version": "1.0.0+learned.2026-12-05",
      "description": {"zh": "学习", "en": "learned"},
      "blocks": {"chain": 0.5, "endowment": 0.1, "relatedness": 0.3, "profile": 0.1},
      "spill": {"alpha": 1, "beta": 0.5, "gamma": 0.5},
      "preferences": {"lists": {"global500": 0.8, "china500": 0.7, "private500": 0.6, "central_soe": 0.7, "listed": 0.5, "chain_leader": 1},
                      "size": 0.5, "partner_province": 0.3},
      "provenance": {
        "method": "m", "date": "2026-12-05", "base_profile": "x",
        "inputs": [{"path": "p.csv", "bytes": 10, "sha256": "SHA"}],
        "folds": 5, "seed": 1, "lambda": 0.001, "rows": 100, "positives": 20,
        "held_out_auc": {"learned": 0.8, "current": 0.7}EXTRA
      }
    }
    """

    static func parseProfile(sha: String = String(repeating: "0a", count: 32), extra: String = "") throws -> WeightProfile {
        let text = profile.replacingOccurrences(of: "SHA", with: sha).replacingOccurrences(of: "EXTRA", with: extra)
        return try ModelReader.parseProfile(data: Data(text.utf8), file: "learned-x.json", expectedName: "learned-x")
    }

    @Test func provenanceIsReadStrictly() throws {
        let p = try Self.parseProfile()
        #expect(p.provenance == ProfileProvenance(method: "m", date: "2026-12-05", baseProfile: "x",
                                                  inputs: [.init(path: "p.csv", bytes: 10, sha256: String(repeating: "0a", count: 32))],
                                                  folds: 5, seed: 1, lambda: 0.001, rows: 100, positives: 20,
                                                  heldOutAUC: .init(learned: 0.8, current: 0.7)))
        #expect(throws: ChainMatchError.badData(SourceLocation(file: "learned-x.json", line: 10, column: 47, field: "provenance.inputs[p.csv].sha256"),
                                                "expected 64 lower-case hexadecimal digits")) {
            _ = try Self.parseProfile(sha: "abc")
        }
        #expect(throws: ChainMatchError.badData(SourceLocation(file: "learned-x.json", line: 13, column: 5, field: "provenance.comment"),
                                                "unknown key 'comment'")) {
            _ = try Self.parseProfile(extra: ",\n    \"comment\": \"x\"")
        }
        // The hand-written profiles have none.
        #expect(try ModelReader.readProfile(path: TestPaths.models + "/profiles/balanced.json").provenance == nil)
    }
}
