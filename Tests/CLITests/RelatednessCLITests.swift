import Foundation
import Testing

@Suite struct RelatednessCLITests {
    @Test func evaluateRelatednessJSONIsDeterministic() throws {
        let args = ["evaluate", "relatedness", "--folds", "3", "--seed", "9", "--format", "json",
                    "--scorers", "rp3beta,ease,density,cooccurrence,popularity,random"]
        let a = try runCLI(args), b = try runCLI(args)
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout == b.stdout)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        #expect(object["folds"] as? Int == 3)
        #expect((object["zones"] as? Int ?? 0) > 2000)
        #expect(object["industries"] as? Int == 64)
        #expect(object["hide"] as? String == "terms")
        #expect(object["pair-model"] == nil)
        for scorer in ["rp3beta", "ease", "density", "cooccurrence", "popularity", "random"] {
            let m = try #require(object[scorer] as? [String: Double], "missing \(scorer)")
            #expect(Set(m.keys).isSuperset(of: ["roc_auc", "pr_auc", "precision_at_5", "precision_at_10", "recall_at_10"]))
        }
    }

    @Test func evaluateRejectsAnUnknownScorer() throws {
        let r = try runCLI(["evaluate", "relatedness", "--scorers", "density,als"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("'als'") && r.stderr.contains("pair-model"), "\(r.stderr)")
    }

    @Test func evaluateRejectsABadSeed() throws {
        let r = try runCLI(["evaluate", "relatedness", "--seed", "minus-one"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--seed"))
    }

    @Test func relatednessBuildDryRunReportsCoverage() throws {
        let r = try runCLI(["relatedness", "build", "--dry-run"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("7002 mapped (99.60%)"))
        #expect(!r.stdout.contains("wrote "))
    }

    @Test func relatednessShowListsPresentAndCandidateIndustries() throws {
        let r = try runCLI(["relatedness", "show", "--park", "G631211", "--top", "3", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let present = try #require(object["present"] as? [[String: Any]])
        #expect(Set(present.compactMap { $0["industry"] as? String }) == ["salt_chemicals", "steel", "nonferrous", "new_energy"])
        let candidates = try #require(object["candidates"] as? [[String: Any]])
        #expect(candidates.count == 3)
        let densities = candidates.compactMap { $0["density"] as? Double }
        #expect(densities == densities.sorted(by: >))
        #expect(try runCLI(["relatedness", "show", "--park", "NOPE"]).status == 65)
        #expect(try runCLI(["relatedness", "show"]).status == 64)
    }
}
