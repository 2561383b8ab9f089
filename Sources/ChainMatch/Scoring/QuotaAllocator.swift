/// Picks the best `n` candidates under per-category minimums and maximums and a per-group cap.
///
/// ```swift
/// let pick = QuotaAllocator.select(
///     candidates: [.init(score: 0.9, category: 0, group: 7), .init(score: 0.8, category: 1, group: 7)],
///     count: 1, minimum: [0, 1], maximum: [nil, nil], perGroup: nil)
/// pick.chosen      // [1]: category 1 must have one
/// ```
///
/// Maximises, first, how many of the minimum places are filled and, second, the total score of the
/// chosen set, never exceeding a category maximum or the group cap. Solved exactly as a min-cost
/// flow (source → group → candidate → category → sink) by successive shortest paths on integer
/// costs (scores in millionths); candidates are given in ranking order and scores equal to the
/// millionth go to the earlier one. Categories are indices
/// `0..<minimum.count`; a candidate with category `nil` counts only toward `count`.
public enum QuotaAllocator {
    public struct Candidate: Equatable, Sendable {
        public var score: Double
        public var category: Int?
        public var group: Int

        public init(score: Double, category: Int?, group: Int) {
            self.score = score
            self.category = category
            self.group = group
        }
    }

    public struct Selection: Equatable, Sendable {
        /// Indices into the candidates, in their original (ranking) order.
        public var chosen: [Int]
        /// Per category, how many minimum places could not be filled from the candidates.
        public var shortfall: [Int]
    }

    public static func select(candidates: [Candidate], count: Int, minimum: [Int], maximum: [Int?], perGroup: Int?) -> Selection {
        let categories = minimum.count
        precondition(maximum.count == categories, "one maximum per category")
        // Node numbering: source, groups, candidates, categories (+1 for "none"), sink.
        let groupIDs = Array(Set(candidates.map(\.group))).sorted()
        let groupIndex = Dictionary(uniqueKeysWithValues: groupIDs.enumerated().map { ($1, $0) })
        let source = 0
        let firstGroup = 1
        let firstCandidate = firstGroup + groupIDs.count
        let firstCategory = firstCandidate + candidates.count
        let noCategory = firstCategory + categories
        let sink = noCategory + 1
        var graph = FlowGraph(nodes: sink + 1)
        let cap = perGroup ?? count
        for g in groupIDs.indices { graph.addEdge(source, firstGroup + g, capacity: cap, cost: 0) }
        // Integer costs, so shortest paths are exact: scores in micro-units, times (n + 1), plus a
        // rank term that gives ties (to the micro-unit) to the earlier candidate.
        let n = Int64(candidates.count)
        let costs = candidates.enumerated().map { i, c in -(Int64((c.score * 1e6).rounded()) * (n + 1) + (n - Int64(i))) }
        let big = 1 + (costs.map { abs($0) }.max() ?? 0) * Int64(max(1, count))
        var candidateEdges: [Int] = []
        for (i, c) in candidates.enumerated() {
            graph.addEdge(firstGroup + groupIndex[c.group]!, firstCandidate + i, capacity: 1, cost: 0)
            let cost = costs[i]
            let target = c.category.map { firstCategory + $0 } ?? noCategory
            candidateEdges.append(graph.addEdge(firstCandidate + i, target, capacity: 1, cost: cost))
        }
        for q in 0..<categories {
            let lower = min(minimum[q], count)
            let upper = min(maximum[q] ?? count, count)
            if lower > 0 { graph.addEdge(firstCategory + q, sink, capacity: lower, cost: -big) }
            if upper > lower { graph.addEdge(firstCategory + q, sink, capacity: upper - lower, cost: 0) }
        }
        graph.addEdge(noCategory, sink, capacity: count, cost: 0)

        var flow = 0
        // Successive shortest paths: after f augmentations the flow is a cheapest flow of value f.
        while flow < count, let path = graph.shortestPath(from: source, to: sink) {
            graph.augment(path.edges)
            flow += 1
        }
        let chosen = candidateEdges.enumerated().filter { graph.flow(on: $0.element) > 0 }.map(\.offset)
        var shortfall = [Int](repeating: 0, count: categories)
        for q in 0..<categories {
            let filled = chosen.filter { candidates[$0].category == q }.count
            shortfall[q] = max(0, min(minimum[q], count) - filled)
        }
        return Selection(chosen: chosen, shortfall: shortfall)
    }
}

/// A small residual graph for min-cost flow with unit augmentations (Bellman-Ford paths).
struct FlowGraph {
    struct Edge { var to: Int; var capacity: Int; var cost: Int64; var reverse: Int }
    var edges: [Edge] = []
    var adjacency: [[Int]]

    init(nodes: Int) { adjacency = [[Int]](repeating: [], count: nodes) }

    @discardableResult
    mutating func addEdge(_ from: Int, _ to: Int, capacity: Int, cost: Int64) -> Int {
        let forward = edges.count
        edges.append(Edge(to: to, capacity: capacity, cost: cost, reverse: forward + 1))
        edges.append(Edge(to: from, capacity: 0, cost: -cost, reverse: forward))
        adjacency[from].append(forward)
        adjacency[to].append(forward + 1)
        return forward
    }

    func flow(on edge: Int) -> Int { edges[edges[edge].reverse].capacity }

    /// The cheapest path with spare capacity (Bellman-Ford, queue-based), as its edges and cost.
    func shortestPath(from s: Int, to t: Int) -> (edges: [Int], cost: Int64)? {
        let n = adjacency.count
        let unreached = Int64.max
        var distance = [Int64](repeating: unreached, count: n)
        var via = [Int](repeating: -1, count: n)
        var queued = [Bool](repeating: false, count: n)
        var queue = [s]
        var head = 0
        distance[s] = 0
        queued[s] = true
        while head < queue.count {
            let u = queue[head]
            head += 1
            queued[u] = false
            for e in adjacency[u] where edges[e].capacity > 0 {
                let v = edges[e].to
                let d = distance[u] + edges[e].cost
                if d < distance[v] {
                    distance[v] = d
                    via[v] = e
                    if !queued[v] { queued[v] = true; queue.append(v) }
                }
            }
            if head > 1024 && head * 2 > queue.count { queue.removeFirst(head); head = 0 }
        }
        guard distance[t] != unreached else { return nil }
        var path: [Int] = []
        var v = t
        while v != s {
            let e = via[v]
            path.append(e)
            v = edges[edges[e].reverse].to
        }
        return (path.reversed(), distance[t])
    }

    mutating func augment(_ path: [Int]) {
        for e in path {
            edges[e].capacity -= 1
            edges[edges[e].reverse].capacity += 1
        }
    }
}
