/// An industrial chain (产业链): a named group of nodes linked upstream → downstream.
///
/// ```swift
/// let lithium = taxonomy.chain("li")!
/// for id in lithium.nodeIDs { print(taxonomy.node(id)!.nameZh) } // 盐湖卤水提锂 …
/// ```
///
/// `policy` cites the policy documents (by short reference) that call for the chain, so every
/// chain can be traced to a campaign's stated priorities. `nodeIDs` is filled in by
/// `ChainTaxonomy` in file order.
public struct Chain: Equatable, Sendable, Codable {
    /// Stable ascii id, e.g. `lithium`, `pv`, `aluminium`.
    public var id: String
    public var nameZh: String
    public var nameEn: String
    /// Short references to the policy texts that call for this chain.
    public var policy: [String]
    /// The chain's nodes, in the order they appear in the taxonomy file.
    public var nodeIDs: [String]

    public init(id: String, nameZh: String, nameEn: String, policy: [String] = [], nodeIDs: [String] = []) {
        self.id = id
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.policy = policy
        self.nodeIDs = nodeIDs
    }
}
