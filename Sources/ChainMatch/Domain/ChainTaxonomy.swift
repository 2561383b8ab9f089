import Foundation

/// The validated chain taxonomy: resources, chains, nodes and their links.
///
/// ```swift
/// let taxonomy = try ModelReader.readTaxonomy(path: location.models + "/chains.json")
/// let a = taxonomy.adjacency()              // A[i, j] = 1 when node i feeds node j
/// print(taxonomy.downstream(of: "li.carbonate")) // ["li.cathode", "li.electrolyte"]
/// ```
///
/// Construction validates everything that does not depend on other files: ids are unique and
/// well-formed, every link points to an existing node and never to the node itself, every node's
/// chain exists and every chain has nodes, GB/T 4754 codes are well-formed, needs are finite and
/// non-negative, and every resource a node needs is in the vocabulary. Node order is file order
/// and is the row/column order of `adjacency()`.
public struct ChainTaxonomy: Equatable, Sendable, Codable {
    public let version: String
    public let date: String
    public let resources: [Resource]
    public let chains: [Chain]
    public let nodes: [ChainNode]
    /// Position of each node id in `nodes` (and in the rows and columns of `adjacency()`).
    public let nodeIndex: [String: Int]
    /// For each node (by position), the positions of the nodes it feeds.
    public let downstreamIndices: [[Int]]
    /// For each node (by position), the positions of the nodes that feed it.
    public let upstreamIndices: [[Int]]

    /// Builds and validates a taxonomy; `source` names the file in error messages.
    public init(version: String, date: String, resources: [Resource], chains: [Chain], nodes: [ChainNode],
                source: String = "models/chains.json") throws {
        func bad(_ field: String, _ message: String) -> ChainMatchError {
            .badData(SourceLocation(file: source, field: field), message)
        }
        var resourceIDs = Set<String>()
        for (i, r) in resources.enumerated() {
            guard ChainTaxonomy.isWellFormedID(r.id) else { throw bad("resources[\(i)].id", "malformed resource id '\(r.id)'") }
            guard resourceIDs.insert(r.id).inserted else { throw bad("resources[\(r.id)]", "duplicate resource id '\(r.id)'") }
        }
        var chainPosition: [String: Int] = [:]
        for (i, c) in chains.enumerated() {
            guard ChainTaxonomy.isWellFormedID(c.id) else { throw bad("chains[\(i)].id", "malformed chain id '\(c.id)'") }
            guard chainPosition[c.id] == nil else { throw bad("chains[\(c.id)]", "duplicate chain id '\(c.id)'") }
            chainPosition[c.id] = i
        }
        var index: [String: Int] = [:]
        for (i, n) in nodes.enumerated() {
            guard ChainTaxonomy.isWellFormedID(n.id) else { throw bad("nodes[\(i)].id", "malformed node id '\(n.id)'") }
            guard index[n.id] == nil else { throw bad("nodes[\(n.id)]", "duplicate node id '\(n.id)'") }
            index[n.id] = i
        }
        var chainsWithNodes = chains
        var down = [[Int]](repeating: [], count: nodes.count)
        var up = [[Int]](repeating: [], count: nodes.count)
        for (j, n) in nodes.enumerated() {
            let at = "nodes[\(n.id)]"
            guard let c = chainPosition[n.chain] else {
                throw ChainMatchError.unknownReference(SourceLocation(file: source, field: at + ".chain"), kind: "chain", id: n.chain)
            }
            chainsWithNodes[c].nodeIDs.append(n.id)
            if n.nameZh.isEmpty || n.nameEn.isEmpty { throw bad(at, "node needs both name_zh and name_en") }
            for code in n.gbt4754 where !ChainTaxonomy.isWellFormedGBT4754(code) {
                throw bad(at + ".gbt4754", "malformed GB/T 4754-2017 code '\(code)' (want a section letter and 2–4 digits, e.g. C3841)")
            }
            if Set(n.gbt4754).count != n.gbt4754.count { throw bad(at + ".gbt4754", "duplicate code") }
            for k in n.keywords where k.trimmingCharacters(in: .whitespaces).isEmpty {
                throw bad(at + ".keywords", "empty keyword")
            }
            let numbers = [("land_mu_per_100m_cny", n.needs.landMuPer100mCNY),
                           ("energy_tce_per_10k_cny", n.needs.energyTcePer10kCNY),
                           ("water_t_per_10k_cny", n.needs.waterTPer10kCNY)]
            for (name, v) in numbers where !(v.isFinite && v >= 0) {
                throw bad(at + ".needs." + name, "must be a finite number ≥ 0, got \(v)")
            }
            for r in n.needs.resources where !resourceIDs.contains(r) {
                throw ChainMatchError.unknownReference(SourceLocation(file: source, field: at + ".needs.resources"), kind: "resource", id: r)
            }
            var seen = Set<String>()
            for u in n.upstream {
                guard u != n.id else { throw bad(at + ".upstream", "node '\(n.id)' links to itself") }
                guard let i = index[u] else {
                    throw ChainMatchError.unknownReference(SourceLocation(file: source, field: at + ".upstream"), kind: "node", id: u)
                }
                guard seen.insert(u).inserted else { throw bad(at + ".upstream", "duplicate link from '\(u)'") }
                down[i].append(j)
                up[j].append(i)
            }
        }
        for c in chainsWithNodes where c.nodeIDs.isEmpty {
            throw bad("chains[\(c.id)]", "chain '\(c.id)' has no nodes")
        }
        self.version = version
        self.date = date
        self.resources = resources
        self.chains = chainsWithNodes
        self.nodes = nodes
        self.nodeIndex = index
        self.downstreamIndices = down.map { $0.sorted() }
        self.upstreamIndices = up.map { $0.sorted() }
    }

