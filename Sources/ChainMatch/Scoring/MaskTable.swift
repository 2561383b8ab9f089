/// `ConstraintMasks` flattened into plain buffers for the scorer's inner loop: the same answers as
/// `ConstraintMasks.allows`, without copying a campaign's limits (and retaining their sets and
/// arrays) on every question.
///
/// ```swift
/// let table = MaskTable(masks)
/// defer { table.deallocate() }
/// table.allows(enterprise: e, global: offset + e, campaign: c) == masks.allows(enterprise: e, global: offset + e, campaign: c)
/// ```
struct MaskTable {
    let masks: ConstraintMasks
    let land, energy, water, emission: UnsafeMutablePointer<Float>
    let twoHigh: UnsafeMutablePointer<Bool>
    let lists: UnsafeMutablePointer<UInt32>
    let nodeWords: UnsafeMutablePointer<UInt64>
    let wordsPerRow: Int
    let limitLand, limitEnergy, limitWater, limitEmission: UnsafeMutablePointer<Float>
    let allowsTwoHigh, hasRequiredNodes, hasExclusions: UnsafeMutablePointer<Bool>
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
        land = copy(needs.landMu); energy = copy(needs.energyTce); water = copy(needs.waterTonnes)
        emission = copy(needs.emissionTonnes); twoHigh = copy(needs.twoHigh); lists = copy(needs.lists.map(\.rawValue))
        nodeWords = copy(needs.nodeWords)
        wordsPerRow = needs.nodeWordsPerRow
        limitLand = copy(limits.map(\.landMu)); limitEnergy = copy(limits.map(\.energyTce))
        limitWater = copy(limits.map(\.waterTonnes)); limitEmission = copy(limits.map(\.emissionTonnes))
        allowsTwoHigh = copy(limits.map(\.allowsTwoHigh)); hasRequiredNodes = copy(limits.map { $0.requiredNodes != nil })
        hasExclusions = copy(limits.map { !$0.excluded.isEmpty }); requiredLists = copy(limits.map(\.requiredLists.rawValue))
        let words = wordsPerRow
        requiredNodes = copy(limits.flatMap { l -> [UInt64] in
            let r = l.requiredNodes ?? []
            return (0..<words).map { $0 < r.count ? r[$0] : 0 }
        })
    }

    func deallocate() {
        for p in [land, energy, water, emission, limitLand, limitEnergy, limitWater, limitEmission] { p.deallocate() }
        for p in [twoHigh, allowsTwoHigh, hasRequiredNodes, hasExclusions] { p.deallocate() }
        lists.deallocate(); requiredLists.deallocate(); nodeWords.deallocate(); requiredNodes.deallocate()
    }

    @inline(__always)
    func allows(enterprise e: Int, global: Int, campaign c: Int) -> Bool {
        if land[e] > limitLand[c] || energy[e] > limitEnergy[c] || water[e] > limitWater[c] || emission[e] > limitEmission[c] {
            return false
        }
        if twoHigh[e] && !allowsTwoHigh[c] { return false }
        if requiredLists[c] != 0 && lists[e] & requiredLists[c] == 0 { return false }
        if hasExclusions[c] && masks.limits[c].excluded.contains(global) { return false }
        if hasRequiredNodes[c] {
            let row = nodeWords + e * wordsPerRow, required = requiredNodes + c * wordsPerRow
            var shares = false
            for w in 0..<wordsPerRow where row[w] & required[w] != 0 { shares = true; break }
            if !shares { return false }
        }
        return true
    }
}
