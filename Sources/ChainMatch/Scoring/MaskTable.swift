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
    /// Per campaign whether a quota column limits the project's node, and those nodes' words (`wordsPerRow` each).
    let hasProjectNodes: UnsafeMutablePointer<Bool>
    let projectNodes: UnsafeMutablePointer<UInt64>

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
        hasProjectNodes = copy(limits.map { $0.projectNodes != nil })
        projectNodes = copy(limits.flatMap { l -> [UInt64] in
            let r = l.projectNodes ?? []
            return (0..<words).map { $0 < r.count ? r[$0] : 0 }
        })
    }

    func deallocate() {
        for p in [hasRequiredNodes, hasExclusions, hasProjectNodes] { p.deallocate() }
        lists.deallocate(); requiredLists.deallocate(); nodeWords.deallocate(); requiredNodes.deallocate(); projectNodes.deallocate()
    }

    @inline(__always)
    func allows(enterprise e: Int, global: Int, campaign c: Int) -> Bool {
        guard allowsCheaply(enterprise: e, global: global, campaign: c) else { return false }
        let fits = masks.projectFits(enterprise: e, campaign: c)
        Invariants.check(!fits || masks.allows(enterprise: e, global: global, campaign: c),
                         "the mask table allows enterprise \(global) in campaign \(c) where the rules do not")
        return fits
    }

    /// `allows` when the project is already known (`ProjectCreditTable.choice`): its node must lie in a quota
    /// column's nodes and its needs fit the park.
    @inline(__always)
    func allows(enterprise e: Int, global: Int, campaign c: Int, project: (node: Int, credit: Float, fits: Bool)) -> Bool {
        guard allowsCheaply(enterprise: e, global: global, campaign: c), project.fits else { return false }
        if hasProjectNodes[c] {
            let n = project.node
            if n / 64 >= wordsPerRow || projectNodes[c * wordsPerRow + n / 64] & (1 << UInt64(n % 64)) == 0 { return false }
        }
        Invariants.check(masks.allows(enterprise: e, global: global, campaign: c),
                         "the mask table allows enterprise \(global) in campaign \(c) where the rules do not")
        return true
    }

    /// The list, exclusion and chain-match rules (the same rule functions as ConstraintMasks, on flat buffers).
    @inline(__always)
    func allowsCheaply(enterprise e: Int, global: Int, campaign c: Int) -> Bool {
        if ConstraintMasks.missesLists(lists[e], requiredLists[c]) { return false }
        if hasExclusions[c] && masks.limits[c].excluded.contains(global) { return false }
        if hasRequiredNodes[c] && !ConstraintMasks.sharesNode(nodeWords + e * wordsPerRow, requiredNodes + c * wordsPerRow, words: wordsPerRow) {
            return false
        }
        return true
    }
}
