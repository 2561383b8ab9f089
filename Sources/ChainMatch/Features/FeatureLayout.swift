/// The named columns of the enterprise feature matrix, grouped in the four score blocks.
///
/// ```swift
/// let layout = FeatureLayout(taxonomy: models.taxonomy, relatedness: [])
/// layout.range(of: .chain)      // 0..<nodeCount
/// layout.columnName(layout.range(of: .profile).lowerBound)   // "profile:global500"
/// ```
///
/// Enterprise rows and campaign weight columns share this layout, so a score is one dot product and
/// its per-block parts are dot products over `range(of:)` — the exact reasons for a ranking.
///
/// The chain and endowment blocks are both indexed by chain node: the enterprise side of each is
/// its activity in the node; the campaign side is the node's chain weight (gap and spill) in the
/// first, and in the second how well the region's endowment covers what the node draws on, for the
/// nodes the campaign wants. That way an enterprise earns endowment credit only for needs that lie
/// in the campaign's chains.
public struct FeatureLayout: Equatable, Sendable, Codable {
    /// The score blocks of DESIGN.md, in column order.
    public enum Block: String, CaseIterable, Sendable, Codable {
        case chain, endowment, relatedness, profile

        public var nameZh: String {
            switch self {
            case .chain: return "产业链匹配"
            case .endowment: return "资源禀赋"
            case .relatedness: return "产业关联"
            case .profile: return "企业画像"
            }
        }
    }

    /// Profile columns before the partner-province one-hot block.
    public static let profileFlags = ["global500", "china500", "private500", "central_soe", "listed", "chain_leader", "size"]

    public let nodeIDs: [String]
    public let relatednessIDs: [String]
    public let provinces: [String]
    private let starts: [Int]

    public init(nodeIDs: [String], relatednessIDs: [String], provinces: [String] = Province.names) {
        self.nodeIDs = nodeIDs
        self.relatednessIDs = relatednessIDs
        self.provinces = provinces
        let widths = [nodeIDs.count, nodeIDs.count, relatednessIDs.count, Self.profileFlags.count + provinces.count]
        var s = [0]
        for w in widths { s.append(s.last! + w) }
        starts = s
    }

    public init(taxonomy: ChainTaxonomy, relatedness: [String]) {
        self.init(nodeIDs: taxonomy.nodes.map(\.id), relatednessIDs: relatedness)
    }

    /// Total number of feature columns.
    public var width: Int { starts.last! }

    public func range(of block: Block) -> Range<Int> {
        let i = Block.allCases.firstIndex(of: block)!
        return starts[i]..<starts[i + 1]
    }

    /// Column of a profile flag (`global500` … `size`).
    public func profileColumn(_ flag: String) -> Int {
        range(of: .profile).lowerBound + Self.profileFlags.firstIndex(of: flag)!
    }

    /// Column of a province in the partner-province part of the profile block.
    public func provinceColumn(_ province: String) -> Int? {
        provinces.firstIndex(of: province).map { range(of: .profile).lowerBound + Self.profileFlags.count + $0 }
    }

    /// A readable name for a column, such as `chain:li.carbonate` or `profile:partner:江苏省`.
    public func columnName(_ column: Int) -> String {
        for block in Block.allCases where range(of: block).contains(column) {
            let i = column - range(of: block).lowerBound
            switch block {
            case .chain: return "chain:" + nodeIDs[i]
            case .endowment: return "endowment:" + nodeIDs[i]
            case .relatedness: return "relatedness:" + relatednessIDs[i]
            case .profile:
                return i < Self.profileFlags.count ? "profile:" + Self.profileFlags[i] : "profile:partner:" + provinces[i - Self.profileFlags.count]
            }
        }
        return "column \(column)"
    }
}
