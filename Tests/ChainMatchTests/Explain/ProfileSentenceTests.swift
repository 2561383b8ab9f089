import Testing
@testable import ChainMatch

@Suite struct ProfileSentenceTests {
    @Test func aShippedProfileIsNamedByItsChineseLabel() throws {
        let led = try BundledEngine.get().models.profile("resource-led")
        #expect(EnterpriseExplanation.profileSentence(led, named: "resource-led", lang: .zh) == "名单按「资源导向/延链」权重方案排序。")
        #expect(EnterpriseExplanation.profileSentence(led, named: "resource-led", lang: .en) == "The list is ranked with weight profile resource-led.")
    }

    /// A learned profile says when and from what it was learned, with its held-out AUC against the one it replaced.
    @Test func aLearnedProfileSaysWhatItWasLearnedFrom() throws {
        let provenance = ProfileProvenance(method: "L2 logistic regression", date: "2026-12-05", baseProfile: "chain-first", inputs: [],
                                           folds: 5, seed: 1, lambda: 0.001, rows: 3696, positives: 571,
                                           heldOutAUC: .init(learned: 0.84651, current: 0.84092))
        let base = try #require(try BundledEngine.get().models.profile("chain-first"))
        var profile = base
        profile.name = "learned-chain-first"
        profile.provenance = provenance
        let zh = EnterpriseExplanation.profileSentence(profile, named: "learned-chain-first", base: base, lang: .zh)
        #expect(zh == "名单按学得的权重方案排序：2026-12-05由项目台账结果学得（3696个目标、571个签约，5折交叉验证留出AUC 0.8465，原方案「链主优先/补链」为0.8409）。")
        let en = EnterpriseExplanation.profileSentence(profile, named: "learned-chain-first", lang: .en)
        #expect(en.contains("held-out AUC 0.8465 over 5 folds against 0.8409 for chain-first"))
    }
}
