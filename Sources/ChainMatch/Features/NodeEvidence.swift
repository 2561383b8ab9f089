import Foundation

/// Why an enterprise is placed in a chain node: the Shenwan industry, concept board, name term,
/// listed group member or chain-leader entry, what it does there and the weight that evidence carries.
public struct NodeEvidence: Equatable, Sendable, Codable {
    public typealias Kind = PlacementModel.Source
    public var node: String
    public var kind: Kind
    /// The matched text: the Shenwan industry, the board, the term, the member's name, or the chain.
    public var matched: String
    public var role: PlacementModel.Role
    public var specificity: PlacementModel.Specificity
    public var weight: Float

    public init(node: String, kind: Kind, matched: String, role: PlacementModel.Role = .producer,
                specificity: PlacementModel.Specificity = .exact, weight: Float) {
        self.node = node; self.kind = kind; self.matched = matched; self.role = role
        self.specificity = specificity; self.weight = weight
    }
}

extension Array where Element == NodeEvidence {
    /// The distinct nodes of the evidence, in its order (strongest node first).
    public var nodes: [String] {
        var seen = Set<String>()
        return compactMap { seen.insert($0.node).inserted ? $0.node : nil }
    }
}
