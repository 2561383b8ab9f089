/// Shares enterprises among the campaigns of one province (错位发展): each enterprise on at most `M` lists,
/// every campaign keeping its list size, quotas and group cap, the total score as high as it can be.
///
/// ```swift
/// let a = ProvinceAllocator.Campaign(count: 1, minimum: [], maximum: [], perGroup: nil, candidates: [
///     .init(enterprise: 7, score: 90, category: nil, group: 7), .init(enterprise: 8, score: 60, category: nil, group: 8)])
/// let b = ProvinceAllocator.Campaign(count: 1, minimum: [], maximum: [], perGroup: nil, candidates: [
///     .init(enterprise: 7, score: 95, category: nil, group: 7), .init(enterprise: 9, score: 20, category: nil, group: 9)])
/// ProvinceAllocator.assign([a, b], maxCampaigns: 1).chosen   // [[0], [1]]: 90 + 20 < 60 + 95
/// ```
///
/// The optimum is lexicographic and exact, as `QuotaAllocator` orders one list: first as many quota-minimum
/// places filled as possible, then as many list places, then the largest total score in millionths, then (among
/// equal totals) the smallest sum of enterprise ids, which is a campaign's ranking order among equal scores when
/// ids are rows.
/// The objective depends on the candidates alone, not on their positions, so coordinating over each campaign's
/// leading candidates reaches the same optimum as over all of them once the leads are deep enough
/// (`CoordinationDepth`). Without group caps this is a min-cost
/// flow — source → enterprise (capacity M) → the campaign's quota category → campaign (capacity N) →
/// sink — solved by successive shortest paths on integer costs. Group caps are the one rule a flow cannot hold beside the enterprise
/// cap, so they are enforced by branch and bound: a solution whose campaign takes more of one group than the
/// cap has its members branched on (one child per member, forbidden in that campaign); every feasible
/// solution lies in some child, the flow's cost bounds each child from below, and the first feasible
/// solution taken in best-first order is optimal. On real lists a cap rarely binds, so the search is short.
public enum ProvinceAllocator {
    public struct Candidate: Equatable, Sendable {
        /// An id (0 or more) that is the same for the same enterprise in every campaign; among equal scores the
        /// smaller id is preferred, so a campaign's candidates rank equal scores by id (as rows are ranked).
        public var enterprise: Int
        public var score: Double
        public var category: Int?
        public var group: Int

        public init(enterprise: Int, score: Double, category: Int?, group: Int) {
            self.enterprise = enterprise
            self.score = score
            self.category = category
            self.group = group
        }
    }

    /// One campaign's rules and its eligible candidates, in its ranking order.
    public struct Campaign: Equatable, Sendable {
        public var count: Int
        public var minimum: [Int]
        public var maximum: [Int?]
        public var perGroup: Int?
        public var candidates: [Candidate]

        public init(count: Int, minimum: [Int], maximum: [Int?], perGroup: Int?, candidates: [Candidate]) {
            precondition(minimum.count == maximum.count, "one maximum per category")
            self.count = count
            self.minimum = minimum
            self.maximum = maximum
            self.perGroup = perGroup
            self.candidates = candidates
        }
    }

    public struct Assignment: Equatable, Sendable {
        /// Per campaign, indices into its candidates, in their ranking order.
        public var chosen: [[Int]]
        /// Per campaign and category, how many minimum places could not be filled.
        public var shortfall: [[Int]]
        /// The objective reached (lower is better): places and quota places, then score.
        public var cost: LexicographicCost
        /// Flow problems solved (1 when no group cap binds).
        public var solves: Int
    }

    /// The exact optimum; deterministic for the same input.
    public static func assign(_ campaigns: [Campaign], maxCampaigns: Int) -> Assignment {
        precondition(maxCampaigns >= 1, "an enterprise may join at least one campaign")
        var open: [(bound: LexicographicCost, order: Int, forbidden: Set<Pair>, chosen: [[Int]])] = []
        var seen = Set<Set<Pair>>()
        var solves = 0
        func push(_ forbidden: Set<Pair>) {
            guard seen.insert(forbidden).inserted else { return }
            let (chosen, cost) = solve(campaigns, maxCampaigns: maxCampaigns, forbidden: forbidden)
            solves += 1
            open.append((cost, solves, forbidden, chosen))
        }
        push([])
        while let best = open.indices.min(by: { (open[$0].bound, open[$0].order) < (open[$1].bound, open[$1].order) }) {
            let node = open.remove(at: best)
            guard let (campaign, members) = firstBrokenCap(campaigns, node.chosen) else {
                return Assignment(chosen: node.chosen, shortfall: shortfall(campaigns, node.chosen), cost: node.bound, solves: solves)
            }
            for m in members { push(node.forbidden.union([Pair(campaign: campaign, candidate: m)])) }
        }
        // Forbidding one member at a time always leaves the empty selection, which breaks no cap.
        preconditionFailure("branch and bound ran out of nodes")
    }

