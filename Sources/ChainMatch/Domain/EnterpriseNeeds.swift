/// What one project needs from a park: where it is (its node), how large, and its land, energy,
/// water, emissions and two-high status.
///
/// ```swift
/// let p = needs.project(enterprise: 3, wanted: limits.wantedNodes, fallback: limits.fallbackNode)
/// print(p.node, p.investment100m, p.landMu)   // node index, 亿元, 亩
/// ```
///
/// Units: investment in 亿元; land in mu (亩); energy in tonnes of coal equivalent per year (tce);
/// water and CO₂ in tonnes per year.
public struct ProjectNeeds: Sendable, Equatable {
    /// The chain node of the project (index into the taxonomy's nodes); nil only without any node.
    public var node: Int?
    public var investment100m: Double
    public var landMu: Double
    public var energyTce: Double
    public var waterTonnes: Double
    public var emissionTonnes: Double
    public var twoHigh: Bool

    @inlinable
    public init(node: Int?, investment100m: Double, landMu: Double, energyTce: Double, waterTonnes: Double,
                emissionTonnes: Double, twoHigh: Bool) {
        self.node = node; self.investment100m = investment100m; self.landMu = landMu; self.energyTce = energyTce
        self.waterTonnes = waterTonnes; self.emissionTonnes = emissionTonnes; self.twoHigh = twoHigh
    }
}

/// The project a campaign considers for one enterprise (`EnterpriseNeeds.projectChoice`): its node and the
/// credit it earns there, split into the chain and endowment parts.
public struct ProjectChoice: Sendable, Equatable {
    public var node: Int
    public var chain: Float
    public var endowment: Float
    /// `chain + endowment`, as the score adds it.
    public var credit: Float
    /// Whether the project fits the park (when none does, the best of all, and the enterprise is masked).
    public var fits: Bool

    @inlinable
    public init(node: Int, chain: Float, endowment: Float, credit: Float, fits: Bool) {
        self.node = node; self.chain = chain; self.endowment = endowment; self.credit = credit; self.fits = fits
    }
}

/// What a typical project in each chain node needs per 亿元 invested, and whether the node is
/// two-high; taken from `models/chains.json`.
public struct NodeUnitNeeds: Sendable, Equatable, Codable {
    public var landMuPer100m: [Double]
    /// tce per 亿元 of output (tce/万元 × 10,000); output equals investment.
    public var energyTcePer100m: [Double]
    public var waterTPer100m: [Double]
    public var twoHigh: [Bool]

    public init(landMuPer100m: [Double] = [], energyTcePer100m: [Double] = [], waterTPer100m: [Double] = [], twoHigh: [Bool] = []) {
        self.landMuPer100m = landMuPer100m; self.energyTcePer100m = energyTcePer100m
        self.waterTPer100m = waterTPer100m; self.twoHigh = twoHigh
    }

    public init(taxonomy: ChainTaxonomy) {
        self.init(landMuPer100m: taxonomy.nodes.map(\.needs.landMuPer100mCNY),
                  energyTcePer100m: taxonomy.nodes.map { $0.needs.energyTcePer10kCNY * 10_000 },
                  waterTPer100m: taxonomy.nodes.map { $0.needs.waterTPer10kCNY * 10_000 },
                  twoHigh: taxonomy.nodes.map(\.twoHigh))
    }
}

/// What each enterprise would bring to a park, as data for the masks (struct of arrays).
///
/// ```swift
/// var needs = EnterpriseNeeds(count: 2, nodes: 3)
/// needs.projectInvestment100m[1] = 20
/// needs.setNodes([], enterprise: 0)
/// needs.setNodes([2, 0], enterprise: 1)    // active in nodes 2 and 0, strongest first
/// needs.project(enterprise: 1, wanted: [0b001], fallback: nil).node   // 0: its only wanted node
/// ```
///
/// An enterprise's project for a campaign is in the node where it earns the most credit among those the
/// park can host (`projectChoice`, given the campaign's node weights); without weights, in the target node
/// it is strongest in (its first node, in activity order, whose bit is set in the campaign's target nodes),
/// else in the wanted node it is strongest in (any node with chain weight, such as a target's supplier);
/// failing both, in the campaign's fallback node, else in its own strongest node. The project's size is the enterprise's
/// `projectInvestment100m`; land, energy, water and two-high come from that node's unit needs,
/// CO₂ is energy × `co2PerTce`. No project has zero land or energy unless its node's unit needs do.
public struct EnterpriseNeeds: Sendable, Equatable, Codable {
    /// t CO₂ per tce: the all-coal upper bound.
    public static let co2PerTce = 2.66

