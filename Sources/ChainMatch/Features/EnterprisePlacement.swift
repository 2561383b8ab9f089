import Foundation

/// Placement: the evidence an enterprise's own data, its group's listed members and the chain-leader table
/// give for each node, and the node activity computed from it (see `EnterpriseEncoder`).
extension EnterpriseEncoder {
    /// The encoder with the evidence each unlisted group inherits from its listed members in
    /// `enterprises` (members by `parentGroupID` and by the placement model's group links).
    public func prepared(for enterprises: [Enterprise]) -> EnterpriseEncoder {
        var copy = self
        copy.inherited = [:]
        guard !excluding.contains(.subsidiary) else { return copy }
        // Fields are read through the array, by index: no record is copied (a million of them, in a batch).
        var groups = Set<String>()
        for i in enterprises.indices where enterprises[i].stockCode == nil { groups.insert(enterprises[i].id) }
        var extraParent: [String: String] = [:]
        for link in placement.groupLinks { extraParent[link.memberID] = link.groupID }
        var members: [(row: Int, group: String)] = []
        for i in enterprises.indices where enterprises[i].stockCode != nil {
            guard let group = enterprises[i].parentGroupID ?? extraParent[enterprises[i].id], groups.contains(group) else { continue }
            members.append((i, group))
        }
        // Each member's evidence on both cores, joined in row order (so the lists are those of one pass).
        let evidence = Parallel.map(members, grain: 256) { memberEvidence(enterprises[$0.row]) }
        var byGroup: [String: [NodeEvidence]] = [:]
        for (m, found) in zip(members, evidence) where !found.isEmpty { byGroup[m.group, default: []] += found }
        copy.inherited = byGroup
        return copy
    }

    /// What a listed member gives its group: per node of its own evidence, one subsidiary item.
    func memberEvidence(_ e: Enterprise) -> [NodeEvidence] {
        let own = ownEvidence(for: e)
        let member = e.shortName ?? e.name
        return Self.nodeStrengths(own).map { node, a in
            let best = own.filter { $0.node == node }.map(\.specificity).max() ?? .broad
            return NodeEvidence(node: node, kind: .subsidiary, matched: member, specificity: best, weight: Self.sourceWeight[.subsidiary]! * a)
        }
    }

    /// Every (term, range start) whose term occurs in `name` as a whole word: not inside one of its
    /// `notInside` words and not inside a longer term matched at an overlapping place.
    func termHits(in name: String) -> [PlacementModel.NameTerm] {
        let text = Array(name.unicodeScalars)
        var hits: [(start: Int, end: Int, term: PlacementModel.NameTerm)] = []
        for start in text.indices {
            guard let candidates = termsByFirst[text[start]] else { continue }
            for candidate in candidates where candidate.scalars.count <= text.count - start
                && Array(text[start..<(start + candidate.scalars.count)]) == candidate.scalars {
                hits.append((start, start + candidate.scalars.count, candidate.term))
            }
        }
        func inside(_ h: (start: Int, end: Int, term: PlacementModel.NameTerm)) -> Bool {
            // Inside a longer matched term.
            if hits.contains(where: { $0.start <= h.start && $0.end >= h.end && ($0.end - $0.start) > (h.end - h.start) }) { return true }
            // Inside a word it does not count in.
            for word in h.term.notInside {
                let w = Array(word.unicodeScalars)
                guard let offset = Array(word.unicodeScalars).firstRange(of: Array(h.term.term.unicodeScalars))?.lowerBound else { continue }
                let s = h.start - offset
                if s >= 0, s + w.count <= text.count, Array(text[s..<(s + w.count)]) == w { return true }
            }
            return false
        }
        return hits.filter { !inside($0) }.map(\.term)
    }

