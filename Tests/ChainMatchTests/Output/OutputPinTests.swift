import Foundation
import Testing
@testable import ChainMatch

/// The bundled campaigns' CSV and JSON lists, pinned by SHA-256: a refactor must leave them byte-identical.
/// Update a pin only for an intended change of scores, data or formats, and say so in the commit.
/// Scores are rescored in one fixed order, so the bytes do not depend on the BLAS kernel (checked with
/// OPENBLAS_CORETYPE = Haswell, SkylakeX, Zen and Cooperlake).
@Suite struct OutputPinTests {
    static let pinned: [String: (csv: String, json: String)] = [
        "gs-jinchang-nickel-cobalt-battery": ("531848003eb19c44c7409ff2b973a72e16f1f8018d474842d43209e6fda9c7ff", "cb6a902f954537fbdff8631ccd1e39f814b223a98e521c07921b8db1d497b281"),
        "gs-jiuquan-new-energy-equipment": ("569c69b2390aad703acf86f026e6e5c11d1ffe50a427283f0facd5dfb598b49c", "4b28cbff4e4a1aae611f89e344cad37b854e43f8847e728ab4feefdfc3bd05b8"),
        "gs-lanzhou-new-area-fine-chemicals": ("0ed9b1ca920323666641b1a1b9a9bec1ceec25ea5eec814d39af15191f476f83", "5fcb981f483bc74a20ec784d28476a86f8c3114b4e13a530db50ef644c2bbf23"),
        "nm-wuhai-coal-based-materials": ("5e2523f6ef3cf33c34752dd3a3ff542e4d9dd30a77aae223f5993b0d52cbc6a3", "86e9640923011a50899e262f647aa5c98361b8cc2072be99cb2778f1411fd290"),
        "nm-wuhai-desert-wine-agrifood": ("a3aba5668bf575d7cee8f8a7d8de89d00b4b2d8f11f1cd29b065915e66c9eda1", "4f541e6fc571b45155838e5a4f91f677d1f85dfc2398a8e4adc4570a059117e2"),
        "nm-wuhai-hydrogen": ("512c440093db9becc4640aea51ff8eeffc3859d28a412508ce443c0b1d24b9b7", "803eafe4e78e4fb010aaabe492d2b822042faa0ac8ef5cee1c026973915397bf"),
        "qh-golmud-salt-lake-lithium": ("18bb55bd1cac4e43b654645cdd52d820b628e23ffce7c98ce883aba548718fdf", "8174a7068b6d4d5e60457c0b324c611b8d7f4e2f09ca53b7d829d9fbc7b7d8f0"),
        "qh-haidong-green-computing": ("f790bc83906f65e636b113bbabf80af7ac3d89a5c3aed3cb2e6b1290d99d79c5", "3b284aaeb25eab9d7a008aa78abc9a96174dc6b4bb929453b34372087136674e"),
        "qh-xining-tibetan-medicine-plateau": ("e89d827f27258f83e6dd47fb6ab4c939ae6f1f0e737183aedf8785b13fff6164", "58ba52177e57fb75aa1c719f6344c52692e18ca554f9c3092a84efb16ee32e97"),
        "yn-kunming-biomedicine": ("96e321b48298615057ab7a1cce2e4ab0182ad3cb480aa4975e333618737620cf", "019f8a6f3fcf3fd122c68742ed1ac7ef4494142dc15675b509d38ae50bd2eef6"),
        "yn-kunming-headquarters": ("67552aa1fc35b449a0df04c5bad066a5270e337843a1d4ffe88bb1cdb142d2ef", "6a1bb3dcab2fac69a752bb98f0bc06ca682823378454c01db6e6251a2a337ba0"),
        "yn-yanshan-green-aluminium": ("74c41031bb84251c82ed1924394d7a44eedc5de10a7bb5cc632097dad1882811", "9fe29be0556431937e3be635c8c073f2ce9f841044accb9081f2a934161a03a8"),
        "yn-yunxian-green-silicon-pv": ("f2475b71f254e57400f286b828e7442d0b3f79eded181c850c810ff36c4a04cc", "01149abc2791597361d9bbfc2eccf83378f57d7538b18e58ae36729373494e1a"),
    ]

    @Test func bundledListsAreByteIdentical() throws {
        let engine = try BundledEngine.get()
        var seen: [String: (csv: String, json: String)] = [:]
        for list in try engine.rank(try engine.bundledCampaigns()) {
            seen[list.campaign.id] = (SHA256.digest(try RankingWriter.render(list, format: .csv)).hex,
                                      SHA256.digest(try RankingWriter.render(list, format: .json)).hex)
        }
        // On a mismatch, the new pins to paste after checking the change is intended.
        for id in seen.keys.sorted() where seen[id]! != Self.pinned[id] ?? ("", "") {
            print("new pin: \"\(id)\": (\"\(seen[id]!.csv)\", \"\(seen[id]!.json)\"),")
        }
        #expect(Set(seen.keys) == Set(Self.pinned.keys))
        for (id, pin) in Self.pinned {
            #expect(seen[id]?.csv == pin.csv, "\(id) CSV changed")
            #expect(seen[id]?.json == pin.json, "\(id) JSON changed")
        }
    }
}
