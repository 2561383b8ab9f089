/// The curated tables that place an enterprise on chain nodes by what it makes: Shenwan (申万) 2021
/// level-3 industries and East Money concept boards mapped to nodes, whole product terms in names,
/// reviewed main products of enterprises whose industry is ambiguous, chain leaders (链主) and group links. Read from `models/evidence/` by `PlacementModelReader`.
///
/// ```swift
/// let placement = try ModelReader.load(from: DataLocation.resolve()).placement
/// placement.shenwan["630701"]?.first?.node          // "li.cell" (申万 锂电池)
/// placement.concepts["盐湖提锂"]?.first?.specificity  // .exact
/// ```
///
/// Every mapping says how specific the evidence is and what role the enterprise plays at the node,
/// and carries a one-line basis; `EnterpriseEncoder` turns them into node activity.
public struct PlacementModel: Equatable, Sendable, Codable {
    /// What the enterprise does at the node.
    public enum Role: String, Sendable, CaseIterable, Codable {
        /// Makes the node's product or runs its service.
        case producer
        /// Makes equipment or inputs the node consumes (no node of its own for them).
        case supplier
        /// Buys the node's product (no node of its own for what it makes).
        case customer
    }

    /// How specific the evidence is for the node.
    public enum Specificity: String, Sendable, CaseIterable, Codable, Comparable {
        /// The evidence names the node's product.
        case exact
        /// The evidence names a small family of products, the node's among them.
        case partial
        /// A wide class that only suggests the node.
        case broad

        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
        var rank: Int { self == .exact ? 2 : (self == .partial ? 1 : 0) }
    }

    /// One row of a mapping table: evidence → node.
    public struct Rule: Equatable, Sendable, Codable {
        public var node: String
        public var role: Role
        public var specificity: Specificity
        public var basis: String
        public init(node: String, role: Role, specificity: Specificity, basis: String) {
            self.node = node; self.role = role; self.specificity = specificity; self.basis = basis
        }
    }

    /// A whole product term in an enterprise's name (never one character), with the longer words it
    /// does not count inside (风电 does not count inside 东风电子).
    public struct NameTerm: Equatable, Sendable, Codable {
        public var term: String
        public var rule: Rule
        public var notInside: [String]
        public init(term: String, rule: Rule, notInside: [String]) {
            self.term = term; self.rule = rule; self.notInside = notInside
        }
    }

    /// A reviewed chain leader (链主) of a chain, with the nodes it leads in.
    public struct ChainLeader: Equatable, Sendable, Codable {
        public var chain: String
        public var enterpriseID: String
        public var name: String
        public var nodes: [String]
        public var basis: String
        public init(chain: String, enterpriseID: String, name: String, nodes: [String], basis: String) {
            self.chain = chain; self.enterpriseID = enterpriseID; self.name = name; self.nodes = nodes; self.basis = basis
        }
    }

    /// A group and one of its listed members, beyond the group links the datasets already hold.
    public struct GroupLink: Equatable, Sendable, Codable {
        public var groupID: String
        public var groupName: String
        public var memberID: String
        public var memberName: String
        public var basis: String
        public init(groupID: String, groupName: String, memberID: String, memberName: String, basis: String) {
            self.groupID = groupID; self.groupName = groupName; self.memberID = memberID; self.memberName = memberName; self.basis = basis
        }
    }

    /// Shenwan L3 code → rules.
    public var shenwan: [String: [Rule]]
    /// Concept board name → rules.
    public var concepts: [String: [Rule]]
    public var nameTerms: [NameTerm]
    /// Enterprise id → reviewed main products (主营产品), as rules.
    public var products: [String: [Rule]]
    /// Enterprises whose reviewed products are their whole placement: their Shenwan class and concept
    /// boards no longer place them (a class such as 光伏辅材 holds glass, film, paste and frame makers alike).
    public var productsComplete: Set<String>
    public var leaders: [ChainLeader]
    public var groupLinks: [GroupLink]

    public init(shenwan: [String: [Rule]] = [:], concepts: [String: [Rule]] = [:], nameTerms: [NameTerm] = [],
                products: [String: [Rule]] = [:], productsComplete: Set<String> = [], leaders: [ChainLeader] = [],
                groupLinks: [GroupLink] = []) {
        self.shenwan = shenwan; self.concepts = concepts; self.nameTerms = nameTerms; self.products = products
        self.productsComplete = productsComplete
        self.leaders = leaders; self.groupLinks = groupLinks
    }

    /// The kinds of placement evidence.
    public enum Source: String, Sendable, CaseIterable, Codable {
        /// The Shenwan 2021 level-3 industry.
        case shenwan
        /// An East Money concept board.
        case concept
        /// A whole product term in the name.
        case nameTerm = "name_term"
        /// The reviewed main-products table.
        case product
        /// Inherited from listed members of the group.
        case subsidiary
        /// The reviewed chain-leader table.
        case chainLeader = "chain_leader"
    }
}
