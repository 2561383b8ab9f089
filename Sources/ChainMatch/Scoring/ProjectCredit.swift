/// The chain and endowment blocks, which the score does not sum: a campaign credits the one node of the
/// project an enterprise would bring (`EnterpriseNeeds.projectChoice`) — its chain weight and the region's
/// endowment fit for it, each times the enterprise's strength there — not every node it is active in.
///
/// ```swift
/// let credit = ProjectCredit(chain: layout.range(of: .chain), endowment: layout.range(of: .endowment))
/// let (linear, combined, _) = credit.split(weights)   // weights with both blocks zeroed; each node's weight per column
/// // score(e, c) = x_e · linear[:, c] (the GEMM) + masks.projectCredit(enterprise: e, campaign: c)
/// ```
///
/// The GEMM multiplies the weights with both blocks zeroed; the credit (two Float products added) comes from
/// the masks' needs and limits and is added to the sgemm score when a row is screened and to the exact score
/// when it is rescored, the same bits both times. Before the credit is looked up, a row is screened against
/// its campaign's threshold lowered by the most credit it could earn there (its best node before the park's
/// capacities are checked, one vector max per node over the campaigns), so only rows that can reach the
/// threshold pay for the lookup.
public struct ProjectCredit: Sendable, Equatable {
    /// The chain block's columns: the enterprise's strength per node (and the campaign's chain weights).
    public let chain: Range<Int>
    /// The endowment block's columns, node for node (the campaign's endowment weights; the features unused).
    public let endowment: Range<Int>

    public init(chain: Range<Int>, endowment: Range<Int>) {
        precondition(endowment.count == chain.count || endowment.isEmpty, "one endowment column per node, or none")
        self.chain = chain
        self.endowment = endowment
    }

    /// `weights` with both blocks' rows zeroed (the GEMM's part), each node's chain-plus-endowment weight per
    /// column (`nodes × columns`, row-major: one node's weights contiguous over the columns), and each
    /// column's norm over both blocks (for the screening bound).
    public func split(_ weights: Matrix) -> (linear: Matrix, combined: [Float], norm: [Float]) {
        var linear = weights
        var combined = [Float](repeating: 0, count: chain.count * weights.columns)
        var squares = [Double](repeating: 0, count: weights.columns)
        for (i, f) in chain.enumerated() {
            let g = endowment.isEmpty ? nil : endowment.lowerBound + i
            for c in 0..<weights.columns {
                let e = g.map { weights[$0, c] } ?? 0
                combined[i * weights.columns + c] = weights[f, c] + e
                squares[c] += Double(weights[f, c]) * Double(weights[f, c]) + Double(e) * Double(e)
                linear[f, c] = 0
                if let g { linear[g, c] = 0 }
            }
        }
        return (linear, combined, squares.map { Float($0.squareRoot()) })
    }
}

extension FeatureLayout {
    /// The chain and endowment blocks, credited per project: a campaign credits the node of the project an
    /// enterprise would bring, not every node it is active in.
    public var projectCredit: ProjectCredit { ProjectCredit(chain: range(of: .chain), endowment: range(of: .endowment)) }
}

/// What the scorer's screen needs for a project credit: each node's chain-plus-endowment weight per campaign
/// and the credit table (each row's nodes and strengths, each campaign's weights and capacities).
struct CreditScreen {
    let combined: [Float]
    let table: ProjectCreditTable

    /// `thresholds` (campaigns `range`) lowered, for enterprise row `e`, by the most credit it could earn in
    /// each campaign — its best node's strength × chain-plus-endowment weight, before the park's capacities
    /// are checked — with a relative margin for rounding, into `out`; false (and `out` untouched) for a row in
    /// no node. A row below these cannot reach the thresholds with its credit.
    @inline(__always)
    func lower(_ thresholds: UnsafePointer<Float>, row e: Int, range: Range<Int>, into out: UnsafeMutablePointer<Float>) -> Bool {
        let start = Int(table.orderStart[e]), end = Int(table.orderStart[e + 1])
        guard start < end else { return false }
        let width = range.count, campaigns = table.campaigns
        out.update(repeating: 0, count: width)
        combined.withUnsafeBufferPointer { w in
            for i in start..<end where table.strength[i] > 0 {
                let s = table.strength[i], row = w.baseAddress! + Int(table.order[i]) * campaigns + range.lowerBound
                for j in 0..<width { out[j] = max(out[j], s * row[j]) }
            }
        }
        for j in 0..<width {
            let t = thresholds[j], b = out[j]
            out[j] = t - b - (abs(t) + b) * 0x1p-20
        }
        return true
    }
}

