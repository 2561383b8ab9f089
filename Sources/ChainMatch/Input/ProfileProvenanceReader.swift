import Foundation

/// Reads the `provenance` object of a learned weight profile, as strictly as the rest of the profile.
///
/// ```swift
/// let root = try StrictJSONObject.read(path: "models/profiles/learned-balanced.json")
/// let provenance = try ProfileProvenanceReader.parse(try root.object("provenance"))
/// ```
///
/// Keys: `method`, `date`, `base_profile`, `inputs` (`path`, `bytes`, `sha256`), `folds`,
/// `seed`, `lambda` (> 0), `rows`, `positives` (≤ rows) and `held_out_auc` (`learned`, `current`, each in
/// [0, 1]). A key it does not know, or one missing, is an error at its line and column.
enum ProfileProvenanceReader {
    /// Seeds and counts are whole numbers a JSON double holds exactly.
    static let wholeRange = 0...(1 << 53)

    static func parse(_ p: StrictJSONObject) throws -> ProfileProvenance {
        let method = try p.string("method")
        let date = try p.string("date")
        let base = try p.string("base_profile")
        var inputs: [ProfileProvenance.Input] = []
        for i in try p.objects("inputs", labelKey: "path") {
            let sha = try i.string("sha256")
            guard sha.utf8.count == 64, sha.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
                throw i.error("sha256", "expected 64 lower-case hexadecimal digits")
            }
            inputs.append(ProfileProvenance.Input(path: try i.string("path"), bytes: try i.wholeNumber("bytes", in: wholeRange), sha256: sha))
            try i.finish()
        }
        let folds = try p.wholeNumber("folds", in: 2...1_000)
        let seed = try p.wholeNumber("seed", in: wholeRange)
        let lambda = try p.double("lambda")
        guard lambda > 0, lambda.isFinite else { throw p.error("lambda", "must be positive, got \(lambda)") }
        let rows = try p.wholeNumber("rows", in: 1...(1 << 53))
        let positives = try p.wholeNumber("positives", in: 0...rows)
        let auc = try p.object("held_out_auc")
        let heldOut = ProfileProvenance.HeldOutAUC(learned: try auc.number("learned", in: 0...1), current: try auc.number("current", in: 0...1))
        try auc.finish()
        try p.finish()
        return ProfileProvenance(method: method, date: date, baseProfile: base, inputs: inputs, folds: folds, seed: seed,
                                 lambda: lambda, rows: rows, positives: positives, heldOutAUC: heldOut)
    }
}