    /// The enterprise's own evidence: Shenwan industry, concept boards, reviewed products and name terms.
    func ownEvidence(for e: Enterprise) -> [NodeEvidence] {
        var out: [NodeEvidence] = []
        func add(_ source: PlacementModel.Source, _ matched: String, _ rule: PlacementModel.Rule) {
            out.append(NodeEvidence(node: rule.node, kind: source, matched: matched, role: rule.role,
                                    specificity: rule.specificity, weight: Self.weight(source, rule)))
        }
        // Reviewed products that are the firm's whole placement replace its class and boards.
        let classed = !placement.productsComplete.contains(e.id) || excluding.contains(.product)
        if classed, !excluding.contains(.shenwan), let code = e.shenwanL3Code {
            for rule in placement.shenwan[code] ?? [] { add(.shenwan, e.shenwanL3 ?? code, rule) }
        }
        if classed, !excluding.contains(.concept) {
            for board in e.concepts { for rule in placement.concepts[board] ?? [] { add(.concept, board, rule) } }
        }
        if !excluding.contains(.product) {
            for rule in placement.products[e.id] ?? [] { add(.product, taxonomy.node(rule.node)?.nameZh ?? rule.node, rule) }
        }
        if !excluding.contains(.nameTerm) {
            var seen = Set<String>()
            for name in [e.name, e.shortName ?? ""] where !name.isEmpty {
                for t in termHits(in: name) where seen.insert(t.term + "\u{0}" + t.rule.node).inserted { add(.nameTerm, t.term, t.rule) }
            }
        }
        return out
    }

    /// Per node, the combined strength s = 1 − Π(1 − w) of its evidence, in node order.
    static func nodeStrengths(_ evidence: [NodeEvidence]) -> [(node: String, s: Float)] {
        var miss: [String: Double] = [:]
        for e in evidence { miss[e.node, default: 1] *= 1 - Double(min(1, max(0, e.weight))) }
        return miss.map { ($0.key, Float(1 - $0.value)) }.sorted { $0.node < $1.node }
    }

    /// Node activity from evidence: each node's own strength s (see the type's documentation), strongest first.
    public static func activity(_ evidence: [NodeEvidence]) -> [(node: String, a: Float)] {
        let strengths = nodeStrengths(evidence).filter { $0.s > 0 }
        guard let top = strengths.map(\.s).max() else { return [] }
        return strengths.map { ($0.node, Float(Double($0.s) * Double($0.s) / Double(top))) }
            .sorted { $0.a != $1.a ? $0.a > $1.a : $0.node < $1.node }
    }

    /// All evidence for one enterprise — its own, its chain-leader entries and, for an unlisted group,
    /// its listed members' — ordered by node activity, then weight.
    public func evidence(for enterprise: Enterprise) -> [NodeEvidence] { placement(of: enterprise).evidence }

    /// The enterprise's evidence (ordered as `evidence(for:)`) and its node activity, strongest first.
    func placement(of enterprise: Enterprise) -> (evidence: [NodeEvidence], activity: [(node: String, a: Float)]) {
        var all = ownEvidence(for: enterprise)
        if enterprise.stockCode == nil { all += inherited[enterprise.id] ?? [] }
        if !excluding.contains(.chainLeader), let entries = leaderEntries[enterprise.id] {
            // A reviewed leader with no evidence of its own in the chain is placed on the nodes it leads.
            let chainsWithEvidence = Set(all.compactMap { taxonomy.node($0.node)?.chain })
            for entry in entries where !chainsWithEvidence.contains(entry.chain) {
                let chainName = taxonomy.chain(entry.chain)?.nameZh ?? entry.chain
                for node in entry.nodes { all.append(NodeEvidence(node: node, kind: .chainLeader, matched: chainName, weight: Self.sourceWeight[.chainLeader]!)) }
            }
        }
        let activity = Self.activity(all)
        guard all.count > 1 else { return (all, activity) }
        let rank = Dictionary(uniqueKeysWithValues: activity.enumerated().map { ($1.node, $0) })
        let keyed = all.map { (rank: rank[$0.node]!, evidence: $0) }
        let sorted = keyed.sorted {
            if $0.rank != $1.rank { return $0.rank < $1.rank }
            let a = $0.evidence, b = $1.evidence
            if a.weight != b.weight { return a.weight > b.weight }
            return (a.kind.rawValue, a.matched) < (b.kind.rawValue, b.matched)
        }
        return (sorted.map(\.evidence), activity)
    }
}
