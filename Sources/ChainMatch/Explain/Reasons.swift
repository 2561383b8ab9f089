import Foundation

/// Short sentences a bureau can paste into a briefing (推荐理由), built only from real data.
///
/// ```swift
/// let reasons = Reasons(recommender: engine, campaign: campaign, encoded: encoding, column: 0)
/// reasons.sentences(for: result, language: .zh)
/// // ["补链：属于「锂电池」产业链「正极材料」环节（企业名称含“正极”），是本次补链目标。", …]
/// ```
///
/// Every sentence names a fact the data holds: the evidence that placed the enterprise in a chain
/// node, the campaign target it serves, the endowment it draws on with the region's figure or prior
/// basis, its estimated land and energy need against the park's capacity, its lists and ownership.
public struct Reasons: Sendable {
    public enum Language: String, Sendable, CaseIterable { case zh, en }

    let models: ModelSet
    let campaign: Campaign
    let layout: FeatureLayout
    let endowment: RegionEndowment
    let parts: [ChainWeightPart]
    let encoding: EnterpriseEncoding
    let parkName: String?
    let relatedness: RelatednessIndex?
    /// The campaign side of the relatedness block, once per list (nil without relatedness or when it fails).
    let relatednessSide: [Float]?

    public init(models: ModelSet, campaign: Campaign, layout: FeatureLayout, endowment: RegionEndowment,
                chainParts: [ChainWeightPart], encoding: EnterpriseEncoding, parkName: String?,
                relatedness: RelatednessIndex? = nil) {
        self.relatedness = relatedness
        self.models = models
        self.campaign = campaign
        self.layout = layout
        self.endowment = endowment
        self.parts = chainParts
        self.encoding = encoding
        self.parkName = parkName
        relatednessSide = try? relatedness?.campaignSide(campaign, taxonomy: models.taxonomy)
    }

    func nodeName(_ id: String, _ lang: Language) -> String {
        guard let n = models.taxonomy.node(id) else { return id }
        let chain = models.taxonomy.chain(n.chain)
        return lang == .zh ? "「\(chain?.nameZh ?? n.chain)」产业链「\(n.nameZh)」环节" : "the \(n.nameEn) node of the \(chain?.nameEn ?? n.chain) chain"
    }

    func evidenceText(_ e: NodeEvidence, _ lang: Language) -> String {
        let role: String
        switch (e.role, lang) {
        case (.producer, _): role = ""
        case (.supplier, .zh): role = "，为该环节供应设备或材料"
        case (.supplier, .en): role = ", supplying the node with equipment or inputs"
        case (.customer, .zh): role = "，采购该环节产品"
        case (.customer, .en): role = ", buying the node's products"
        }
        switch (e.kind, lang) {
        case (.shenwan, .zh): return "申万行业为“\(e.matched)”" + role
        case (.shenwan, .en): return "Shenwan industry “\(e.matched)”" + role
        case (.concept, .zh): return "属于“\(e.matched)”概念板块" + role
        case (.concept, .en): return "member of the “\(e.matched)” concept board" + role
        case (.nameTerm, .zh): return "企业名称含“\(e.matched)”" + role
        case (.nameTerm, .en): return "its name contains “\(e.matched)”" + role
        case (.subsidiary, .zh): return "旗下上市公司“\(e.matched)”在该环节" + role
        case (.subsidiary, .en): return "its listed member “\(e.matched)” is in the node" + role
        case (.product, .zh): return "主营产品经人工评审属“\(e.matched)”" + role
        case (.product, .en): return "its main products, reviewed, are “\(e.matched)”" + role
        case (.chainLeader, .zh): return "列入「\(e.matched)」产业链链主名单（人工评审）"
        case (.chainLeader, .en): return "on the reviewed chain-leader list of the \(e.matched) chain"
        }
    }

    /// The targets of the campaign that a node serves, directly or as a neighbour.
    func targetRole(_ nodeIndex: Int, _ lang: Language) -> String? {
        let id = layout.nodeIDs[nodeIndex]
        let part = parts[nodeIndex]
        if part.gap > 0, let target = campaign.targets.first(where: { $0.nodes.contains(id) && $0.gap != .extend }) {
            return lang == .zh ? "是本次\(target.gap.nameZh)目标" : "a \(target.gap.rawValue) target of this campaign (\(target.gap.nameZh))"
        }
        // The neighbour credited is the target with the highest priority (the encoder's best neighbour).
        func priority(_ node: String) -> Double { campaign.targets.filter { $0.nodes.contains(node) }.reduce(0) { $0 + $1.priority } }
        func best(_ nodes: [String]) -> String? {
            nodes.filter { priority($0) > 0 }.enumerated().max { a, b in
                priority(a.element) != priority(b.element) ? priority(a.element) < priority(b.element) : a.offset > b.offset
            }?.element
        }
        if part.supplier > 0, let d = best(models.taxonomy.downstream(of: id)) {
            let name = models.taxonomy.node(d).map { lang == .zh ? $0.nameZh : $0.nameEn } ?? d
            return lang == .zh ? "为目标环节「\(name)」供货（延链·上游）" : "supplies the target node \(name) (extend upstream, 延链)"
        }
        if part.customer > 0, let u = best(models.taxonomy.upstream(of: id)) {
            let name = models.taxonomy.node(u).map { lang == .zh ? $0.nameZh : $0.nameEn } ?? u
            return lang == .zh ? "承接目标环节「\(name)」的产品（延链·下游）" : "buys from the target node \(name) (extend downstream, 延链)"
        }
        return nil
    }

