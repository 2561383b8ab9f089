import Foundation

/// Turns enterprises into the chain, endowment and profile blocks of the feature matrix, and into
/// the needs the constraint masks test against a park's capacity.
///
/// ```swift
/// let encoder = EnterpriseEncoder(taxonomy: models.taxonomy, layout: layout, placement: models.placement)
/// let encoding = encoder.encode(datasets.enterprises)
/// encoding.features[0, layout.range(of: .chain).lowerBound]   // activity in the first node
/// ```
///
/// **Placement** — what an enterprise makes — comes from the curated tables of `PlacementModel`:
/// its Shenwan 2021 level-3 industry, its East Money concept boards, its reviewed main products (for
/// enterprises whose industry is ambiguous; where `products_complete.csv` lists the firm they replace its
/// class and boards), whole product terms in its name
/// (never one character, never inside a longer listed word: 风电 does not count inside 东风电子, and a
/// term inside a longer matched term yields to it), for an unlisted group the activity of its listed
/// members, and — for a reviewed chain leader with no other evidence in its chain — the nodes the
/// chain-leader table says it leads. Each piece of evidence weighs
/// source × specificity × role: Shenwan 1, reviewed product 1, name term 0.9, concept board 0.35 (boards are
/// editorial tags: a supplier or an investor is a member as often as a maker), chain-leader entry 1,
/// a member's activity 0.8 × that activity; exact 1, partial 0.6, broad 0.3; producer 1, supplier or
/// customer 0.5. Per node the pieces combine as independent signals, s = 1 − Π(1 − w), and the row holds
/// a = s · s / max(s): the node's strength weighted by how prominent it is in the firm. So one exact piece
/// of evidence gives 1 in its node, a broad class alone never gives more than 0.3 wherever it points, a
/// node peripheral to the firm counts for less than its strength, and each strong node of an integrated
/// firm keeps its full strength (a campaign credits one node, the project's: `ProjectCredit`).
///
/// The endowment block's features stay zero: a campaign's endowment weights are credited to the project's
/// node with its chain weight (`EnterpriseNeeds.projectChoice`), never summed over a firm's nodes. Given a
/// `RelatednessIndex`, the relatedness block holds the canonical industries of the nodes and of the listed
/// class (`RelatednessIndex.enterpriseIndustries`).
///
/// Chain leaders (链主) are the reviewed table's entries, plus per chain the `leadersPerChain` largest
/// Chinese enterprises by revenue with exact evidence in the chain and at least 0.5 activity in its
/// midstream and downstream nodes.
///
/// Needs are those of one typical project (judgement, documented in the README): its size is 2% of
/// annual revenue within a band by enterprise size (`projectInvestment(revenue:)`); which node it is in
/// — and so its land, energy, water, CO₂ and two-high status — is decided per campaign by
/// `EnterpriseNeeds.projectChoice`: the node where it earns the most among those the park can host.
public struct EnterpriseEncoder: Sendable {
    public let taxonomy: ChainTaxonomy
    public let layout: FeatureLayout
    public let placement: PlacementModel
    /// Evidence kinds left out (the list evaluation scores without the evidence it judges by).
    public let excluding: Set<PlacementModel.Source>
    /// Chain leaders derived per chain, beside the reviewed ones.
    public var leadersPerChain = 3
    /// Fills the relatedness block (the enterprise's canonical industries) when its ids are the layout's.
    public let relatedness: RelatednessIndex?

    /// The size of one typical project in 亿元: 2% of annual revenue R (亿元), within a band by size —
    /// R < 100: 1–5; 100 ≤ R < 1,000: 5–20; R ≥ 1,000: 20–30 — and 5 when revenue is unknown.
    ///
    /// ```swift
    /// EnterpriseEncoder.projectInvestment(revenue: 3_620)   // 30: a leader's flagship project
    /// EnterpriseEncoder.projectInvestment(revenue: 40)      // 1
    /// ```
    public static func projectInvestment(revenue: Double?) -> Double {
        guard let r = revenue, r > 0 else { return 5 }
        let band: ClosedRange<Double> = r < 100 ? 1...5 : (r < 1_000 ? 5...20 : 20...30)
        return min(band.upperBound, max(band.lowerBound, 0.02 * r))
    }
    static let sourceWeight: [PlacementModel.Source: Float] = [.shenwan: 1, .product: 1, .nameTerm: 0.9, .concept: 0.35, .chainLeader: 1, .subsidiary: 0.8]

