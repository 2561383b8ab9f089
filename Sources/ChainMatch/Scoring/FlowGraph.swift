/// A cost a min-cost flow can add, negate and compare exactly: whole numbers, or a lexicographic triple.
///
/// ```swift
/// let c: Int64 = 5
/// c + (-c) == .zero   // true
/// ```
public protocol FlowCost: Comparable, Sendable {
    static var zero: Self { get }
    static func + (a: Self, b: Self) -> Self
    static prefix func - (a: Self) -> Self
}

extension Int64: FlowCost {}

/// A three-level cost compared on `major`, then `minor`, then `tie`: places and quotas before score, score
/// before the tie-break, exactly (no level can outweigh the one above it, however many terms are summed).
///
/// ```swift
/// LexicographicCost(major: -1, minor: 900) < LexicographicCost(major: 0, minor: -1_000_000)   // true
/// LexicographicCost(major: 0, minor: -5, tie: 9) < LexicographicCost(major: 0, minor: -4, tie: 0)   // true
/// ```
public struct LexicographicCost: FlowCost, Hashable {
    public var major: Int64
    public var minor: Int64
    public var tie: Int64

    public init(major: Int64, minor: Int64, tie: Int64 = 0) {
        self.major = major
        self.minor = minor
        self.tie = tie
    }

    public static let zero = LexicographicCost(major: 0, minor: 0)
    public static func + (a: Self, b: Self) -> Self { Self(major: a.major + b.major, minor: a.minor + b.minor, tie: a.tie + b.tie) }
    public static prefix func - (a: Self) -> Self { Self(major: -a.major, minor: -a.minor, tie: -a.tie) }
    public static func < (a: Self, b: Self) -> Bool { (a.major, a.minor, a.tie) < (b.major, b.minor, b.tie) }
}

/// A small residual graph for min-cost flow with unit augmentations (Bellman-Ford paths).
///
/// ```swift
/// var g = FlowGraph<Int64>(nodes: 3)
/// let e = g.addEdge(0, 1, capacity: 1, cost: -5)
/// g.addEdge(1, 2, capacity: 1, cost: 0)
/// g.augmentWhileCheaper(from: 0, to: 2)   // 1 unit
/// g.flow(on: e)                           // 1
/// ```
struct FlowGraph<Cost: FlowCost> {
    struct Edge { var to: Int; var capacity: Int; var cost: Cost; var reverse: Int }
    var edges: [Edge] = []
    var adjacency: [[Int]]

    init(nodes: Int) { adjacency = [[Int]](repeating: [], count: nodes) }

    @discardableResult
    mutating func addEdge(_ from: Int, _ to: Int, capacity: Int, cost: Cost) -> Int {
        let forward = edges.count
        edges.append(Edge(to: to, capacity: capacity, cost: cost, reverse: forward + 1))
        edges.append(Edge(to: from, capacity: 0, cost: -cost, reverse: forward))
        adjacency[from].append(forward)
        adjacency[to].append(forward + 1)
        return forward
    }

    func flow(on edge: Int) -> Int { edges[edges[edge].reverse].capacity }

    /// The cheapest path with spare capacity (Bellman-Ford, queue-based), as its edges and cost.
    func shortestPath(from s: Int, to t: Int) -> (edges: [Int], cost: Cost)? {
        let n = adjacency.count
        var distance = [Cost?](repeating: nil, count: n)
        var via = [Int](repeating: -1, count: n)
        var queued = [Bool](repeating: false, count: n)
        var queue = [s]
        var head = 0
        distance[s] = .zero
        queued[s] = true
        while head < queue.count {
            let u = queue[head]
            head += 1
            queued[u] = false
            let du = distance[u]!
            for e in adjacency[u] where edges[e].capacity > 0 {
                let v = edges[e].to
                let d = du + edges[e].cost
                if distance[v].map({ d < $0 }) ?? true {
                    distance[v] = d
                    via[v] = e
                    if !queued[v] { queued[v] = true; queue.append(v) }
                }
            }
            if head > 1024 && head * 2 > queue.count { queue.removeFirst(head); head = 0 }
        }
        guard let cost = distance[t] else { return nil }
        var path: [Int] = []
        var v = t
        while v != s {
            let e = via[v]
            path.append(e)
            v = edges[edges[e].reverse].to
        }
        return (path.reversed(), cost)
    }

    mutating func augment(_ path: [Int]) {
        for e in path {
            edges[e].capacity -= 1
            edges[edges[e].reverse].capacity += 1
        }
    }

    /// Sends units along cheapest paths while a path costs less than nothing: a min-cost flow of any
    /// value (successive shortest paths keep the flow cheapest for its value, so the first path that
    /// does not pay is where the total cost stops falling). Returns the units sent.
    @discardableResult
    mutating func augmentWhileCheaper(from s: Int, to t: Int) -> Int {
        var units = 0
        while let path = shortestPath(from: s, to: t), path.cost < .zero {
            augment(path.edges)
            units += 1
        }
        return units
    }
}
