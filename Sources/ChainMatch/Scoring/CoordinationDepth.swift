/// Whether each campaign's leading candidates (a batch's top-k columns) reach deep enough for a province's
/// coordination over them to be an optimum of the coordination over all eligible enterprises.
///
/// ```swift
/// let short = CoordinationDepth.shallow(columns: columns, problem: problem, maxCampaigns: 1)
/// if short.isEmpty { /* ProvinceAllocator.assign(problem, …) is exact */ } else { /* score again with a larger k */ }
/// ```
///
/// The argument is an exchange. Say an optimum gives campaign c an enterprise x beyond c's leads, in quota
/// category κ. Take a column of c that holds κ (c's own column, or κ's quota column) and P, its members of
/// category κ that score more than the column's last item by at least a millionth of a point, so more than
/// x in the allocator's objective. Other campaigns fill Σ N′ places, so at most B = ⌊Σ N′ / M⌋ enterprises
/// are already on M other lists; c holds at most N − 1 others. Counting P with at most `perGroup` members per
/// group (the capped count), the groups c has filled hold at most as many as c chose there, so when the
/// capped count is at least N + B some y in P is free, not on c's list, and in a group with room once x
/// leaves. Swapping x for y keeps every quota (same category), cap and enterprise limit and does not worsen
/// the objective, so an optimum lies within the leads. A column that kept fewer than k items holds every
/// eligible enterprise it serves, and its categories need no count.
public enum CoordinationDepth {
    /// One column of a campaign's candidates, as the allocator sees them.
    public struct Column: Sendable {
        /// The quota this column serves; nil for the campaign's own column (every category).
        public var quota: Int?
        /// Its candidates in ranking order, with the campaign's categories and the province's groups.
        public var items: [ProvinceAllocator.Candidate]
        /// True when the column kept as many items as it could (k), so eligible ones may lie beyond it.
        public var full: Bool

        public init(quota: Int?, items: [ProvinceAllocator.Candidate], full: Bool) {
            self.quota = quota
            self.items = items
            self.full = full
        }
    }

    /// The campaigns (indices into `problem`) whose columns are too shallow; empty when the coordination over
    /// `problem` is exact. `columns[i]` are campaign `problem[i]`'s columns.
    public static func shallow(columns: [[Column]], problem: [ProvinceAllocator.Campaign], maxCampaigns: Int) -> [Int] {
        let places = problem.reduce(0) { $0 + $1.count }
        return problem.indices.filter { i in
            let need = problem[i].count + (places - problem[i].count) / maxCampaigns
            let categories: [Int?] = [nil] + problem[i].minimum.indices.map { $0 }
            return categories.contains { category in
                let providers = columns[i].filter { $0.quota == nil || $0.quota == category }
                if providers.contains(where: { !$0.full }) { return false }
                let best = providers.map { cappedCount($0, category: category, cap: problem[i].perGroup) }.max() ?? 0
                return best < need
            }
        }
    }

    /// The column's members of `category` scoring at least a millionth above its last item, at most `cap` per group.
    static func cappedCount(_ column: Column, category: Int?, cap: Int?) -> Int {
        guard let last = column.items.last else { return 0 }
        let floor = millionths(last.score)
        var perGroup: [Int: Int] = [:]
        var count = 0
        for item in column.items where item.category == category && millionths(item.score) > floor {
            let held = perGroup[item.group, default: 0]
            if let cap, held >= cap { continue }
            perGroup[item.group] = held + 1
            count += 1
        }
        return count
    }

    static func millionths(_ score: Double) -> Int64 { Int64((score * 1e6).rounded()) }
}
