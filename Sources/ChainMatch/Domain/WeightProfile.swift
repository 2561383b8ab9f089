/// A named set of scoring weights for one kind of campaign.
///
/// ```swift
/// let p = try ModelReader.readProfile(path: location.models + "/profiles/balanced.json")
/// print(p.blocks.chain, p.spill.beta, p.preferences.global500) // 0.4 0.5 0.8
/// // chain-block weights: w = α·g + β·A⊙g + γ·Aᵀ⊙g with (α, β, γ) = p.spill (see CampaignEncoder)
/// ```
///
/// It says how much each score block counts, how a chain gap spills to its neighbours, and which
/// enterprise profiles the campaign prefers. All weights are non-negative. Block weights are relative (the scorer normalises features per
/// block); they need not sum to 1, though the shipped profiles do.
public struct WeightProfile: Equatable, Sendable, Codable {
    /// Weights of the four score blocks.
    public struct Blocks: Equatable, Sendable, Codable {
        public var chain: Double
        public var endowment: Double
        public var relatedness: Double
        public var profile: Double

        public init(chain: Double, endowment: Double, relatedness: Double, profile: Double) {
            self.chain = chain
            self.endowment = endowment
            self.relatedness = relatedness
            self.profile = profile
        }

        /// The four weights from an array in block order: chain, endowment, relatedness, profile.
        public init(_ values: [Double]) {
            precondition(values.count == 4, "four block weights, got \(values.count)")
            self.init(chain: values[0], endowment: values[1], relatedness: values[2], profile: values[3])
        }

        /// The four weights in block order: chain, endowment, relatedness, profile.
        public var values: [Double] { [chain, endowment, relatedness, profile] }
    }

    /// Spill coefficients of the chain block: w = α·g + β·A⊙g + γ·Aᵀ⊙g, (A⊙g)_i = max_j A[i][j]·g_j.
    public struct Spill: Equatable, Sendable, Codable {
        /// Weight of the gap itself (补链: fill the missing node).
        public var alpha: Double
        /// Upstream spill A⊙g (延链 upward: suppliers of the gap node).
        public var beta: Double
        /// Downstream spill Aᵀ⊙g (延链 downward: customers of the gap node).
        public var gamma: Double

        public init(alpha: Double, beta: Double, gamma: Double) {
            self.alpha = alpha
            self.beta = beta
            self.gamma = gamma
        }
    }

    /// Profile-block preferences: list memberships, size and partner-province ties.
    public struct Preferences: Equatable, Sendable, Codable {
        public var global500: Double
        public var china500: Double
        public var private500: Double
        public var centralSOE: Double
        public var listed: Double
        public var chainLeader: Double
        /// Weight of enterprise size (revenue or market value, normalised).
        public var size: Double
        /// Weight of a tie to a partner province (东西部协作 / 对口支援).
        public var partnerProvince: Double

        public init(global500: Double, china500: Double, private500: Double, centralSOE: Double,
                    listed: Double, chainLeader: Double, size: Double, partnerProvince: Double) {
            self.global500 = global500
            self.china500 = china500
            self.private500 = private500
            self.centralSOE = centralSOE
            self.listed = listed
            self.chainLeader = chainLeader
            self.size = size
            self.partnerProvince = partnerProvince
        }
    }

    /// Profile name, equal to the file name without `.json` (e.g. `balanced`).
    public var name: String
    public var version: String
    public var descriptionZh: String
    public var descriptionEn: String
    public var blocks: Blocks
    public var spill: Spill
    public var preferences: Preferences
    /// How a learned profile was made (`chainmatch learn`); nil for a profile written by hand.
    public var provenance: ProfileProvenance?

    public init(name: String, version: String, descriptionZh: String, descriptionEn: String,
                blocks: Blocks, spill: Spill, preferences: Preferences, provenance: ProfileProvenance? = nil) {
        self.name = name
        self.version = version
        self.descriptionZh = descriptionZh
        self.descriptionEn = descriptionEn
        self.blocks = blocks
        self.spill = spill
        self.preferences = preferences
        self.provenance = provenance
    }

    /// Every weight with its key path, for validation and display.
    public var namedWeights: [(String, Double)] {
        [("blocks.chain", blocks.chain), ("blocks.endowment", blocks.endowment),
         ("blocks.relatedness", blocks.relatedness), ("blocks.profile", blocks.profile),
         ("spill.alpha", spill.alpha), ("spill.beta", spill.beta), ("spill.gamma", spill.gamma),
         ("preferences.lists.global500", preferences.global500), ("preferences.lists.china500", preferences.china500),
         ("preferences.lists.private500", preferences.private500), ("preferences.lists.central_soe", preferences.centralSOE),
         ("preferences.lists.listed", preferences.listed), ("preferences.lists.chain_leader", preferences.chainLeader),
         ("preferences.size", preferences.size), ("preferences.partner_province", preferences.partnerProvince)]
    }
}