    struct Pair: Hashable { var campaign: Int; var candidate: Int }

    /// The objective of a selection, as `assign` minimises it.
    public static func cost(of chosen: [[Int]], in campaigns: [Campaign]) -> LexicographicCost {
        let quota = Int64(campaigns.reduce(0) { $0 + $1.count } + 1)
        var total = LexicographicCost.zero
        for (c, campaign) in campaigns.enumerated() {
            var filled = [Int](repeating: 0, count: campaign.minimum.count)
            for i in chosen[c] {
                total = total + LexicographicCost(major: -1, minor: 0) + unitCost(campaign.candidates[i])
                if let q = campaign.candidates[i].category { filled[q] += 1 }
            }
            for q in filled.indices { total.major -= quota * Int64(min(filled[q], campaign.minimum[q], campaign.count)) }
        }
        return total
    }

    /// A candidate's score term (millionths of a point, negated) and its tie-break (the enterprise id: among
    /// equal totals the smaller ids are preferred).
    static func unitCost(_ candidate: Candidate) -> LexicographicCost {
        LexicographicCost(major: 0, minor: -Int64((candidate.score * 1e6).rounded()), tie: Int64(candidate.enterprise))
    }

    /// The best selection ignoring group caps (a min-cost flow), with the pairs in `forbidden` left out.
    static func solve(_ campaigns: [Campaign], maxCampaigns: Int, forbidden: Set<Pair>) -> (chosen: [[Int]], cost: LexicographicCost) {
        var enterpriseNode: [Int: Int] = [:]
        for c in campaigns { for e in c.candidates where enterpriseNode[e.enterprise] == nil { enterpriseNode[e.enterprise] = 1 + enterpriseNode.count } }
        var firstCategory: [Int] = []
        var next = 1 + enterpriseNode.count
        for c in campaigns { firstCategory.append(next); next += c.minimum.count + 2 }   // categories, "none", campaign
        let sink = next
        var graph = FlowGraph<LexicographicCost>(nodes: sink + 1)
        for node in Set(enterpriseNode.values).sorted() { graph.addEdge(0, node, capacity: maxCampaigns, cost: .zero) }
        // A minimum place outweighs every list place (there are fewer than `quota` of them); a place, any score.
        let quota = Int64(campaigns.reduce(0) { $0 + $1.count } + 1)
        var edges: [[(edge: Int, candidate: Int)]] = []
        for (c, campaign) in campaigns.enumerated() {
            let categories = campaign.minimum.count
            let none = firstCategory[c] + categories, total = none + 1
            var own: [(Int, Int)] = []
            for (i, e) in campaign.candidates.enumerated() where !forbidden.contains(Pair(campaign: c, candidate: i)) {
                let to = e.category.map { firstCategory[c] + $0 } ?? none
                own.append((graph.addEdge(enterpriseNode[e.enterprise]!, to, capacity: 1,
                                          cost: unitCost(e)), i))
            }
            edges.append(own)
            for q in 0..<categories {
                let lower = min(campaign.minimum[q], campaign.count)
                let upper = min(campaign.maximum[q] ?? campaign.count, campaign.count)
                if lower > 0 { graph.addEdge(firstCategory[c] + q, total, capacity: lower, cost: LexicographicCost(major: -quota, minor: 0)) }
                if upper > lower { graph.addEdge(firstCategory[c] + q, total, capacity: upper - lower, cost: .zero) }
            }
            graph.addEdge(none, total, capacity: campaign.count, cost: .zero)
            graph.addEdge(total, sink, capacity: campaign.count, cost: LexicographicCost(major: -1, minor: 0))
        }
        graph.augmentWhileCheaper(from: 0, to: sink)
        let chosen = edges.map { own in own.filter { graph.flow(on: $0.edge) > 0 }.map(\.candidate).sorted() }
        return (chosen, cost(of: chosen, in: campaigns))
    }

    /// The first campaign (in order) whose selection holds more of one group than its cap, and those members.
    static func firstBrokenCap(_ campaigns: [Campaign], _ chosen: [[Int]]) -> (Int, [Int])? {
        for (c, campaign) in campaigns.enumerated() {
            guard let cap = campaign.perGroup else { continue }
            var members: [Int: [Int]] = [:]
            for i in chosen[c] { members[campaign.candidates[i].group, default: []].append(i) }
            if let broken = members.filter({ $0.value.count > cap }).min(by: { $0.key < $1.key }) { return (c, broken.value) }
        }
        return nil
    }

    static func shortfall(_ campaigns: [Campaign], _ chosen: [[Int]]) -> [[Int]] {
        campaigns.enumerated().map { c, campaign in
            campaign.minimum.indices.map { q in
                max(0, min(campaign.minimum[q], campaign.count) - chosen[c].filter { campaign.candidates[$0].category == q }.count)
            }
        }
    }
}
