/// Per-campaign screening state of `BlockedScorer`: every allowed enterprise whose sgemm score
/// reaches its campaign's threshold, the threshold trailing the k-th best score seen by a slack.
///
/// ```swift
/// let screen = CandidateScreen(campaigns: 1, k: 2, slack: [0.5])
/// for (i, s) in [3, 9, 1, 8, 7.8].enumerated() where Float(s) >= screen.thresholds[0] {
///     screen.append(ScoredItem(index: i, score: Float(s)), to: 0)
/// }
/// screen.finish(0)   // #1 9, #3 8, #4 7.8 — the best two and all within 0.5 of the second
/// ```
///
/// Candidates are appended unsorted, like faiss's reservoir; when a campaign's list reaches its
/// limit it is compacted: the k-th largest score is found by selection, the threshold becomes that
/// score less the slack, and everything below it is dropped. An append is one store into memory
/// the previous append touched, where a heap insert walks a cold heap. With a fixed slack the list
/// always holds every candidate seen with a score at or above the current threshold, so after
/// `finish` it holds exactly those within the slack of the k-th best score of all (or everything,
/// when fewer than k were seen) — whatever the order of appends. The slack may widen as the pass
/// goes (`widenSlack`); what was dropped earlier was then more than the narrower slack below.
///
/// A campaign may start with a floor (`setFloor`): a guess at how low its final threshold will be, from a
/// sample, so the threshold is high from the first block. Nothing below the floor is kept. Once the pass
/// is done, `reachedFloor` tells whether the guess held — at least k candidates and the k-th best less
/// the slack at or above the floor, so nothing the floor dropped could have been kept; then the list is what
/// the pass without a floor would have screened. A campaign whose guess failed is `reopen`ed and passed
/// again without one, the others `freeze`: their thresholds go to +∞ and their lists stay as they are.
///
/// Each campaign must be touched by one thread at a time; different campaigns may be worked on
/// concurrently.
final class CandidateScreen: @unchecked Sendable {
    let k: Int
    let campaigns: Int
    /// Per campaign: the score a candidate must reach to be appended (−∞ until k were seen).
    let thresholds: UnsafeMutablePointer<Float>
    /// Per campaign: its candidates, `counts[c]` of `capacities[c]` slots in use.
    private let lists: UnsafeMutablePointer<UnsafeMutablePointer<ScoredItem>>
    private let counts: UnsafeMutablePointer<Int>
    private let capacities: UnsafeMutablePointer<Int>
    /// Per campaign: how far below the k-th best score candidates are kept.
    private let slack: UnsafeMutablePointer<Float>
    /// Per campaign: the k-th best score at the last compaction (−∞ before).
    private let kths: UnsafeMutablePointer<Float>
    /// Per campaign: the least threshold (−∞ without a guess; +∞ once frozen).
    private let floors: UnsafeMutablePointer<Float>
    /// Per campaign: whether its list is final and passes leave it alone.
    private let frozen: UnsafeMutablePointer<Bool>

    /// `slack[c]` is how far below the k-th best score campaign `c` keeps candidates.
    init(campaigns: Int, k: Int, slack: [Float]) {
        precondition(k > 0 && slack.count == campaigns, "k > 0 and one slack per campaign")
        self.k = k
        self.campaigns = campaigns
        let initial = 2 * k + 32
        thresholds = .allocate(capacity: max(1, campaigns))
        thresholds.initialize(repeating: -.infinity, count: campaigns)
        lists = .allocate(capacity: max(1, campaigns))
        for c in 0..<campaigns { (lists + c).initialize(to: .allocate(capacity: initial)) }
        counts = .allocate(capacity: max(1, campaigns))
        counts.initialize(repeating: 0, count: campaigns)
        capacities = .allocate(capacity: max(1, campaigns))
        capacities.initialize(repeating: initial, count: campaigns)
        self.slack = .allocate(capacity: max(1, campaigns))
        self.slack.initialize(from: slack, count: campaigns)
        kths = .allocate(capacity: max(1, campaigns))
        kths.initialize(repeating: -.infinity, count: campaigns)
        floors = .allocate(capacity: max(1, campaigns))
        floors.initialize(repeating: -.infinity, count: campaigns)
        frozen = .allocate(capacity: max(1, campaigns))
        frozen.initialize(repeating: false, count: campaigns)
    }

    deinit {
        for c in 0..<campaigns { lists[c].deallocate() }
        lists.deallocate()
        thresholds.deallocate()
        counts.deallocate()
        capacities.deallocate()
        slack.deallocate()
        kths.deallocate()
        floors.deallocate()
        frozen.deallocate()
    }

    /// Widens a campaign's slack (it never narrows) and lowers its threshold to match. Candidates
    /// dropped before were dropped under the narrower slack that held for everything seen then.
    func widenSlack(_ campaign: Int, to newSlack: Float) {
        guard newSlack > slack[campaign], !frozen[campaign] else { return }
        slack[campaign] = newSlack
        if kths[campaign] > -.infinity { thresholds[campaign] = max(floors[campaign], kths[campaign] - newSlack) }
    }

