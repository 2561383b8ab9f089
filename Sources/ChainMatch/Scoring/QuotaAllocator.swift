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
        var graph = FlowGraph<Int64>(nodes: sink + 1)
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
