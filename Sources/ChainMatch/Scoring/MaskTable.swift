/// `ConstraintMasks` flattened into plain buffers for the scorer's inner loop: the same answers as
/// `ConstraintMasks.allows`, without copying a campaign's limits (and retaining their sets and
/// arrays) on every question. The cheap rules (lists, exclusions, chain match) are tested here; the
/// project rules are `ConstraintMasks.projectFits`, asked only when the cheap ones pass.
///
/// ```swift
/// let table = MaskTable(masks)
/// defer { table.deallocate() }
/// table.allows(enterprise: e, global: offset + e, campaign: c) == masks.allows(enterprise: e, global: offset + e, campaign: c)
/// ```
struct MaskTable {
    let masks: ConstraintMasks
    let lists: UnsafeMutablePointer<UInt32>
    let nodeWords: UnsafeMutablePointer<UInt64>
    let wordsPerRow: Int
    let hasRequiredNodes, hasExclusions: UnsafeMutablePointer<Bool>
    let requiredLists: UnsafeMutablePointer<UInt32>
    /// Per campaign `wordsPerRow` words of required nodes (zero beyond the campaign's own words).
    let requiredNodes: UnsafeMutablePointer<UInt64>

    init(_ masks: ConstraintMasks) {
        self.masks = masks
        let needs = masks.needs, limits = masks.limits
        func copy<T>(_ a: [T]) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, a.count))
            a.withUnsafeBufferPointer { if let base = $0.baseAddress { p.initialize(from: base, count: a.count) } }
            return p
        }
        lists = copy(needs.lists.map(\.rawValue))
        nodeWords = copy(needs.nodeWords)
        wordsPerRow = needs.nodeWordsPerRow
        hasRequiredNodes = copy(limits.map { $0.requiredNodes != nil })
        hasExclusions = copy(limits.map { !$0.excluded.isEmpty }); requiredLists = copy(limits.map(\.requiredLists.rawValue))
        let words = wordsPerRow
        requiredNodes = copy(limits.flatMap { l -> [UInt64] in
            let r = l.requiredNodes ?? []
            return (0..<words).map { $0 < r.count ? r[$0] : 0 }
        })
    }

    func deallocate() {
        for p in [hasRequiredNodes, hasExclusions] { p.deallocate() }
        lists.deallocate(); requiredLists.deallocate(); nodeWords.deallocate(); requiredNodes.deallocate()
    }

    @inline(__always)
    func allows(enterprise e: Int, global: Int, campaign c: Int) -> Bool {
        // The same rule functions as ConstraintMasks, on flat buffers.
        if ConstraintMasks.missesLists(lists[e], requiredLists[c]) { return false }
        if hasExclusions[c] && masks.limits[c].excluded.contains(global) { return false }
        if hasRequiredNodes[c] && !ConstraintMasks.sharesNode(nodeWords + e * wordsPerRow, requiredNodes + c * wordsPerRow, words: wordsPerRow) {
            return false
        }
        let fits = masks.projectFits(enterprise: e, campaign: c)
        Invariants.check(!fits || masks.allows(enterprise: e, global: global, campaign: c),
                         "the mask table allows enterprise \(global) in campaign \(c) where the rules do not")
        return fits
    }
}