    static func weight(_ source: PlacementModel.Source, _ rule: PlacementModel.Rule) -> Float {
        let spec: Float = rule.specificity == .exact ? 1 : (rule.specificity == .partial ? 0.6 : 0.3)
        return sourceWeight[source]! * spec * (rule.role == .producer ? 1 : 0.5)
    }

    /// Name terms as Unicode scalars, grouped by their first scalar.
    let termsByFirst: [Unicode.Scalar: [(scalars: [Unicode.Scalar], term: PlacementModel.NameTerm)]]
    let leaderEntries: [String: [PlacementModel.ChainLeader]]
    /// Evidence an unlisted group inherits from its listed members; set by `prepared(for:)`.
    var inherited: [String: [NodeEvidence]] = [:]

    public init(taxonomy: ChainTaxonomy, layout: FeatureLayout, placement: PlacementModel,
                relatedness: RelatednessIndex? = nil, excluding: Set<PlacementModel.Source> = []) {
        precondition(layout.nodeIDs == taxonomy.nodes.map(\.id), "the layout's chain columns must be the taxonomy's nodes, in order")
        self.taxonomy = taxonomy
        self.layout = layout
        self.placement = placement
        self.excluding = excluding
        self.relatedness = relatedness.flatMap { $0.ids == layout.relatednessIDs ? $0 : nil }
        var byFirst: [Unicode.Scalar: [(scalars: [Unicode.Scalar], term: PlacementModel.NameTerm)]] = [:]
        for t in placement.nameTerms {
            let scalars = Array(t.term.unicodeScalars)
            byFirst[scalars[0], default: []].append((scalars, t))
        }
        termsByFirst = byFirst
        leaderEntries = Dictionary(grouping: placement.leaders, by: \.enterpriseID)
    }

