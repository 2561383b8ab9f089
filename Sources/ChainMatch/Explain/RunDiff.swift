/// One row of a ranked list: an enterprise, its 1-based rank and its score.
///
/// ```swift
/// let row = RankedEntry(id: "91630100MA752XXXXX", rank: 1, score: 0.93)
/// ```
public struct RankedEntry: Hashable, Sendable, Codable {
    public var id: String
    public var rank: Int
    public var score: Float

    public init(id: String, rank: Int, score: Float) {
        self.id = id
        self.rank = rank
        self.score = score
    }
}

/// What changed between two ranked lists of one campaign: who entered, who left, who moved.
///
/// ```swift
/// let old = [RankedEntry(id: "A", rank: 1, score: 0.9), RankedEntry(id: "B", rank: 2, score: 0.8)]
/// let new = [RankedEntry(id: "B", rank: 1, score: 0.95), RankedEntry(id: "C", rank: 2, score: 0.7)]
/// let d = try RunDiff(old: old, new: new)
/// // d.entered: [C at 2]; d.left: [A from 1]; d.moved: [B 2 → 1]; d.unchanged: 0
/// ```
///
/// An enterprise in both lists at the same rank is unchanged (whatever its score did); at another
/// rank it moved. The output order is fixed — entered by new rank, left by old rank, moved by new
/// rank, ties by id — so the same lists always give the same diff. `campaigns(old:new:)` diffs whole
/// runs, campaign by campaign in id order.
public struct RunDiff: Equatable, Sendable, Codable {
    /// An enterprise ranked in both lists, at different ranks.
    public struct Move: Equatable, Sendable, Codable {
        public var id: String
        public var oldRank: Int
        public var newRank: Int
        public var oldScore: Float
        public var newScore: Float

        public init(id: String, oldRank: Int, newRank: Int, oldScore: Float, newScore: Float) {
            self.id = id
            self.oldRank = oldRank
            self.newRank = newRank
            self.oldScore = oldScore
            self.newScore = newScore
        }

        /// Places gained: positive when the enterprise moved up.
        public var placesGained: Int { oldRank - newRank }
    }

    /// One campaign's diff within a run diff.
    public struct Campaign: Equatable, Sendable, Codable {
        public enum Presence: String, Equatable, Sendable, Codable {
            /// Ranked in both runs.
            case both
            /// Only in the new run (a new campaign): everything entered.
            case added
            /// Only in the old run (a dropped campaign): everything left.
            case removed
        }

        public var id: String
        public var presence: Presence
        public var diff: RunDiff
    }

    /// In the new list only, by new rank, then id.
    public let entered: [RankedEntry]
    /// In the old list only (with their old rank and score), by old rank, then id.
    public let left: [RankedEntry]
    /// In both lists at different ranks, by new rank, then id.
    public let moved: [Move]
    /// In both lists at the same rank.
    public let unchanged: Int

    /// Whether the two lists rank the same enterprises at the same ranks.
    public var isEmpty: Bool { entered.isEmpty && left.isEmpty && moved.isEmpty }

    /// Diffs two ranked lists; an id listed twice in one list is `.badData` naming `label`.
    public init(old: [RankedEntry], new: [RankedEntry], label: String = "ranked list") throws {
        let before = try Self.index(old, label: "\(label) (old)")
        let after = try Self.index(new, label: "\(label) (new)")
        let byRankThenID = { (a: RankedEntry, b: RankedEntry) in a.rank != b.rank ? a.rank < b.rank : a.id < b.id }
        entered = new.filter { before[$0.id] == nil }.sorted(by: byRankThenID)
        left = old.filter { after[$0.id] == nil }.sorted(by: byRankThenID)
        var moved: [Move] = []
        var unchanged = 0
        for entry in new {
            guard let was = before[entry.id] else { continue }
            if was.rank == entry.rank {
                unchanged += 1
            } else {
                moved.append(Move(id: entry.id, oldRank: was.rank, newRank: entry.rank, oldScore: was.score, newScore: entry.score))
            }
        }
        self.moved = moved.sorted { $0.newRank != $1.newRank ? $0.newRank < $1.newRank : $0.id < $1.id }
        self.unchanged = unchanged
    }

    private static func index(_ list: [RankedEntry], label: String) throws -> [String: RankedEntry] {
        var map: [String: RankedEntry] = [:]
        map.reserveCapacity(list.count)
        for entry in list {
            if let first = map[entry.id] {
                throw ChainMatchError.badData(SourceLocation(file: label),
                                              "enterprise '\(entry.id)' is ranked twice (ranks \(first.rank) and \(entry.rank))")
            }
            map[entry.id] = entry
        }
        return map
    }

    /// Diffs two runs given as campaign id → ranked list, in campaign id order (byte order of UTF-8).
    public static func campaigns(old: [String: [RankedEntry]], new: [String: [RankedEntry]]) throws -> [Campaign] {
        let ids = Set(old.keys).union(new.keys).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return try ids.map { id in
            let presence: Campaign.Presence = old[id] == nil ? .added : (new[id] == nil ? .removed : .both)
            return Campaign(id: id, presence: presence,
                            diff: try RunDiff(old: old[id] ?? [], new: new[id] ?? [], label: "campaign \(id)"))
        }
    }
}
