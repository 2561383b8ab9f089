/// How a learned weight profile was made: from which outcomes, when, how it was fitted and how well it ranks.
///
/// ```swift
/// let p = try ModelReader.readProfile(path: "models/profiles/learned-resource-led.json")
/// p.provenance?.heldOutAUC.learned   // e.g. 0.74, against .current 0.69
/// p.provenance?.inputs.first?.sha256 // digest of the pipeline file it was learned from
/// ```
///
/// Written as the profile's `provenance` object by `chainmatch learn`; a profile written by hand has none.
public struct ProfileProvenance: Equatable, Sendable, Codable {
    /// One input file: its path as given (relative to the data root when inside it), size and SHA-256.
    public struct Input: Equatable, Sendable, Codable {
        public var path: String
        public var bytes: Int
        /// Lower-case hexadecimal, 64 characters.
        public var sha256: String

        public init(path: String, bytes: Int, sha256: String) {
            self.path = path
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    /// Held-out ROC-AUC (mean over the folds) of the learned weights and of the profile they were learned against.
    public struct HeldOutAUC: Equatable, Sendable, Codable {
        public var learned: Double
        public var current: Double

        public init(learned: Double, current: Double) {
            self.learned = learned
            self.current = current
        }
    }

    /// One sentence on the method (model, penalty, folds).
    public var method: String
    /// `YYYY-MM-DD`.
    public var date: String
    /// The profile whose campaigns' outcomes were learned from; spill and preferences are copied from it.
    public var baseProfile: String
    public var inputs: [Input]
    public var folds: Int
    /// Seed of the fold assignment.
    public var seed: Int
    /// The L2 penalty per row chosen by cross-validation.
    public var lambda: Double
    /// Targets learned from, and how many of them converted (reached `signed` or later).
    public var rows: Int
    public var positives: Int
    public var heldOutAUC: HeldOutAUC

    public init(method: String, date: String, baseProfile: String, inputs: [Input], folds: Int, seed: Int,
                lambda: Double, rows: Int, positives: Int, heldOutAUC: HeldOutAUC) {
        self.method = method
        self.date = date
        self.baseProfile = baseProfile
        self.inputs = inputs
        self.folds = folds
        self.seed = seed
        self.lambda = lambda
        self.rows = rows
        self.positives = positives
        self.heldOutAUC = heldOutAUC
    }
}