    /// Encodes all enterprises (rows in the given order).
    public func encode(_ enterprises: [Enterprise]) -> EnterpriseEncoding {
        let encoder = inherited.isEmpty ? prepared(for: enterprises) : self
        let count = enterprises.count
        var features = Matrix(rows: count, columns: layout.width)
        var needs = EnterpriseNeeds(count: count, nodes: layout.nodeIDs.count, unit: NodeUnitNeeds(taxonomy: taxonomy))
        var allEvidence: [[NodeEvidence]] = []
        allEvidence.reserveCapacity(count)
        var investment = [Double](repeating: 0, count: count)
        let chainStart = layout.range(of: .chain).lowerBound
        let nodeColumn = Dictionary(uniqueKeysWithValues: layout.nodeIDs.enumerated().map { ($1, $0) })
        let maxRevenue = enterprises.compactMap(\.revenueCNY100m).max() ?? 1
        var chainActivity = [[Float]](repeating: [], count: count)
        var exactChains = [Set<String>](repeating: [], count: count)

        // Placement is independent per enterprise: computed on all cores, then assembled in row order.
        let placements = Parallel.map(enterprises) { encoder.placement(of: $0) }
        for (row, enterprise) in enterprises.enumerated() {
            let (found, placed) = placements[row]
            allEvidence.append(found)
            // Chain block: node activity from the evidence.
            var activity: [(node: ChainNode, a: Float)] = []
            var columns: [Int] = []
            for (node, a) in placed {
                let column = nodeColumn[node]!
                features[row, chainStart + column] = a
                activity.append((taxonomy.nodes[column], a))
                columns.append(column)
            }
            needs.setNodes(columns, strengths: activity.map(\.a), enterprise: row)
            for ev in found where ev.kind != .subsidiary && ev.specificity == .exact {
                exactChains[row].insert(taxonomy.nodes[nodeColumn[ev.node]!].chain)
            }
            // Activity per chain in its core — midstream and downstream nodes, where a chain leader sits.
            var perChain: [String: Float] = [:]
            for (node, a) in activity where node.stage == .midstream || node.stage == .downstream {
                perChain[node.chain, default: 0] += a
            }
            chainActivity[row] = taxonomy.chains.map { perChain[$0.id] ?? 0 }

            // Relatedness block: the enterprise's canonical industries, at most unit length.
            if let relatedness {
                let start = layout.range(of: .relatedness).lowerBound
                for (i, w) in relatedness.enterpriseIndustries(nodeActivity: activity.map { ($0.node.id, $0.a) }, listedIndustry: enterprise.listedIndustry) {
                    features[row, start + i] = w
                }
            }

            // The size of one typical project; where it is and what it needs depend on the campaign.
            let revenue = enterprise.revenueCNY100m
            let project = Self.projectInvestment(revenue: revenue)
            investment[row] = project
            needs.projectInvestment100m[row] = project
            needs.lists[row] = enterprise.lists

            // Profile block (chain leader is set below, once all rows are known).
            let flags: [(String, Bool)] = [
                ("global500", needs.lists[row].contains(.global500)), ("china500", needs.lists[row].contains(.china500)),
                ("private500", needs.lists[row].contains(.private500)), ("central_soe", needs.lists[row].contains(.centralSOE)),
                ("listed", needs.lists[row].contains(.listed)),
            ]
            for (flag, on) in flags where on { features[row, layout.profileColumn(flag)] = 1 }
            if let revenue, revenue > 0 {
                features[row, layout.profileColumn("size")] = Float(log10(1 + revenue) / log10(1 + maxRevenue))
            }
            if let p = enterprise.province, let column = layout.provinceColumn(p) { features[row, column] = 1 }
        }

        let leaders = chainLeaders(enterprises, chainActivity: chainActivity, exactChains: exactChains)
        for row in 0..<count where !leaders[row].isEmpty {
            needs.lists[row].insert(.chainLeader)
            features[row, layout.profileColumn("chain_leader")] = 1
        }
        return EnterpriseEncoding(layout: layout, features: features, needs: needs, evidence: allEvidence,
                                  projectInvestment100m: investment, chainLeaderOf: leaders)
    }

    /// Chain leaders (链主) per row, in chain order: the reviewed entries, and per chain the `leadersPerChain`
    /// largest Chinese enterprises with exact evidence in the chain and at least half their activity in its
    /// midstream and downstream nodes (not only raw materials or services).
    func chainLeaders(_ enterprises: [Enterprise], chainActivity: [[Float]], exactChains: [Set<String>]) -> [[String]] {
        let count = enterprises.count
        var leaders = [[String]](repeating: [], count: count)
        let chainOrder = Dictionary(uniqueKeysWithValues: taxonomy.chains.enumerated().map { ($1.id, $0) })
        let rowOf = Dictionary(enterprises.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        if !excluding.contains(.chainLeader) {
            for entry in placement.leaders {
                guard let row = rowOf[entry.enterpriseID], !leaders[row].contains(entry.chain) else { continue }
                leaders[row].append(entry.chain)
            }
        }
        for (ci, chain) in taxonomy.chains.enumerated() {
            let members = (0..<count).filter {
                chainActivity[$0][ci] >= 0.5 && exactChains[$0].contains(chain.id) && enterprises[$0].revenueCNY100m != nil
                    && enterprises[$0].province != nil && !leaders[$0].contains(chain.id)
            }
            let ranked = members.sorted {
                let a = enterprises[$0].revenueCNY100m!, b = enterprises[$1].revenueCNY100m!
                return a != b ? a > b : enterprises[$0].id < enterprises[$1].id
            }
            for row in ranked.prefix(leadersPerChain) { leaders[row].append(chain.id) }
        }
        for row in 0..<count { leaders[row].sort { chainOrder[$0]! < chainOrder[$1]! } }
        return leaders
    }
}
