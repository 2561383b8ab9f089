/// One ranked result: an enterprise (by its row index in the scored set) and its score.
public struct ScoredItem: Equatable, Hashable, Sendable {
    public var index: Int
    public var score: Float

    public init(index: Int, score: Float) {
        self.index = index
        self.score = score
    }

    /// The ranking order: higher score first, then lower index first. A strict total order on
    /// distinct indices, so the top k of any set is unique and independent of arrival order.
    @inlinable
    public static func ranksBefore(_ a: ScoredItem, _ b: ScoredItem) -> Bool {
        a.score > b.score || (a.score == b.score && a.index < b.index)
    }
}

/// A bounded heap that keeps the best `k` items seen, in the ranking order of `ScoredItem`.
///
/// ```swift
/// var top = TopK(k: 2)
/// for (i, s) in [0.5, 0.9, 0.7].enumerated() { top.offer(ScoredItem(index: i, score: Float(s))) }
/// top.sorted()   // [#1 0.9, #2 0.7]
/// ```
///
/// The root is the worst kept item, so `threshold` is the score a newcomer must reach. Offering is
/// O(log k); merging two heaps gives the same result as offering all items to one (associative and
/// commutative), which is what makes sharded runs merge exactly.
public struct TopK: Sendable, Equatable {
    public let k: Int
    @usableFromInline var heap: [ScoredItem] = []

    public init(k: Int) {
        precondition(k >= 0, "k must be non-negative")
        self.k = k
        heap.reserveCapacity(k)
    }

    public var count: Int { heap.count }
    public var isFull: Bool { heap.count >= k }

    /// The lowest score that can still enter (ties then compare by index); -∞ while not full.
    @inlinable
    public var threshold: Float {
        heap.count < k ? -Float.infinity : (k == 0 ? Float.infinity : heap[0].score)
    }

    /// Whether `item` would be kept if offered now.
    @inlinable
    public func admits(_ item: ScoredItem) -> Bool {
        if k == 0 || item.score.isNaN { return false }
        if heap.count < k { return true }
        return ScoredItem.ranksBefore(item, heap[0])
    }

    /// Offers an item; keeps it if it ranks among the best `k`. Returns whether it was kept.
    @discardableResult
    @inlinable
    public mutating func offer(_ item: ScoredItem) -> Bool {
        guard admits(item) else { return false }
        if heap.count < k {
            heap.append(item)
            siftUp(heap.count - 1)
        } else {
            heap[0] = item
            siftDown(0)
        }
        return true
    }

    /// Offers every item of another heap.
    public mutating func merge(_ other: TopK) {
        for item in other.heap { offer(item) }
        Invariants.check(checkInvariants(), "top-k heap out of order after a merge")
    }

    /// The kept items, best first.
    public func sorted() -> [ScoredItem] {
        Invariants.check(checkInvariants(), "top-k heap out of order")
        return heap.sorted(by: ScoredItem.ranksBefore)
    }

    // The heap keeps the *worst* item at the root: parent "ranks after" its children.
    @inlinable
    mutating func siftUp(_ start: Int) {
        var child = start
        let item = heap[child]
        while child > 0 {
            let parent = (child - 1) / 2
            guard ScoredItem.ranksBefore(heap[parent], item) else { break }
            heap[child] = heap[parent]
            child = parent
        }
        heap[child] = item
    }

    @inlinable
    mutating func siftDown(_ start: Int) {
        var parent = start
        let item = heap[parent]
        let n = heap.count
        while true {
            var worst = 2 * parent + 1
            if worst >= n { break }
            let right = worst + 1
            if right < n && ScoredItem.ranksBefore(heap[worst], heap[right]) { worst = right }
            guard ScoredItem.ranksBefore(item, heap[worst]) else { break }
            heap[parent] = heap[worst]
            parent = worst
        }
        heap[parent] = item
    }

    /// Checks the heap property; for tests and debug builds.
    public func checkInvariants() -> Bool {
        guard heap.count <= k else { return false }
        for i in 1..<max(1, heap.count) where ScoredItem.ranksBefore(heap[(i - 1) / 2], heap[i]) {
            return false
        }
        return true
    }
}