/// `EnterpriseNeeds.projectChoice` over flat buffers, for the scorer's inner loop: the same credit, bit for
/// bit (the same Float products and Double comparisons), without copying a campaign's limits or the needs'
/// arrays on every question. Allocated per scoring pass; `deallocate` frees it.
struct ProjectCreditTable {
    let campaigns: Int, nodes: Int
    let counts: UnsafeMutablePointer<Int>            // per campaign: how many node weights it has
    let weights: UnsafeMutablePointer<Float>         // campaigns × nodes, chain
    let endowment: UnsafeMutablePointer<Float>       // campaigns × nodes, endowment (0 beyond its count)
    let endowmentCounts: UnsafeMutablePointer<Int>
    let capacity: UnsafeMutablePointer<Double>       // campaigns × 4: land, energy, water, emissions
    let allowsTwoHigh: UnsafeMutablePointer<Bool>
    let unitCount: Int
    let unit: UnsafeMutablePointer<Double>           // unitCount × 3: land, energy, water per 亿元
    let twoHigh: UnsafeMutablePointer<Bool>
    let size: UnsafeMutablePointer<Double>
    let orderStart: UnsafeMutablePointer<Int32>, order: UnsafeMutablePointer<Int32>, strength: UnsafeMutablePointer<Float>

    init(_ masks: ConstraintMasks) {
        func copy<T>(_ a: [T]) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, a.count))
            a.withUnsafeBufferPointer { if let base = $0.baseAddress { p.initialize(from: base, count: a.count) } }
            return p
        }
        let limits = masks.limits, needs = masks.needs
        campaigns = limits.count
        nodes = limits.map(\.nodeWeights.count).max() ?? 0
        let n = nodes
        counts = copy(limits.map(\.nodeWeights.count))
        endowmentCounts = copy(limits.map(\.nodeEndowment.count))
        weights = copy(limits.flatMap { l in (0..<n).map { $0 < l.nodeWeights.count ? l.nodeWeights[$0] : 0 } })
        endowment = copy(limits.flatMap { l in (0..<n).map { $0 < l.nodeEndowment.count ? l.nodeEndowment[$0] : 0 } })
        capacity = copy(limits.flatMap { [$0.landMu, $0.energyTce, $0.waterTonnes, $0.emissionTonnes] })
        allowsTwoHigh = copy(limits.map(\.allowsTwoHigh))
        unitCount = needs.unit.landMuPer100m.count
        unit = copy((0..<unitCount).flatMap { [needs.unit.landMuPer100m[$0], needs.unit.energyTcePer100m[$0], needs.unit.waterTPer100m[$0]] })
        twoHigh = copy(needs.unit.twoHigh)
        size = copy(needs.projectInvestment100m)
        orderStart = copy(needs.nodeOrderStart); order = copy(needs.nodeOrder); strength = copy(needs.nodeStrength)
    }

    func deallocate() {
        counts.deallocate(); weights.deallocate(); endowment.deallocate(); endowmentCounts.deallocate()
        capacity.deallocate(); allowsTwoHigh.deallocate(); unit.deallocate(); twoHigh.deallocate()
        size.deallocate(); orderStart.deallocate(); order.deallocate(); strength.deallocate()
    }

    /// Whether row `e`'s project in node `n` fits campaign `c` (`EnterpriseNeeds.fits` of `needs(of:node:)`).
    @inline(__always)
    func fits(_ e: Int, _ n: Int, _ c: Int) -> Bool {
        guard n < unitCount else { return true }   // no unit needs: a project with none
        let s = size[e], cap = capacity + 4 * c, u = unit + 3 * n
        let energy = u[1] * s
        return !(u[0] * s > cap[0]) && !(energy > cap[1]) && !(u[2] * s > cap[2])
            && !(energy * EnterpriseNeeds.co2PerTce > cap[3]) && !(twoHigh[n] && !allowsTwoHigh[c])
    }

    /// Row `e`'s project in campaign `c`: its node, credit and whether it fits (`EnterpriseNeeds.projectChoice`);
    /// nil without weights or positive credit.
    @inline(__always)
    func choice(_ e: Int, _ c: Int) -> (node: Int, credit: Float, fits: Bool)? {
        let count = counts[c]
        guard count > 0 else { return nil }
        var best: Float = 0, bestNode = -1, bestFits = false
        let w = weights + c * nodes, g = endowment + c * nodes, gCount = endowmentCounts[c]
        for i in Int(orderStart[e])..<Int(orderStart[e + 1]) {
            let n = Int(order[i])
            guard n < count else { continue }
            let s = strength[i]
            let t = s * w[n] + (n < gCount ? s * g[n] : 0)
            guard t > 0 else { continue }
            if bestNode >= 0 && bestFits && (t < best || (t == best && n > bestNode)) { continue }
            let fits = fits(e, n, c)
            if bestNode >= 0 {
                let better = fits != bestFits ? fits : (t > best || (t == best && n < bestNode))
                if !better { continue }
            }
            (best, bestNode, bestFits) = (t, n, fits)
        }
        return bestNode >= 0 ? (bestNode, best, bestFits) : nil
    }

    /// Row `e`'s project credit in campaign `c` (`ConstraintMasks.projectCredit`).
    @inline(__always)
    func credit(_ e: Int, _ c: Int) -> Float { choice(e, c)?.credit ?? 0 }
}