    static func number(_ v: Double) -> String {
        if v >= 10_000 { return FixedPoint.text(v / 10_000, digits: 1) + "万" }
        return FixedPoint.text(v, digits: v >= 100 ? 0 : 1)
    }

    static func numberEn(_ v: Double) -> String {
        if v >= 1_000_000 { return FixedPoint.text(v / 1_000_000, digits: 1) + " million" }
        if v >= 10_000 { return FixedPoint.text(v / 1000, digits: 0) + " thousand" }
        return FixedPoint.text(v, digits: v >= 100 ? 0 : 1)
    }

    /// The least normalised endowment value offered as a reason.
    static let notableEndowment = 0.3
    /// The least relatedness uptake (1 = the park has the industry) offered as a reason.
    static let notableUptake = 0.1

    /// Where a revenue figure comes from, in words (nil for an unknown source).
    static func revenueSourceLabel(_ source: String?, _ lang: Language) -> String? {
        let labels: [String: (String, String)] = [
            "listed_ps_ttm": ("按市值与市销率推算的近12个月收入", "market value ÷ price-to-sales, trailing 12 months"),
            "global500_2024_usd_converted": ("2024年《财富》世界500强，美元按年均汇率折算", "Fortune Global 500 2024, converted from USD"),
            "china500_2025": ("2025中国企业500强", "China Top 500 2025"),
            "private500_2026": ("2026民营企业500强", "private Top 500 2026"),
            "private500_2025": ("2025民营企业500强", "private Top 500 2025"),
            "synthetic": ("合成数据", "synthetic"),
        ]
        guard let source, let label = labels[source] else { return nil }
        return lang == .zh ? label.0 : label.1
    }

    /// The reasons for one ranked enterprise, most important first: its strongest chain terms, the
    /// endowment of its project's node, relatedness, its needs against the park's capacity, its profile.
    public func sentences(for r: RankedEnterprise, language lang: Language = .zh) -> [String] {
        chainSentences(r, lang) + [endowmentSentence(r, lang), relatednessSentence(r, lang), capacitySentence(r, lang),
                                   profileSentence(r, lang)].compactMap { $0 }
    }

    /// The strongest two chain terms, with the evidence and the target each serves.
    func chainSentences(_ r: RankedEnterprise, _ lang: Language) -> [String] {
        var out: [String] = []
        let chainRange = layout.range(of: .chain)
        let chainTerms = r.breakdown.columns.filter { chainRange.contains($0.column) && $0.value > 0 }.prefix(2)
        for term in chainTerms {
            let i = term.column - chainRange.lowerBound
            let id = layout.nodeIDs[i]
            let evidence = r.chainNodes.first { $0.node == id }
            let why = evidence.map { evidenceText($0, lang) } ?? ""
            let role = targetRole(i, lang) ?? (lang == .zh ? "与目标产业链相关" : "related to the target chains")
            // A concept board or a broad class says a firm is involved in a node, not that it makes its product.
            let firm = evidence.map { $0.kind != .concept && $0.specificity != .broad } ?? false
            out.append(lang == .zh
                ? "产业链：\(firm ? "属于" : "涉及")\(nodeName(id, lang))（\(why)），\(role)，贡献\(FixedPoint.text(Double(term.value), digits: 2))分。"
                : "Chain: \(firm ? "in" : "involved in") \(nodeName(id, lang)) (\(why)); \(role); contributes \(FixedPoint.text(Double(term.value), digits: 2)).")
        }
        return out
    }

    /// The resources its strongest endowment node draws on that the region is good at, with the region's figures.
    func endowmentSentence(_ r: RankedEnterprise, _ lang: Language) -> String? {
        let endowmentRange = layout.range(of: .endowment)
        if let term = r.breakdown.columns.first(where: { endowmentRange.contains($0.column) && $0.value > 0 }),
           let node = models.taxonomy.node(layout.nodeIDs[term.column - endowmentRange.lowerBound]) {
            // Only what the region is good at is offered as a reason (a normalised value of at least 0.3).
            let items = node.needs.resources.filter { (endowment.value(province: campaign.province, resource: $0) ?? 0) >= Self.notableEndowment }
                .map { rid -> String in
                let res = models.taxonomy.resource(rid)
                let v = endowment.value(province: campaign.province, resource: rid) ?? 0
                let basis = endowment.basis(province: campaign.province, resource: rid, english: lang == .en) ?? ""
                return lang == .zh
                    ? "\(res?.nameZh ?? rid)（\(FixedPoint.text(Double(v), digits: 2))：\(basis)）"
                    : "\(res?.nameEn ?? rid) (\(FixedPoint.text(Double(v), digits: 2)): \(basis))"
            }
            if !items.isEmpty { return lang == .zh
                ? "资源禀赋：\(node.nameZh)环节所需\(items.joined(separator: "；"))，贡献\(FixedPoint.text(Double(term.value), digits: 2))分。"
                : "Endowment: the \(node.nameEn) node draws on \(items.joined(separator: "; ")) in \(Province.english[campaign.province] ?? campaign.province); contributes \(FixedPoint.text(Double(term.value), digits: 2))." }
        }
        return nil
    }

