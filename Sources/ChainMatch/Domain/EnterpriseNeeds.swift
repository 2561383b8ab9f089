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

/// What a typical project in each chain node needs per 亿元 invested, and whether the node is
/// two-high; taken from `models/chains.json`.
public struct NodeUnitNeeds: Sendable, Equatable {
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
/// An enterprise's project for a campaign is in the target node it is strongest in (its first node,
/// in activity order, whose bit is set in the campaign's target nodes), else in the wanted node it is
/// strongest in (any node with chain weight, such as a target's supplier), else in the campaign's
/// fallback node, else in its own strongest node. The project's size is the enterprise's
/// `projectInvestment100m`; land, energy, water and two-high come from that node's unit needs,
/// CO₂ is energy × `co2PerTce`. No project has zero land or energy unless its node's unit needs do.
public struct EnterpriseNeeds: Sendable, Equatable {
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
    public var unit: NodeUnitNeeds

    public init(count: Int, nodes: Int = 0, unit: NodeUnitNeeds = NodeUnitNeeds()) {
        projectInvestment100m = [Double](repeating: 0, count: count)
        lists = [ListMembership](repeating: [], count: count)
        nodeWordsPerRow = (nodes + 63) / 64
        nodeWords = [UInt64](repeating: 0, count: count * nodeWordsPerRow)
        nodeOrderStart = [Int32](repeating: 0, count: count + 1)
        nodeOrder = []
        self.unit = unit
    }

    public var count: Int { lists.count }

    /// Sets enterprise `e`'s active nodes, strongest first. Call it for every row, in order (0, 1, 2 …),
    /// an enterprise in no node with an empty list.
    public mutating func setNodes(_ nodes: [Int], enterprise e: Int) {
        precondition(nodeOrderStart[e] == Int32(nodeOrder.count), "rows must be set in order")
        for n in nodes {
            nodeWords[e * nodeWordsPerRow + n / 64] |= 1 << UInt64(n % 64)
            nodeOrder.append(Int32(n))
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
        var order: [Int32] = [], starts: [Int32] = [0]
        for p in picked {
            order += nodes(of: p)
            starts.append(Int32(order.count))
        }
        s.nodeOrder = order
        s.nodeOrderStart = starts
        return s
    }
}
