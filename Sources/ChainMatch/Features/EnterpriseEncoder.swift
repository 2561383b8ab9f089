import Foundation

/// Why an enterprise is placed in a chain node: the keyword, listed-company class or Fortune
/// industry that matched, and the weight that evidence carries.
public struct NodeEvidence: Equatable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable { case keyword, listedIndustry = "listed_industry", global500Industry = "global500_industry" }
    public var node: String
    public var kind: Kind
    /// The matched text: the keyword, or the industry class.
    public var matched: String
    public var weight: Float
}

/// Enterprises turned into feature rows, hard-constraint needs and the evidence behind both.
public struct EnterpriseEncoding: Sendable {
    public var layout: FeatureLayout
    /// Enterprises × `layout.width`, row `i` for `enterprises[i]`.
    public var features: Matrix
    public var needs: EnterpriseNeeds
    /// Per enterprise, the evidence for each node it is active in (strongest first).
    public var evidence: [[NodeEvidence]]
    /// Per enterprise, the estimated size of one typical project, in 亿元 (100 million CNY).
    public var projectInvestment100m: [Double]
    /// Per enterprise, the chains it leads (链主), by chain id.
    public var chainLeaderOf: [[String]]
}

/// Turns enterprises into the chain, endowment and profile blocks of the feature matrix, and into
/// the needs the constraint masks test against a park's capacity.
///
/// ```swift
/// let encoder = EnterpriseEncoder(taxonomy: models.taxonomy, layout: layout)
/// let encoding = encoder.encode(datasets.enterprises)
/// encoding.features[0, layout.range(of: .chain).lowerBound]   // activity in the first node
/// ```
///
/// The endowment block repeats the chain activity (see `FeatureLayout`): the campaign side decides
/// what a node's endowment fit is worth.
///
/// Chain activity comes from evidence: a name keyword (weight 1), the listed-company industry class
/// (0.6 / √m for a class shared by m nodes) and the Fortune Global 500 industry (0.6 / √m). A keyword
/// that is part of a longer matching keyword yields to it (锂 yields to 锂电池). Each node takes its
/// strongest evidence and a row longer than 1 is scaled to unit length, so a named enterprise scores
/// 1 in its node, a diversified one spreads its weight, and one placed only by a broad industry class
/// keeps that evidence's lower weight. Given a `RelatednessIndex`, the relatedness block holds the
/// canonical industries of those nodes and of the listed class (`RelatednessIndex.enterpriseIndustries`).
///
/// Chain leaders (链主) are, per chain, the `leadersPerChain` largest enterprises by revenue whose
/// activity in the chain's midstream and downstream nodes is at least 0.5: size and position.
///
/// Needs are per typical project (judgement, documented in datasets/README.md): the project is 2% of
/// annual revenue, between 1 and 50 亿元 (5 亿元 when revenue is unknown), output equals investment,
/// and land, energy and water follow the activity-weighted per-unit needs of the enterprise's nodes.
/// CO₂ is energy × 2.66 t/tce (all-coal upper bound). An enterprise is two-high when at least half of
/// its activity lies in two-high nodes.
public struct EnterpriseEncoder: Sendable {
    public let taxonomy: ChainTaxonomy
    public let layout: FeatureLayout
    /// Chain leaders kept per chain.
    public var leadersPerChain = 3
    /// Fills the relatedness block (the enterprise's canonical industries) when its ids are the layout's.
    public let relatedness: RelatednessIndex?

    static let keywordWeight: Float = 1
    static let classWeight: Float = 0.6
    static let co2PerTce = 2.66

    private let classNodes: [String: [Int]]
    private let globalNodes: [String: [Int]]
    /// Keywords as Unicode scalars, grouped by their first scalar, longest first within a group.
    private let keywordsByFirst: [Unicode.Scalar: [(scalars: [Unicode.Scalar], keyword: String, node: Int)]]