    /// What the park already has that is close to the enterprise's industries.
    func relatednessSentence(_ r: RankedEnterprise, _ lang: Language) -> String? {
        if let relatedness, r.breakdown[.relatedness] > 0 {
            let range = layout.range(of: .relatedness)
            let x = range.map { encoding.features[r.row, $0] }
            if let reason = relatedness.reason(x: x, campaign: campaign, taxonomy: models.taxonomy, side: relatednessSide),
               reason.uptake >= Self.notableUptake {
                let amount = FixedPoint.text(Double(r.breakdown[.relatedness]), digits: 2)
                let tail = lang == .zh ? "，贡献" + amount + "分。" : "; contributes " + amount + "."
                return relatedness.sentence(reason, chinese: lang == .zh) + tail
            }
        }
        return nil
    }

    /// The project's needs against the park's capacity.
    func capacitySentence(_ r: RankedEnterprise, _ lang: Language) -> String? {
        let cap = campaign.capacity
        let invest = r.project.investment100m
        let land = r.project.landMu, energy = r.project.energyTce
        let tag = cap.illustrative ? (lang == .zh ? "，示意" : ", illustrative") : ""
        let where_ = parkName ?? campaign.province
        if lang == .zh {
            var s = "承载能力：按典型项目投资约\(Self.number(invest))亿元估算，需用地约\(Self.number(land))亩"
            if let l = cap.landMu { s += "（\(where_)可用\(Self.number(l))亩\(tag)）" }
            s += "、年能耗约\(Self.number(energy))吨标煤"
            if let e = cap.energyTce { s += "（能耗指标\(Self.number(e))吨标煤\(tag)）" }
            return s + "，在园区承载范围内。"
        } else {
            var s = "Capacity: a typical project of about \(Self.numberEn(invest * 100)) million CNY needs about \(Self.numberEn(land)) mu of land"
            if let l = cap.landMu { s += " (\(where_) has \(Self.numberEn(l)) mu\(tag))" }
            s += " and about \(Self.numberEn(energy)) tce of energy a year"
            if let e = cap.energyTce { s += " (quota \(Self.numberEn(e)) tce\(tag))" }
            return s + ": within the park's capacity."
        }
    }

    /// Lists, ownership, leadership, revenue and partner province.
    func profileSentence(_ r: RankedEnterprise, _ lang: Language) -> String? {
        let e = r.enterprise
        var facts: [String] = []
        if let rank = e.global500Rank { facts.append(lang == .zh ? "2024年世界500强第\(rank)位" : "Fortune Global 500 2024 rank \(rank)") }
        if let rank = e.china500Rank { facts.append(lang == .zh ? "2025年中国企业500强第\(rank)位" : "China Top 500 2025 rank \(rank)") }
        if let rank = e.private500Rank { facts.append(lang == .zh ? "2026年民营企业500强第\(rank)位" : "private Top 500 2026 rank \(rank)") }
        if r.lists.contains(.centralSOE) { facts.append(lang == .zh ? "中央企业" : "central SOE") }
        if let code = e.stockCode { facts.append(lang == .zh ? "上市公司（\(code)）" : "listed (\(code))") }
        let leads = encoding.chainLeaderOf[r.row].compactMap { models.taxonomy.chain($0) }
        if !leads.isEmpty {
            facts.append(lang == .zh ? "\(leads.map(\.nameZh).joined(separator: "、"))链主企业" : "chain leader of \(leads.map(\.nameEn).joined(separator: ", "))")
        }
        if let revenue = e.revenueCNY100m {
            let est = e.revenueIsEstimate ? (lang == .zh ? "，估算" : ", estimate") : ""
            let source = Self.revenueSourceLabel(e.revenueSource, lang)
            let note = [source, est.isEmpty ? nil : String(est.dropFirst())].compactMap { $0 }.joined(separator: lang == .zh ? "，" : ", ")
            let paren = note.isEmpty ? "" : (lang == .zh ? "（\(note)）" : " (\(note))")
            facts.append(lang == .zh ? "营业收入约\(Self.number(revenue))亿元\(paren)" : "revenue about \(FixedPoint.text(revenue / 10, digits: 1)) billion CNY\(paren)")
        }
        if let p = e.province, campaign.partners.contains(p) {
            facts.append(lang == .zh ? "总部位于协作省份\(p)" : "headquartered in partner province \(Province.english[p] ?? p)")
        }
        if facts.isEmpty { return nil }
        return lang == .zh ? "企业画像：\(facts.joined(separator: "；"))。" : "Profile: \(facts.joined(separator: "; "))."
    }
}