    /// Starts a campaign's threshold at `floor` (a guess from a sample, checked by `reachedFloor`). Call
    /// before anything is appended.
    func setFloor(_ campaign: Int, _ floor: Float) {
        precondition(counts[campaign] == 0, "a floor is set before the pass")
        floors[campaign] = floor
        thresholds[campaign] = max(thresholds[campaign], floor)
    }

    /// Whether the pass showed the floor safe (or there was none): compacts, then at least k candidates
    /// and the k-th best less the slack at or above the floor.
    func reachedFloor(_ campaign: Int) -> Bool {
        guard floors[campaign] > -.infinity else { return true }
        compact(campaign)
        return counts[campaign] >= k && kths[campaign] - slack[campaign] >= floors[campaign]
    }

    /// Empties a campaign's list and drops its floor, for a pass again without a guess.
    func reopen(_ campaign: Int) {
        counts[campaign] = 0
        floors[campaign] = -.infinity
        kths[campaign] = -.infinity
        thresholds[campaign] = -.infinity
    }

    /// Keeps a campaign's list as it is: nothing more is appended (its threshold is +∞) or dropped.
    func freeze(_ campaign: Int) {
        compact(campaign)
        frozen[campaign] = true
        thresholds[campaign] = .infinity
    }

    /// The k-th best score once compacted (−∞ when fewer than k were kept).
    func kthScore(_ campaign: Int) -> Float {
        compact(campaign)
        return counts[campaign] >= k ? kths[campaign] : -.infinity
    }

    /// Appends a candidate that reached `thresholds[campaign]`; compacts when the list is full.
    @inline(__always)
    func append(_ item: ScoredItem, to campaign: Int) {
        let n = counts[campaign]
        (lists[campaign] + n).initialize(to: item)
        counts[campaign] = n + 1
        if n + 1 == capacities[campaign] { compact(campaign) }
    }

    /// Raises the threshold to the k-th best score less the slack and drops what falls below; when
    /// more than half the slots stay in use (many scores within the slack), the list grows to four
    /// times what it keeps.
    func compact(_ campaign: Int) {
        let count = counts[campaign]
        guard count >= k, !frozen[campaign] else { return }
        let list = lists[campaign]
        let kth = withUnsafeTemporaryAllocation(of: Float.self, capacity: count) { scratch in
            for i in 0..<count { scratch[i] = list[i].score }
            return Self.kthLargest(scratch.baseAddress!, count: count, k: k)
        }
        if kth > kths[campaign] { kths[campaign] = kth }
        let threshold = max(floors[campaign], kths[campaign] - slack[campaign])
        thresholds[campaign] = threshold
        var kept = 0
        for i in 0..<count where list[i].score >= threshold {
            list[kept] = list[i]
            kept += 1
        }
        counts[campaign] = kept
        Invariants.check(checkInvariants(campaign), "candidate list of campaign \(campaign) holds a score below its threshold")
        if 2 * kept > capacities[campaign] {
            let grown = UnsafeMutablePointer<ScoredItem>.allocate(capacity: 4 * kept)
            grown.moveInitialize(from: list, count: kept)
            list.deallocate()
            lists[campaign] = grown
            capacities[campaign] = 4 * kept
        }
    }

    /// Whether campaign `c`'s list fits its slots, holds nothing below its threshold, and the threshold
    /// trails the k-th best score by exactly the slack once k were seen (never below the floor).
    func checkInvariants(_ c: Int) -> Bool {
        guard counts[c] >= 0, counts[c] <= capacities[c] else { return false }
        if frozen[c] { return thresholds[c] == .infinity }
        for i in 0..<counts[c] where lists[c][i].score < thresholds[c] { return false }
        return kths[c] == -.infinity ? thresholds[c] == floors[c] : thresholds[c] == max(floors[c], kths[c] - slack[c])
    }

    /// Every candidate of `campaign` within the slack of the k-th best score, in no order.
    func finish(_ campaign: Int) -> UnsafeBufferPointer<ScoredItem> {
        compact(campaign)
        return UnsafeBufferPointer(start: lists[campaign], count: counts[campaign])
    }

    /// The `k`-th largest of `values[0..<count]` (1 ≤ k ≤ count); reorders `values`.
    ///
    /// Hoare partition around a median of three, on the side that holds the k-th; runs of equal
    /// values split in the middle, so heavy ties stay linear.
    static func kthLargest(_ values: UnsafeMutablePointer<Float>, count: Int, k: Int) -> Float {
        precondition(k >= 1 && k <= count, "1 ≤ k ≤ count")
        let target = k - 1   // position in descending order
        var low = 0, high = count - 1
        while low < high {
            let a = values[low], b = values[(low + high) / 2], c = values[high]
            let pivot = max(min(a, b), min(max(a, b), c))
            var i = low, j = high
            while i <= j {
                while values[i] > pivot { i += 1 }
                while values[j] < pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now values[low...j] ≥ pivot, values[i...high] ≤ pivot, and anything between equals it.
            if target <= j {
                high = j
            } else if target >= i {
                low = i
            } else {
                return values[target]
            }
        }
        return values[target]
    }
}

extension UnsafeMutablePointer where Pointee == Float {
    @inline(__always)
    fileprivate func swapAt(_ i: Int, _ j: Int) {
        let t = self[i]
        self[i] = self[j]
        self[j] = t
    }
}
