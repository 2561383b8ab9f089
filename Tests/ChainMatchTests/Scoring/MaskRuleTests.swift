import Testing
@testable import ChainMatch

/// The hard rules, written once in `ConstraintMasks.broken`, against a reference written out rule by
/// rule: every rule (land, energy, water, emissions, two-high, lists, exclusions, required nodes, a quota
/// column's project nodes), asked through `allows`, `violations` and the scorer's `MaskTable`.
@Suite struct MaskRuleTests {
    static let nodes = 70   // more than one word of node bits

    struct Problem {
        var needs: EnterpriseNeeds
        var limits: [CampaignLimits]
    }

    static func problem(seed: UInt64) -> Problem {
        var rng = SplitMix64(seed: seed)
        func uniform(_ top: Double) -> Double { Double(rng.nextFloat()) * top }
        let unit = NodeUnitNeeds(landMuPer100m: (0..<nodes).map { _ in uniform(60) },
                                 energyTcePer100m: (0..<nodes).map { _ in uniform(2000) },
                                 waterTPer100m: (0..<nodes).map { _ in uniform(50_000) },
                                 twoHigh: (0..<nodes).map { _ in rng.nextFloat() < 0.3 })
        let count = 300
        var needs = EnterpriseNeeds(count: count, nodes: nodes, unit: unit)
        for e in 0..<count {
            var mine: [Int] = []
            for _ in 0..<Int(rng.next() % 4) {
                let n = Int(rng.next() % UInt64(nodes))
                if !mine.contains(n) { mine.append(n) }
            }
            needs.setNodes(mine, enterprise: e)
            needs.projectInvestment100m[e] = 1 + uniform(29)
            if rng.nextFloat() < 0.5 { needs.lists[e].insert(.listed) }
            if rng.nextFloat() < 0.1 { needs.lists[e].insert(.global500) }
        }
        func bits(_ share: Float) -> [UInt64] {
            var words = [UInt64](repeating: 0, count: (nodes + 63) / 64)
            for n in 0..<nodes where rng.nextFloat() < share { words[n / 64] |= 1 << UInt64(n % 64) }
            return words
        }
        let limits = (0..<16).map { c -> CampaignLimits in
            var l = CampaignLimits()
            l.targetNodes = bits(0.2); l.wantedNodes = bits(0.4)
            l.fallbackNode = c % 3 == 0 ? Int(rng.next() % UInt64(nodes)) : nil
            if c % 2 == 0 { l.landMu = uniform(900) }
            if c % 3 == 0 { l.energyTce = uniform(30_000) }
            if c % 4 == 1 { l.waterTonnes = uniform(600_000) }
            if c % 5 == 2 { l.emissionTonnes = uniform(80_000) }
            if c % 2 == 1 { l.allowsTwoHigh = false }
            if c % 6 == 4 { l.requiredLists = [.listed, .global500] }
            if c % 4 == 3 { l.excluded = Set((0..<count).filter { _ in rng.nextFloat() < 0.2 }) }
            if c % 3 == 1 { l.requiredNodes = bits(0.3) }
            if c % 7 == 5 { l.projectNodes = bits(0.3) }
            return l
        }
        return Problem(needs: needs, limits: limits)
    }

    /// Every rule enterprise `e` breaks in campaign `c`, from first principles, in `MaskRule` order.
    static func reference(_ p: Problem, e: Int, c: Int) -> [MaskRule] {
        let l = p.limits[c]
        let project = p.needs.project(enterprise: e, preferring: [l.targetNodes, l.wantedNodes], fallback: l.fallbackNode)
        func has(_ words: [UInt64], _ n: Int) -> Bool { words[n / 64] & (1 << UInt64(n % 64)) != 0 }
        let mine = p.needs.nodes(of: e).map(Int.init)
        var out: [MaskRule] = []
        if project.landMu > l.landMu { out.append(.land) }
        if project.energyTce > l.energyTce { out.append(.energy) }
        if project.waterTonnes > l.waterTonnes { out.append(.water) }
        if project.emissionTonnes > l.emissionTonnes { out.append(.emissions) }
        if project.twoHigh && !l.allowsTwoHigh { out.append(.twoHigh) }
        if !l.requiredLists.isEmpty && p.needs.lists[e].intersection(l.requiredLists).isEmpty { out.append(.listFilter) }
        if l.excluded.contains(e) { out.append(.excluded) }
        let offRequired = l.requiredNodes.map { r in !mine.contains { has(r, $0) } } ?? false
        let offQuota = l.projectNodes.map { r in !(project.node.map { has(r, $0) } ?? false) } ?? false
        if offRequired || offQuota { out.append(.offChain) }
        return out
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func everyPathAgreesWithTheReference(seed: UInt64) {
        let p = Self.problem(seed: seed)
        let masks = ConstraintMasks(needs: p.needs, limits: p.limits)
        let table = MaskTable(masks)
        defer { table.deallocate() }
        var seen = Set<MaskRule>(), allowed = 0
        for c in p.limits.indices {
            for e in 0..<p.needs.count {
                let expected = Self.reference(p, e: e, c: c)
                seen.formUnion(expected)
                if expected.isEmpty { allowed += 1 }
                #expect(masks.violations(enterprise: e, campaign: c) == expected, "e=\(e) c=\(c)")
                #expect(masks.allows(enterprise: e, campaign: c) == expected.isEmpty, "e=\(e) c=\(c)")
                #expect(table.allows(enterprise: e, global: e, campaign: c) == expected.isEmpty, "e=\(e) c=\(c)")
            }
        }
        // The problem exercises every rule, and some pairs pass them all.
        #expect(seen == Set(MaskRule.allCases))
        #expect(allowed > 0)
    }

    @Test func ruleBitsFollowTheRuleOrder() {
        for (i, rule) in MaskRule.allCases.enumerated() { #expect(ConstraintMasks.bit(rule) == 1 << UInt16(i)) }
    }
}
