import Foundation
import Testing
@testable import ChainMatch

/// The bundled campaigns' CSV and JSON lists, pinned by SHA-256: a refactor must leave them byte-identical.
/// Update a pin only for an intended change of scores, data or formats, and say so in the commit.
/// Scores are rescored in one fixed order, so the bytes do not depend on the BLAS kernel (checked with
/// OPENBLAS_CORETYPE = Haswell, SkylakeX, Zen and Cooperlake).
@Suite struct OutputPinTests {
    static let pinned: [String: (csv: String, json: String)] = [
        "gs-jinchang-nickel-cobalt-battery": ("30897d23cff8925033c1345346d880b3cf35ac1923982ebc38153e0b9b2a277f", "cec6f49bfd86d7e6e07aa947a4a043c7a43fb16f74ed41aa8cc92538d7b8f88d"),
        "gs-jiuquan-new-energy-equipment": ("174577cae3708d0d5706e949355c4f22cf118d8959dd7881b6c41df481b856b0", "abe433b0d9669d23a40e193a4eee6993e2367c4cf65ab9d7286c8ae2f614c811"),
        "gs-lanzhou-new-area-fine-chemicals": ("4fd512d04899347f419863ca155bd558c196b8e09378ed112ee4e06e812eb6ce", "eee9eafd3234a684d7a0e34613a900d2c20274feb650ce6f33ab31e3d7cc8926"),
        "nm-wuhai-coal-based-materials": ("1d65139340f7d1cffc61eace4f228494abf7356a2d436dcac213b217c9e6a33d", "d3014908b2f8dbcc7b30f800d4c903407af26c53baf3cd20264d5b8abefd823f"),
        "nm-wuhai-desert-wine-agrifood": ("450433576bd6f931679fe79cfcce48fe11a628083dfdb6a838f0b5ca4b1e4101", "c6f12b863b2a277f36dfe890711c3488368efe21e95d0b68297a914b69872687"),
        "nm-wuhai-hydrogen": ("bcad50e9c18c21c92622489330fadacc053d9b6ca8da0bc052e54ffff482d941", "ecb2174a274fe7294a4fc541ee0b041a492dbed781f12e49dba176a0a9ac7895"),
        "qh-golmud-salt-lake-lithium": ("d4c4b4789551ecba0ea57a5f8a7400a81ee903070f1a004680ec4c8360349c21", "76121d2ab2ec4f581d4752a655266c6da2b859230d043bdbebb5454366a7b907"),
        "qh-haidong-green-computing": ("af7dfbf3d5001adfc158811e82a90fa139d85457734e4b54f1cf27a88af9f01a", "b5485035c92e8ff25acbcf1abc709b39c28a098755e8ae0c48f6c3992b14b03c"),
        "qh-xining-tibetan-medicine-plateau": ("a3b791948cc45146e3b7dcb2ba15a1aedf8e631bf5e01901b8f25e5beb8db374", "470796acf8c910a78e5e5c415d99ccdc82016752e37fecb54325b93d43e055ea"),
        "yn-kunming-biomedicine": ("3a5688965fb977b78dc3fbe170598300057250cf319b8b2b25fbe75633b4ef50", "1bb170278acf8d220cc54cf77b6732962808f397378d0723c30105b31995cc92"),
        "yn-kunming-headquarters": ("2e3ec3b55a73b939b045ec73d81d72603c1109b5b5459cf83739b074f2c73b5b", "13c268bede2fb77d5ac36dd2f966e79ba04aca1827fdb9687c7c87dbb93f5e10"),
        "yn-yanshan-green-aluminium": ("6654f9e22773691fdcf6583b76b4639a93198dd123fc357ac011a35271e91d33", "984817ddabebbe0d8d62040c5362675d9c844c5d5592059c531c082cdc7327b6"),
        "yn-yunxian-green-silicon-pv": ("f52f27828a36b0763817667f551a34784067232a2c4114295c1c441b76dcf814", "5b7afc2c7d7e931ec7f9520e7570de3655be6364461497353511ec8e7be88082"),
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