    /// The node with this id, if any.
    public func node(_ id: String) -> ChainNode? { nodeIndex[id].map { nodes[$0] } }

    /// The chain with this id, if any.
    public func chain(_ id: String) -> Chain? { chains.first { $0.id == id } }

    /// The vocabulary entry with this id, if any.
    public func resource(_ id: String) -> Resource? { resources.first { $0.id == id } }

    /// Ids of the nodes that feed `id` (empty for an unknown id).
    public func upstream(of id: String) -> [String] {
        guard let i = nodeIndex[id] else { return [] }
        return upstreamIndices[i].map { nodes[$0].id }
    }

    /// Ids of the nodes that `id` feeds (empty for an unknown id).
    public func downstream(of id: String) -> [String] {
        guard let i = nodeIndex[id] else { return [] }
        return downstreamIndices[i].map { nodes[$0].id }
    }

    /// Every link as (from, to) node ids, from upstream to downstream, in node order.
    public var links: [(from: String, to: String)] {
        var out: [(from: String, to: String)] = []
        for (i, targets) in downstreamIndices.enumerated() {
            for j in targets { out.append((from: nodes[i].id, to: nodes[j].id)) }
        }
        return out
    }

    /// Number of upstream → downstream links.
    public var linkCount: Int { downstreamIndices.reduce(0) { $0 + $1.count } }

    /// The node adjacency as a `nodes.count × nodes.count` matrix: A[i, j] = 1 when node i feeds
    /// node j (i is upstream of j), else 0. The campaign encoder spreads a gap to its suppliers through
    /// A and to its customers through Aᵀ (taking the best target each node feeds or buys from).
    public func adjacency() -> Matrix {
        var a = Matrix(rows: nodes.count, columns: nodes.count)
        for (i, targets) in downstreamIndices.enumerated() {
            for j in targets { a[i, j] = 1 }
        }
        return a
    }

    /// True for ids made of lowercase ascii letters, digits, `_`, `-` and `.`, starting with a letter.
    public static func isWellFormedID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return id.unicodeScalars.allSatisfy { s in
            ("a"..."z").contains(s) || ("0"..."9").contains(s) || s == "_" || s == "-" || s == "."
        }
    }

    /// True for a GB/T 4754-2017 code at 门类 + 大类/中类/小类 level: a section letter A–T and
    /// 2, 3 or 4 digits (`C38`, `C384`, `C3841`), or a bare section letter.
    public static func isWellFormedGBT4754(_ code: String) -> Bool {
        let scalars = Array(code.unicodeScalars)
        guard let first = scalars.first, ("A"..."T").contains(first) else { return false }
        let digits = scalars.dropFirst()
        guard digits.isEmpty || (2...4).contains(digits.count) else { return false }
        return digits.allSatisfy { ("0"..."9").contains($0) }
    }
}
