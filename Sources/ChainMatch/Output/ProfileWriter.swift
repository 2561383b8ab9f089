import Foundation

/// Writes a weight profile as `models/profiles/*.json` holds it, with its `provenance` when it has one.
///
/// ```swift
/// try AtomicFile.write(try ProfileWriter.json(learned), to: "models/profiles/learned-balanced.json")
/// try ModelReader.readProfile(path: "models/profiles/learned-balanced.json") == learned   // true
/// ```
///
/// The schema is the hand-written profiles' (`name`, `version`, `description`, `blocks`, `spill`,
/// `preferences`; see `models/README.md`) plus `provenance`: `method`, `date`, `base_profile`, `inputs`
/// (`path`, `bytes`, `sha256`), `folds`, `seed`, `lambda`, `rows`, `positives` and `held_out_auc`
/// (`learned`, `current`). Keys are sorted and numbers written in their shortest exact form, so the
/// same profile always gives the same bytes and reads back equal.
public enum ProfileWriter {
    struct File: Encodable {
        struct Description: Encodable { var zh, en: String }
        struct Blocks: Encodable { var chain, endowment, relatedness, profile: Double }
        struct Spill: Encodable { var alpha, beta, gamma: Double }
        struct Lists: Encodable { var global500, china500, private500, central_soe, listed, chain_leader: Double }
        struct Preferences: Encodable { var lists: Lists; var size, partner_province: Double }
        struct Input: Encodable { var path: String; var bytes: Int; var sha256: String }
        struct HeldOut: Encodable { var learned, current: Double }
        struct Provenance: Encodable {
            var method, date, base_profile: String
            var inputs: [Input]
            var folds, seed: Int
            var lambda: Double
            var rows, positives: Int
            var held_out_auc: HeldOut
        }
        var name, version: String
        var description: Description
        var blocks: Blocks
        var spill: Spill
        var preferences: Preferences
        var provenance: Provenance?
    }

    /// The profile as JSON: pretty-printed, keys sorted, ending in a newline.
    public static func json(_ profile: WeightProfile) throws -> Data {
        let b = profile.blocks, s = profile.spill, p = profile.preferences
        let file = File(
            name: profile.name, version: profile.version,
            description: .init(zh: profile.descriptionZh, en: profile.descriptionEn),
            blocks: .init(chain: b.chain, endowment: b.endowment, relatedness: b.relatedness, profile: b.profile),
            spill: .init(alpha: s.alpha, beta: s.beta, gamma: s.gamma),
            preferences: .init(lists: .init(global500: p.global500, china500: p.china500, private500: p.private500, central_soe: p.centralSOE,
                                            listed: p.listed, chain_leader: p.chainLeader),
                               size: p.size, partner_province: p.partnerProvince),
            provenance: profile.provenance.map { v in
                .init(method: v.method, date: v.date, base_profile: v.baseProfile,
                      inputs: v.inputs.map { .init(path: $0.path, bytes: $0.bytes, sha256: $0.sha256) },
                      folds: v.folds, seed: v.seed, lambda: v.lambda, rows: v.rows, positives: v.positives,
                      held_out_auc: .init(learned: v.heldOutAUC.learned, current: v.heldOutAUC.current))
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(file)
        data.append(0x0A)
        return data
    }
}