    public var projectInvestment100m: [Double]
    public var lists: [ListMembership]
    /// The chain nodes each enterprise is active in, as bits: row `e` owns words
    /// `nodeWords[e * nodeWordsPerRow ..< (e + 1) * nodeWordsPerRow]`; node `n` is bit `n % 64` of word `n / 64`.
    public var nodeWords: [UInt64]
    public var nodeWordsPerRow: Int
    /// Row `e`'s active nodes, strongest first: `nodeOrder[nodeOrderStart[e] ..< nodeOrderStart[e + 1]]`.
    public var nodeOrderStart: [Int32]
    public var nodeOrder: [Int32]
    /// Each `nodeOrder` entry's evidence strength (the enterprise's chain feature in that node).
    public var nodeStrength: [Float]
    public var unit: NodeUnitNeeds

    public init(count: Int, nodes: Int = 0, unit: NodeUnitNeeds = NodeUnitNeeds()) {
        projectInvestment100m = [Double](repeating: 0, count: count)
        lists = [ListMembership](repeating: [], count: count)
        nodeWordsPerRow = (nodes + 63) / 64
        nodeWords = [UInt64](repeating: 0, count: count * nodeWordsPerRow)
        nodeOrderStart = [Int32](repeating: 0, count: count + 1)
        nodeOrder = []
        nodeStrength = []
        self.unit = unit
    }

    public var count: Int { lists.count }

    /// Sets enterprise `e`'s active nodes, strongest first. Call it for every row, in order (0, 1, 2 …),
    /// an enterprise in no node with an empty list.
    /// `strengths` (default 1 each) are the enterprise's chain features in those nodes.
    public mutating func setNodes(_ nodes: [Int], strengths: [Float]? = nil, enterprise e: Int) {
        precondition(nodeOrderStart[e] == Int32(nodeOrder.count), "rows must be set in order")
        precondition(strengths.map { $0.count == nodes.count } ?? true, "one strength per node")
        for (i, n) in nodes.enumerated() {
            nodeWords[e * nodeWordsPerRow + n / 64] |= 1 << UInt64(n % 64)
            nodeOrder.append(Int32(n))
            nodeStrength.append(strengths?[i] ?? 1)
        }
        nodeOrderStart[e + 1] = Int32(nodeOrder.count)
    }

    /// Enterprise `e`'s active nodes, strongest first.
    public func nodes(of e: Int) -> ArraySlice<Int32> { nodeOrder[Int(nodeOrderStart[e])..<Int(nodeOrderStart[e + 1])] }

    /// The project enterprise `e` would bring to a campaign wanting `wanted` (node bits; empty = none).
    @inlinable
    public func project(enterprise e: Int, wanted: [UInt64], fallback: Int?) -> ProjectNeeds {
        project(enterprise: e, preferring: [wanted], fallback: fallback)
    }

    /// The project enterprise `e` would bring to a campaign with `limits`: with chain weights
    /// (`limits.nodeWeights`), in the node `projectChoice` picks; without them, or with no positive credit, as
    /// `project(enterprise:preferring:fallback:)` places it over the target and wanted nodes.
    @inlinable
    public func project(enterprise e: Int, limits: CampaignLimits) -> ProjectNeeds {
        if let choice = projectChoice(enterprise: e, limits: limits) { return needs(of: e, node: choice.node) }
        return project(enterprise: e, preferring: [limits.targetNodes, limits.wantedNodes], fallback: limits.fallbackNode)
    }

