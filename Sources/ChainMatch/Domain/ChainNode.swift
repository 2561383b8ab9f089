/// One link (环节) of an industrial chain.
///
/// ```swift
/// let cathode = taxonomy.node("li.cathode")!
/// print(cathode.gbt4754)                  // ["C3985", "C2613"]
/// print(cathode.needs.energyTcePer10kCNY) // energy per 万元 output
/// ```
///
/// A node maps onto industry codes, listed-company classes and name keywords, and states what a
/// typical project of its kind needs from a park. `upstream` lists the nodes that feed this one (links may cross chains). Needs are per unit of
/// investment or output so they scale with project size; `basis` says for each number whether it
/// comes from a published source or is judgement.
public struct ChainNode: Equatable, Sendable, Codable {
    /// Position of the node in its chain.
    public enum Stage: String, Equatable, Hashable, Sendable, CaseIterable, Codable {
        case upstream, midstream, downstream, service
    }

    /// What a typical project of this node needs, per unit of investment or output.
    public struct Needs: Equatable, Sendable, Codable {
        /// Land in 亩 (mu) per 1 亿元 (100 million CNY) of investment.
        public var landMuPer100mCNY: Double
        /// Energy in tonnes of standard coal equivalent (tce) per 万元 (10,000 CNY) of output.
        public var energyTcePer10kCNY: Double
        /// Fresh water in tonnes per 万元 of output.
        public var waterTPer10kCNY: Double
        /// Resource ids from the vocabulary that the node depends on.
        public var resources: [String]

        public init(landMuPer100mCNY: Double, energyTcePer10kCNY: Double, waterTPer10kCNY: Double, resources: [String]) {
            self.landMuPer100mCNY = landMuPer100mCNY
            self.energyTcePer10kCNY = energyTcePer10kCNY
            self.waterTPer10kCNY = waterTPer10kCNY
            self.resources = resources
        }
    }

    /// Where each number of `Needs` comes from: a citation, or text starting with "judgement".
    public struct Basis: Equatable, Sendable, Codable {
        public var land: String
        public var energy: String
        public var water: String
        public var twoHigh: String

        public init(land: String, energy: String, water: String, twoHigh: String) {
            self.land = land
            self.energy = energy
            self.water = water
            self.twoHigh = twoHigh
        }
    }

    /// Stable ascii id, `<chain>.<node>`, e.g. `li.carbonate`.
    public var id: String
    /// Id of the chain the node belongs to.
    public var chain: String
    public var nameZh: String
    public var nameEn: String
    public var stage: Stage
    /// GB/T 4754-2017 codes (section letter + 2–4 digits, e.g. `C3841`).
    public var gbt4754: [String]
    /// Exact Tushare `industry` class strings of listed companies that indicate the node.
    public var listedIndustries: [String]
    /// Exact Fortune Global 500 `industry_zh` strings that indicate the node.
    public var global500Industries: [String]
    /// Chinese company-name keywords that indicate the node.
    public var keywords: [String]
    /// Ids of the nodes that feed this one.
    public var upstream: [String]
    public var needs: Needs
    /// In the national two-high (两高) scope: coal power, petrochemicals, chemicals, steel,
    /// non-ferrous smelting, building materials.
    public var twoHigh: Bool
    public var basis: Basis

    public init(id: String, chain: String, nameZh: String, nameEn: String, stage: Stage,
                gbt4754: [String], listedIndustries: [String], global500Industries: [String],
                keywords: [String], upstream: [String], needs: Needs, twoHigh: Bool, basis: Basis) {
        self.id = id
        self.chain = chain
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.stage = stage
        self.gbt4754 = gbt4754
        self.listedIndustries = listedIndustries
        self.global500Industries = global500Industries
        self.keywords = keywords
        self.upstream = upstream
        self.needs = needs
        self.twoHigh = twoHigh
        self.basis = basis
    }
}
