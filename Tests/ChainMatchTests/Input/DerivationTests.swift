import Foundation
import Testing
@testable import ChainMatch

/// The repository root, from this file's path (Tests/ChainMatchTests/Input/DerivationTests.swift).
let repositoryRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The raw sources next to the checkout, absent in a user's clone.
let sharedData = URL(fileURLWithPath: repositoryRoot + "/../shared/data").standardizedFileURL.path
let sharedDataPresent = FileManager.default.fileExists(atPath: sharedData + "/zones/enriched.csv")

@Suite struct DerivationTests {
    @Test(.enabled(if: sharedDataPresent, "skipped: ../shared/data (the raw public sources) is not next to this checkout"))
    func rebuildMatchesCommittedDatasets() throws {
        let out = NSTemporaryDirectory() + "chainmatch-rebuild-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let report = try DatasetBuilder.build(sharedData: sharedData, outputDatasets: out)
        #expect(report.parks == 2543)
        #expect(report.regions == 31)
        for name in DatasetBuilder.fileNames {
            let built = try Data(contentsOf: URL(fileURLWithPath: out + "/" + name))
            let committed = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/datasets/" + name))
            #expect(built == committed, "datasets/\(name) differs from a rebuild; run `chainmatch data build` and commit")
        }
    }

    @Test func missingSourceFolder() {
        #expect(throws: ChainMatchError.self) {
            _ = try DatasetBuilder.build(sharedData: "/nonexistent/shared", outputDatasets: NSTemporaryDirectory() + "x")
        }
    }

    @Test func nameKeys() {
        #expect(Derive.nameKey("宁德时代新能源科技股份有限公司") == "宁德时代新能源科技")
        #expect(Derive.nameKey("中国平安保险（集团）股份有限公司") == "中国平安保险")
        #expect(Derive.nameKey("*ST国华") == "国华")
        #expect(Derive.nameKey("万科Ａ") == "万科")
        #expect(Derive.nameKey("圆通速递有限公司") == Derive.nameKey("圆通速递股份有限公司"))
        #expect(Derive.legalFormKey("联想控股股份有限公司") != Derive.legalFormKey("联想集团有限公司"))
        #expect(Derive.isJointStock("比亚迪股份有限公司") && !Derive.isJointStock("海亮集团有限公司"))
        #expect(EnterprisesDerivation.splitAlias("南光(集团)有限公司(中国南光集团有限公司)") == ("南光(集团)有限公司", "中国南光集团有限公司"))
        #expect(EnterprisesDerivation.splitAlias("华润(集团)有限公司") == ("华润(集团)有限公司", nil))
    }

    @Test func numberFormatting() {
        #expect(Derive.number(1.50, decimals: 2) == "1.5")
        #expect(Derive.number(2.0, decimals: 2) == "2")
        #expect(Derive.number(-0.0001, decimals: 2) == "0")
        #expect(Derive.number(nil, decimals: 2) == "")
        #expect(Derive.fnv1a64("") == "cbf29ce484222325")
    }
}