    /// The node of the project a campaign considers and the credit it earns there: the node's chain weight
    /// and endowment weight (`limits.nodeWeights`, `limits.nodeEndowment`), each times the enterprise's
    /// strength there (two Float products, added). Among the enterprise's nodes with positive credit, the best
    /// whose typical project fits the park (land, energy, water, emissions, two-high), else the best of all
    /// (it is then masked, and the rules name why); of equal credits the lowest node. Nil without weights or
    /// positive credit. A bureau courts the project it wants most among those the park can host.
    @inlinable
    public func projectChoice(enterprise e: Int, limits l: CampaignLimits) -> ProjectChoice? {
        let weights = l.nodeWeights, endowment = l.nodeEndowment
        guard !weights.isEmpty else { return nil }
        var best: ProjectChoice?
        for i in Int(nodeOrderStart[e])..<Int(nodeOrderStart[e + 1]) {
            let n = Int(nodeOrder[i])
            guard n < weights.count else { continue }
            let s = nodeStrength[i]
            let chain = s * weights[n], land = n < endowment.count ? s * endowment[n] : 0
            let t = chain + land
            guard t > 0 else { continue }
            if let b = best, b.fits && (t < b.credit || (t == b.credit && n > b.node)) { continue }
            let fits = fits(needs(of: e, node: n), l)
            if let b = best {
                let better = fits != b.fits ? fits : (t > b.credit || (t == b.credit && n < b.node))
                if !better { continue }
            }
            best = ProjectChoice(node: n, chain: chain, endowment: land, credit: t, fits: fits)
        }
        return best
    }

    /// Whether a project fits a campaign's capacities and two-high rule (the masks' comparisons, exact).
    @inlinable
    public func fits(_ p: ProjectNeeds, _ l: CampaignLimits) -> Bool {
        !(p.landMu > l.landMu) && !(p.energyTce > l.energyTce) && !(p.waterTonnes > l.waterTonnes)
            && !(p.emissionTonnes > l.emissionTonnes) && !(p.twoHigh && !l.allowsTwoHigh)
    }

    /// The project in the first node set of `preferring` that holds any of the enterprise's nodes — its
    /// strongest node there — else in `fallback`, else in its own strongest node.
    @inlinable
    public func project(enterprise e: Int, preferring sets: [[UInt64]], fallback: Int?) -> ProjectNeeds {
        var node: Int?
        let start = Int(nodeOrderStart[e]), end = Int(nodeOrderStart[e + 1])
        for wanted in sets where node == nil {
            var i = start
            while i < end {
                let n = Int(nodeOrder[i])
                if n / 64 < wanted.count && wanted[n / 64] & (1 << UInt64(n % 64)) != 0 { node = n; break }
                i += 1
            }
        }
        if node == nil { node = fallback ?? (start < end ? Int(nodeOrder[start]) : nil) }
        return needs(of: e, node: node)
    }

    /// Enterprise `e`'s project placed in `node` (nil: no node, no needs).
    @inlinable
    public func needs(of e: Int, node: Int?) -> ProjectNeeds {
        let size = projectInvestment100m[e]
        guard let n = node, n < unit.landMuPer100m.count else {
            return ProjectNeeds(node: nil, investment100m: size, landMu: 0, energyTce: 0, waterTonnes: 0, emissionTonnes: 0, twoHigh: false)
        }
        let energy = unit.energyTcePer100m[n] * size
        return ProjectNeeds(node: n, investment100m: size, landMu: unit.landMuPer100m[n] * size, energyTce: energy,
                            waterTonnes: unit.waterTPer100m[n] * size, emissionTonnes: energy * Self.co2PerTce, twoHigh: unit.twoHigh[n])
    }

    /// The needs of rows `range`, renumbered from 0 (a shard's rows).
    public func slice(_ range: Range<Int>) -> EnterpriseNeeds { rows(Array(range)) }

    /// The needs of the given rows, in that order.
    public func rows(_ picked: [Int]) -> EnterpriseNeeds {
        var s = EnterpriseNeeds(count: picked.count, nodes: nodeWordsPerRow * 64, unit: unit)
        s.nodeWordsPerRow = nodeWordsPerRow
        s.nodeWords = picked.flatMap { nodeWords[($0 * nodeWordsPerRow)..<(($0 + 1) * nodeWordsPerRow)] }
        s.projectInvestment100m = picked.map { projectInvestment100m[$0] }
        s.lists = picked.map { lists[$0] }
        var order: [Int32] = [], strength: [Float] = [], starts: [Int32] = [0]
        for p in picked {
            let range = Int(nodeOrderStart[p])..<Int(nodeOrderStart[p + 1])
            order += nodeOrder[range]
            strength += nodeStrength[range]
            starts.append(Int32(order.count))
        }
        s.nodeOrder = order
        s.nodeStrength = strength
        s.nodeOrderStart = starts
        return s
    }
}
