/// Why an enterprise is, or is not, on a campaign's list.
///
/// ```swift
/// let e = try engine.explain(campaign: campaign, enterpriseID: "SZ300750")
/// e.selected                // false
/// e.sentences               // ["未入选：需用地约1200亩，超过园区可用的1000亩（示意）。", …]
/// ```
///
/// A listed enterprise gets its rank and reasons. Otherwise the explanation names every hard rule
/// that masks it, with the figures on both sides, or — when no rule applies — its score, its rank
/// among all eligible enterprises, how far below the last listed score it falls and the block in which
/// it falls furthest behind that enterprise — or, above the cut, the group cap (naming the group's listed
/// members) or the quotas that displaced it.
public struct EnterpriseExplanation: Sendable {
    public var campaign: Campaign
    public var enterprise: Enterprise
    public var selected: Bool
    public var listRank: Int?
    public var score: Float
    public var breakdown: ScoreBreakdown
    /// Rank among all enterprises the hard rules allow, by score (nil when a rule masks it).
    public var eligibleRank: Int?
    public var eligibleCount: Int
    /// The last listed enterprise's score.
    public var cutScore: Float?
    public var rules: [MaskRule]
    public var sentences: [String]
}


extension EnterpriseExplanation {
    /// The block in which the enterprise falls furthest behind the last listed one, with both figures; for the
    /// chain block, the node each is credited in (its project's node) with the node's weight and the
    /// enterprise's evidence strength there — the two factors of the chain points.
    static func gapSentence(breakdown: ScoreBreakdown, row: Int, last: RankedEnterprise, parts: [ChainWeightPart],
                            features: Matrix, layout: FeatureLayout, taxonomy: ChainTaxonomy, lang: Reasons.Language) -> String {
        let gaps = FeatureLayout.Block.allCases.map { ($0, last.breakdown[$0] - breakdown[$0]) }
        let (block, _) = gaps.max { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.rawValue > $1.0.rawValue }!
        let mine = String(format: "%.2f", breakdown[block]), theirs = String(format: "%.2f", last.breakdown[block])
        let name = last.enterprise.shortName ?? last.enterprise.name
        var sentence = lang == .zh
            ? "差距主要在\(block.nameZh)：本企业\(mine)分，入选线上的\(name)\(theirs)分"
            : "The gap is mostly in \(block.rawValue): \(mine) points here, \(theirs) for \(name) at the cut"
        if block == .chain {
            let chain = layout.range(of: .chain)
            // The credited node: the breakdown's one chain term; its weight relative to the campaign's largest.
            func credited(_ b: ScoreBreakdown, _ r: Int) -> String {
                guard let term = b.columns.first(where: { chain.contains($0.column) }) else {
                    return lang == .zh ? "不在本次需要的环节" : "in no node the campaign wants"
                }
                let i = term.column - chain.lowerBound
                let node = taxonomy.node(layout.nodeIDs[i])
                let weight = parts[i].gap + parts[i].supplier + parts[i].customer
                let w = String(format: "%.2f", weight), s = String(format: "%.2f", features[r, term.column])
                return lang == .zh
                    ? "按「\(node?.nameZh ?? layout.nodeIDs[i])」环节计：环节权重\(w)×业务强度\(s)"
                    : "credited in \(node?.nameEn ?? layout.nodeIDs[i]) (node weight \(w) × strength \(s))"
            }
            sentence += lang == .zh
                ? "（本企业\(credited(breakdown, row))；对方\(credited(last.breakdown, last.row))）"
                : " (here \(credited(breakdown, row)); at the cut \(credited(last.breakdown, last.row)))"
        }
        return sentence + (lang == .zh ? "。" : ".")
    }

    /// Why an enterprise scoring above the cut is not listed: the group cap, naming the group's listed members,
    /// or the quotas.
    static func displacedSentence(score: Float, enterprise: Enterprise, campaign: Campaign, list: RankedList,
                                  taxonomy: ChainTaxonomy, lang: Reasons.Language) -> String {
        let s = String(format: "%.2f", score)
        let group = enterprise.parentGroupID ?? enterprise.id
        let sameGroup = list.results.filter { ($0.enterprise.parentGroupID ?? $0.enterprise.id) == group }
        if let cap = campaign.maxPerGroup, sameGroup.count >= cap {
            let names = sameGroup.map { $0.enterprise.shortName ?? $0.enterprise.name }
            return lang == .zh
                ? "未入选：得分\(s)高于入选线，但同一集团已有\(sameGroup.count)家入选（\(names.joined(separator: "、"))），每集团最多\(cap)家。"
                : "Not selected: score \(s) is above the cut, but \(sameGroup.count) of its group are listed (\(names.joined(separator: ", "))) and the cap is \(cap) per group."
        }
        let quotas = campaign.quotas.map { q -> String in
            let name = q.isNode ? taxonomy.node(q.scope).map { lang == .zh ? "「\($0.nameZh)」环节" : $0.nameEn }
                                : taxonomy.chain(q.scope).map { lang == .zh ? "「\($0.nameZh)」产业链" : $0.nameEn + " chain" }
            let bound = lang == .zh ? "至少\(q.minimum)家" + (q.maximum.map { "、至多\($0)家" } ?? "")
                                    : " at least \(q.minimum)" + (q.maximum.map { ", at most \($0)" } ?? "")
            return (name ?? q.scope) + bound
        }
        if quotas.isEmpty {   // not reached: without quotas or a binding cap, a score above the cut is listed
            return lang == .zh ? "未入选：得分\(s)高于入选线，但名额规则把位置给了其他企业。"
                               : "Not selected: score \(s) is above the cut, but the allocation rules gave the place to others."
        }
        return lang == .zh
            ? "未入选：得分\(s)高于入选线，但名额按本次的数量要求（\(quotas.joined(separator: "；"))）分配给了其他环节的企业。"
            : "Not selected: score \(s) is above the cut, but the campaign's quotas (\(quotas.joined(separator: "; "))) gave the places to enterprises of other nodes."
    }