    public init(taxonomy: ChainTaxonomy, layout: FeatureLayout, relatedness: RelatednessIndex? = nil) {
        self.taxonomy = taxonomy
        self.layout = layout
        self.relatedness = relatedness.flatMap { $0.ids == layout.relatednessIDs ? $0 : nil }
        var classNodes: [String: [Int]] = [:], globalNodes: [String: [Int]] = [:]
        var byFirst: [Unicode.Scalar: [(scalars: [Unicode.Scalar], keyword: String, node: Int)]] = [:]
        for (i, node) in taxonomy.nodes.enumerated() {
            for c in node.listedIndustries { classNodes[c, default: []].append(i) }
            for g in node.global500Industries { globalNodes[g, default: []].append(i) }
            for k in node.keywords where !k.isEmpty {
                let scalars = Array(k.unicodeScalars)
                byFirst[scalars[0], default: []].append((scalars, k, i))
            }
        }
        for key in byFirst.keys {
            byFirst[key]!.sort { $0.scalars.count != $1.scalars.count ? $0.scalars.count > $1.scalars.count : ($0.keyword, $0.node) < ($1.keyword, $1.node) }
        }
        self.classNodes = classNodes
        self.globalNodes = globalNodes
        keywordsByFirst = byFirst
    }

    /// Every (keyword, node) whose keyword occurs in `name`, as (keyword, node) pairs.
    func keywordHits(in name: String) -> [(keyword: String, node: Int)] {
        let text = Array(name.unicodeScalars)
        var hits: [(String, Int)] = []
        for start in text.indices {
            guard let candidates = keywordsByFirst[text[start]] else { continue }
            for candidate in candidates where candidate.scalars.count <= text.count - start {
                var match = true
                for (offset, scalar) in candidate.scalars.enumerated() where text[start + offset] != scalar {
                    match = false
                    break
                }
                if match { hits.append((candidate.keyword, candidate.node)) }
            }
        }
        return hits
    }

    /// Evidence per node for one enterprise, before normalisation.
    public func evidence(for enterprise: Enterprise) -> [NodeEvidence] {
        var best: [Int: NodeEvidence] = [:]
        func offer(_ node: Int, _ kind: NodeEvidence.Kind, _ matched: String, _ weight: Float) {
            if let current = best[node], current.weight >= weight { return }
            best[node] = NodeEvidence(node: taxonomy.nodes[node].id, kind: kind, matched: matched, weight: weight)
        }
        // Keywords; a keyword inside another matched keyword yields to it (锂 yields to 锂电池).
        var hits: [(keyword: String, node: Int)] = []
        for name in [enterprise.name, enterprise.shortName ?? ""] where !name.isEmpty { hits += keywordHits(in: name) }
        let matched = Set(hits.map(\.keyword))
        for hit in hits.sorted(by: { ($0.keyword.unicodeScalars.count, $0.keyword, $0.node) > ($1.keyword.unicodeScalars.count, $1.keyword, $1.node) }) {
            if matched.contains(where: { $0 != hit.keyword && $0.contains(hit.keyword) }) { continue }
            offer(hit.node, .keyword, hit.keyword, Self.keywordWeight)
        }
        if let c = enterprise.listedIndustry, let nodes = classNodes[c] {
            let w = Self.classWeight / Float(Double(nodes.count).squareRoot())
            for n in nodes { offer(n, .listedIndustry, c, w) }
        }
        if let g = enterprise.global500Industry, let nodes = globalNodes[g] {
            let w = Self.classWeight / Float(Double(nodes.count).squareRoot())
            for n in nodes { offer(n, .global500Industry, g, w) }
        }
        return best.values.sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.node < $1.node }
    }

    /// Encodes all enterprises (rows in the given order).
    public func encode(_ enterprises: [Enterprise]) -> EnterpriseEncoding {
        let count = enterprises.count
        var features = Matrix(rows: count, columns: layout.width)
        var needs = EnterpriseNeeds(count: count, nodes: layout.nodeIDs.count)
        var allEvidence: [[NodeEvidence]] = []
        allEvidence.reserveCapacity(count)
        var investment = [Double](repeating: 0, count: count)
        let chainStart = layout.range(of: .chain).lowerBound
        let endowmentStart = layout.range(of: .endowment).lowerBound
        let nodeColumn = Dictionary(uniqueKeysWithValues: layout.nodeIDs.enumerated().map { ($1, $0) })
        let maxRevenue = enterprises.compactMap(\.revenueCNY100m).max() ?? 1
        var chainActivity = [[Float]](repeating: [], count: count)

        for (row, enterprise) in enterprises.enumerated() {
            let found = evidence(for: enterprise)
            allEvidence.append(found)
            // Chain block: strongest evidence per node, scaled down to at most unit length.
            let norm = max(1, found.reduce(Float(0)) { $0 + $1.weight * $1.weight }.squareRoot())
            var activity: [(node: ChainNode, a: Float)] = []
            for ev in found {
                let a = ev.weight / norm
                features[row, chainStart + nodeColumn[ev.node]!] = a
                needs.setNode(nodeColumn[ev.node]!, enterprise: row)
                activity.append((taxonomy.node(ev.node)!, a))
            }
            // Activity per chain in its core — midstream and downstream nodes, where a chain leader sits.
            var perChain: [String: Float] = [:]
            for (node, a) in activity where node.stage == .midstream || node.stage == .downstream {
                perChain[node.chain, default: 0] += a
            }
            chainActivity[row] = taxonomy.chains.map { perChain[$0.id] ?? 0 }

            // Endowment block: the same activity, weighted on the campaign side by endowment fit.
            for ev in found {
                features[row, endowmentStart + nodeColumn[ev.node]!] = features[row, chainStart + nodeColumn[ev.node]!]
            }
            let total = activity.reduce(Float(0)) { $0 + $1.a }

            // Relatedness block: the enterprise's canonical industries, at most unit length.
            if let relatedness {
                let start = layout.range(of: .relatedness).lowerBound
                for (i, w) in relatedness.enterpriseIndustries(nodeActivity: activity.map { ($0.node.id, $0.a) }, listedIndustry: enterprise.listedIndustry) {
                    features[row, start + i] = w
                }
            }

            // Needs of one typical project.
            let revenue = enterprise.revenueCNY100m
            let project = revenue.map { min(50, max(1, 0.02 * $0)) } ?? 5
            investment[row] = project
            var land = 0.0, energy = 0.0, water = 0.0, twoHighShare: Float = 0
            if total > 0 {
                for (node, a) in activity {
                    let share = Double(a / total)
                    land += share * node.needs.landMuPer100mCNY * project
                    energy += share * node.needs.energyTcePer10kCNY * project * 10_000
                    water += share * node.needs.waterTPer10kCNY * project * 10_000
                    if node.twoHigh { twoHighShare += a / total }
                }
            }
            needs.landMu[row] = Float(land)
            needs.energyTce[row] = Float(energy)
            needs.waterTonnes[row] = Float(water)
            needs.emissionTonnes[row] = Float(energy * Self.co2PerTce)
            needs.twoHigh[row] = twoHighShare >= 0.5
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

        // Chain leaders (链主): per chain, the largest enterprises with at least half their activity in
        // the chain's midstream and downstream nodes (not only raw materials or services).
        var leaders = [[String]](repeating: [], count: count)
        for (ci, chain) in taxonomy.chains.enumerated() {
            let members = (0..<count).filter { chainActivity[$0][ci] >= 0.5 && enterprises[$0].revenueCNY100m != nil }
            let ranked = members.sorted {
                let a = enterprises[$0].revenueCNY100m!, b = enterprises[$1].revenueCNY100m!
                return a != b ? a > b : enterprises[$0].id < enterprises[$1].id
            }
            for row in ranked.prefix(leadersPerChain) {
                leaders[row].append(chain.id)
                needs.lists[row].insert(.chainLeader)
                features[row, layout.profileColumn("chain_leader")] = 1
            }
        }
        return EnterpriseEncoding(layout: layout, features: features, needs: needs, evidence: allEvidence,
                                  projectInvestment100m: investment, chainLeaderOf: leaders)
    }
}