    /// One sentence per rule that masks the enterprise, with the figures on both sides.
    static func ruleSentences(_ rules: [MaskRule], project: ProjectNeeds, campaign: Campaign, enterpriseID: String,
                              nodes: [String], lang: Reasons.Language) -> [String] {
        let cap = campaign.capacity
        let tag = cap.illustrative ? (lang == .zh ? "（示意）" : " (illustrative)") : ""
        func n(_ v: Double) -> String { lang == .zh ? Reasons.number(v) : Reasons.numberEn(v) }
        var sentences: [String] = []
        for rule in rules {
            switch (rule, lang) {
            case (.land, .zh): sentences.append("未入选：需用地约\(n(project.landMu))亩，超过园区可用的\(n(cap.landMu ?? 0))亩\(tag)。")
            case (.land, .en): sentences.append("Not selected: needs about \(n(project.landMu)) mu of land, more than the park's \(n(cap.landMu ?? 0)) mu\(tag).")
            case (.energy, .zh): sentences.append("未入选：年能耗约\(n(project.energyTce))吨标煤，超过能耗指标\(n(cap.energyTce ?? 0))吨标煤\(tag)。")
            case (.energy, .en): sentences.append("Not selected: uses about \(n(project.energyTce)) tce a year, more than the quota of \(n(cap.energyTce ?? 0)) tce\(tag).")
            case (.water, .zh): sentences.append("未入选：年用水约\(n(project.waterTonnes))吨，超过用水指标\(n(cap.waterTonnes ?? 0))吨\(tag)。")
            case (.water, .en): sentences.append("Not selected: uses about \(n(project.waterTonnes)) t of water a year, more than \(n(cap.waterTonnes ?? 0)) t\(tag).")
            case (.emissions, .zh): sentences.append("未入选：年排放约\(n(project.emissionTonnes))吨CO₂，超过排放指标\(n(cap.emissionTonnes ?? 0))吨\(tag)。")
            case (.emissions, .en): sentences.append("Not selected: emits about \(n(project.emissionTonnes)) t CO₂ a year, more than \(n(cap.emissionTonnes ?? 0)) t\(tag).")
            case (.twoHigh, .zh): sentences.append("未入选：属“两高”项目，本次招商不接受两高项目。")
            case (.twoHigh, .en): sentences.append("Not selected: a two-high (两高) project, which this campaign screens out.")
            case (.listFilter, .zh): sentences.append("未入选：不在本次限定的名单（\(campaign.lists.joined(separator: "、"))）中。")
            case (.listFilter, .en): sentences.append("Not selected: on none of the lists this campaign draws from (\(campaign.lists.joined(separator: ", "))).")
            case (.excluded, _):
                if let anchor = campaign.anchors.first(where: { $0.enterpriseID == enterpriseID }) {
                    // An anchor is already in the park: the campaign courts its suppliers and customers (以商招商).
                    let why = anchor.reason.isEmpty ? "" : (lang == .zh ? "（\(anchor.reason)）" : " (\(anchor.reason))")
                    sentences.append(lang == .zh
                        ? "不参与排名：是本次以商招商的锚定企业\(why)。"
                        : "Not ranked: the campaign's anchor enterprise\(why); the campaign courts its suppliers and customers (以商招商).")
                } else {
                    let reason = campaign.exclusions.first { $0.enterpriseID == enterpriseID }?.reason ?? ""
                    sentences.append(lang == .zh ? "未入选：已在排除名单中（\(reason)）。" : "Not selected: on the exclusion list (\(reason)).")
                }
            case (.offChain, _):
                if nodes.isEmpty {
                    sentences.append(lang == .zh ? "未入选：企业不在产业链图谱的任何环节，与本次目标无关。" : "Not selected: the enterprise is in no node of the chain taxonomy.")
                } else if lang == .zh {
                    sentences.append("未入选：不在本次目标环节及其上下游（企业所在环节：\(nodes.joined(separator: "、"))）。")
                } else {
                    sentences.append("Not selected: not active in any target node or its neighbours (its nodes: \(nodes.joined(separator: ", "))).")
                }
            }
        }
        return sentences
    }

    /// Which weight profile ranked the list, and for a learned one what it was learned from; in Chinese
    /// the profile is named by its label (the start of its Chinese description), in English by its id.
    static func profileSentence(_ profile: WeightProfile?, named name: String, base: WeightProfile? = nil, lang: Reasons.Language) -> String {
        let zh = lang == .zh
        func label(_ p: WeightProfile?) -> String? {
            guard let text = p?.descriptionZh, let end = text.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
            return "「" + text[..<end] + "」"
        }
        guard let p = profile?.provenance else {
            return zh ? "名单按\(label(profile) ?? "")权重方案排序。" : "The list is ranked with weight profile \(name)."
        }
        let auc = String(format: "%.4f", p.heldOutAUC.learned), old = String(format: "%.4f", p.heldOutAUC.current)
        return zh
            ? "名单按学得的权重方案排序：\(p.date)由项目台账结果学得（\(p.rows)个目标、\(p.positives)个签约，\(p.folds)折交叉验证留出AUC \(auc)，原方案\(label(base) ?? "")为\(old)）。"
            : "The list is ranked with weight profile \(name), learned on \(p.date) from pipeline outcomes (\(p.rows) targets, \(p.positives) signed; held-out AUC \(auc) over \(p.folds) folds against \(old) for \(p.baseProfile))."
    }
}
