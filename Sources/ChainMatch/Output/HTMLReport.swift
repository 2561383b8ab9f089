import Foundation

/// A self-contained HTML page for reading a campaign: summary, chain map, ranked list, what-if diff.
///
/// ```swift
/// let html = HTMLReport.page(list: list, chainMap: map, whatIf: nil, language: .zh)
/// try AtomicFile.write(html, to: "golmud.html")
/// ```
///
/// No scripts, fonts or images are fetched: styles are inline and score bars are plain CSS. The
/// markup is well-formed XML (every element closed, text escaped), so it parses as XHTML too.
public enum HTMLReport {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    static let style = """
    body{font-family:-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;background:#f6f7f9;color:#1d232b;line-height:1.5}
    main{max-width:1180px;margin:0 auto;padding:24px 20px 48px}
    h1{font-size:1.55rem;margin:0 0 4px}h2{font-size:1.15rem;margin:28px 0 10px;border-bottom:2px solid #d7dde5;padding-bottom:4px}
    .sub{color:#5b6675;margin:0 0 14px}.note{color:#8a5a00;background:#fff6e0;border:1px solid #f0d9a0;padding:8px 12px;border-radius:6px;font-size:.9rem}
    .facts{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}.fact{background:#fff;border:1px solid #dfe4ea;border-radius:8px;padding:8px 12px;font-size:.9rem}
    .fact b{display:block;font-size:.75rem;color:#6b7684;font-weight:500}
    table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #dfe4ea;font-size:.88rem}
    th,td{padding:6px 8px;border-bottom:1px solid #eef1f4;text-align:left;vertical-align:top}th{background:#eef2f6;font-weight:600;white-space:nowrap}
    td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    .bar{display:flex;height:10px;width:160px;background:#eef1f4;border-radius:3px;overflow:hidden;margin-top:4px}
    .bar span{display:block;height:100%}.c0{background:#2f6fb0}.c1{background:#3b9a6b}.c2{background:#c98a1b}.c3{background:#8a63b8}
    .legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px;border-radius:2px}
    details{margin-top:4px}summary{cursor:pointer;color:#2f6fb0;font-size:.82rem}ul.reasons{margin:4px 0 0 0;padding-left:18px;font-size:.82rem;color:#3a4450}
    tr.gap-fill td{background:#fdecec}tr.gap-strengthen td{background:#fff4e0}tr.gap-extend td{background:#eaf3fd}
    .tag{display:inline-block;font-size:.75rem;padding:1px 6px;border-radius:10px;border:1px solid #c9d2dc;margin:1px 2px;background:#fff}
    .entered{color:#1b7f4b}.left{color:#b3261e}.moved{color:#5b6675}
    footer{margin-top:36px;color:#7a8592;font-size:.8rem}
    @media (max-width:760px){.bar{width:90px}th:nth-child(4),td:nth-child(4){display:none}}
    """

    /// The whole page. `chainMap` and `whatIf` sections appear when given.
    public static func page(list: RankedList, chainMap: ChainMap?, whatIf: WhatIfAnalysis?, language lang: Reasons.Language = .zh, generated: String = "") -> String {
        let c = list.campaign
        let zh = lang == .zh
        var h = "<!DOCTYPE html>\n<html lang=\"\(zh ? "zh-CN" : "en")\">\n<head>\n<meta charset=\"utf-8\" />\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n"
        h += "<title>\(escape(zh ? c.nameZh : c.nameEn)) — ChainMatch</title>\n<style>\(style)</style>\n</head>\n<body>\n<main>\n"
        h += "<h1>\(escape(c.nameZh))</h1>\n<p class=\"sub\">\(escape(c.nameEn)) · \(escape(c.id))</p>\n"
        h += "<div class=\"facts\">"
        let park = chainMap?.parkName ?? c.parkID ?? "—"
        let facts: [(String, String)] = [
            (zh ? "园区" : "Park", park), (zh ? "省份" : "Province", c.province), (zh ? "权重方案" : "Profile", c.profile),
            (zh ? "目标数" : "List size", String(list.results.count)),
            (zh ? "可用土地" : "Land", c.capacity.landMu.map { "\(Reasons.number($0)) 亩" } ?? "—"),
            (zh ? "能耗指标" : "Energy quota", c.capacity.energyTce.map { "\(Reasons.number($0)) tce" } ?? "—"),
            (zh ? "两高项目" : "Two-high", c.capacity.allowsTwoHigh ? (zh ? "可接受" : "allowed") : (zh ? "不接受" : "screened out")),
        ]
        for (k, v) in facts { h += "<div class=\"fact\"><b>\(escape(k))</b>\(escape(v))</div>" }
        h += "</div>\n"
        if !c.basis.isEmpty { h += "<p class=\"sub\">\(escape((zh ? "政策依据：" : "Policy basis: ") + c.basis))</p>\n" }
        if c.capacity.illustrative {
            h += "<p class=\"note\">\(escape(zh ? "容量数字为示意值：园区剩余用地、能耗与用水指标属地方内部数据。" : "Capacity figures are illustrative: a park's remaining land, energy and water quotas are not public."))</p>\n"
        }
        h += "<p class=\"note\">\(escape(ListCapacitySummary(list).sentence(campaign: c, language: lang)))</p>\n"
        for (scope, missing) in list.shortfall.sorted(by: { $0.key < $1.key }) {
            h += "<p class=\"note\">\(escape(zh ? "\(scope) 的最低数量差 \(missing) 家。" : "The quota for \(scope) is short by \(missing)."))</p>\n"
        }

        if let w = whatIf { h += whatIfSection(w, zh: zh) }
        if let m = chainMap { h += chainMapSection(m, zh: zh) }

        // Ranked list.
        h += "<h2>\(zh ? "目标企业清单" : "Target list")</h2>\n"
        h += "<p class=\"legend\">\(zh ? "得分构成" : "Score parts"):"
        for (i, b) in FeatureLayout.Block.allCases.enumerated() {
            h += "<span class=\"c\(i)\"></span>\(escape(zh ? b.nameZh : b.rawValue))"
        }
        h += "</p>\n<table>\n<thead><tr><th>#</th><th>\(zh ? "企业" : "Enterprise")</th><th>\(zh ? "得分" : "Score")</th><th>\(zh ? "名单" : "Lists")</th><th>\(zh ? "省份" : "Province")</th></tr></thead>\n<tbody>\n"
        let maxScore = max(1e-9, Double(list.results.first?.score ?? 1))
        for r in list.results {
            h += "<tr><td class=\"num\">\(r.rank)</td><td><b>\(escape(r.enterprise.name))</b>"
            if let en = r.enterprise.nameEn { h += " <span class=\"sub\">\(escape(en))</span>" }
            if !r.reasons.isEmpty {
                h += "<details><summary>\(zh ? "推荐理由" : "Reasons")</summary><ul class=\"reasons\">"
                for s in r.reasons { h += "<li>\(escape(s))</li>" }
                h += "</ul></details>"
            }
            h += "</td><td class=\"num\">\(String(format: "%.2f", r.score))<div class=\"bar\">"
            for (i, b) in FeatureLayout.Block.allCases.enumerated() {
                let width = max(0, r.breakdown[b]) / maxScore * 100
                h += "<span class=\"c\(i)\" style=\"width:\(String(format: "%.1f", width))%\"></span>"
            }
            h += "</div></td><td>"
            for name in r.lists.names { h += "<span class=\"tag\">\(escape(name))</span>" }
            h += "</td><td>\(escape(r.enterprise.province ?? r.enterprise.country ?? ""))</td></tr>\n"
        }
        h += "</tbody>\n</table>\n"
        h += "<footer>ChainMatch \(escape(ChainMatchInfo.version))\(generated.isEmpty ? "" : " · " + escape(generated))</footer>\n"
        h += "</main>\n</body>\n</html>\n"
        return h
    }

    static func chainMapSection(_ m: ChainMap, zh: Bool) -> String {
        var h = "<h2>\(zh ? "产业链招商图谱" : "Chain map")</h2>\n"
        if !m.parkIndustries.isEmpty {
            h += "<p class=\"sub\">\(escape((zh ? "园区主导产业：" : "Park's leading industries: ") + m.parkIndustries.joined(separator: "、")))</p>\n"
        }
        h += "<table>\n<thead><tr><th>\(zh ? "产业链" : "Chain")</th><th>\(zh ? "环节" : "Node")</th><th>\(zh ? "缺口" : "Gap")</th><th>\(zh ? "园区/本省现状" : "Park / region")</th><th>\(zh ? "首选目标" : "Best targets")</th></tr></thead>\n<tbody>\n"
        let chainNames = Dictionary(uniqueKeysWithValues: m.chains.map { ($0.id, zh ? $0.nameZh : $0.nameEn) })
        for n in m.nodes {
            let cls = n.gap.map { " class=\"gap-\($0.rawValue)\"" } ?? ""
            let gap = n.gap.map { zh ? $0.nameZh : $0.rawValue } ?? (n.weight > 0 ? (zh ? "上下游" : "neighbour") : "")
            var presence: [String] = []
            if !n.parkMentions.isEmpty { presence.append((zh ? "园区：" : "park: ") + n.parkMentions.joined(separator: "、")) }
            presence.append((zh ? "本省企业 " : "region firms ") + String(n.regionEnterprises.count) + (n.regionEnterprises.isEmpty ? "" : "（" + n.regionEnterprises.prefix(3).joined(separator: "、") + "）"))
            h += "<tr\(cls)><td>\(escape(chainNames[n.chain] ?? n.chain))</td><td><b>\(escape(zh ? n.nameZh : n.nameEn))</b> <span class=\"sub\">\(escape(n.id))</span></td>"
            h += "<td>\(escape(gap))</td><td>\(escape(presence.joined(separator: "；")))</td><td>"
            h += n.bestTargets.map { escape($0.name) + " <span class=\"sub\">" + String(format: "%.2f", $0.score) + "</span>" }.joined(separator: "<br />")
            h += "</td></tr>\n"
        }
        return h + "</tbody>\n</table>\n"
    }

    static func whatIfSection(_ w: WhatIfAnalysis, zh: Bool) -> String {
        var h = "<h2>\(zh ? "情景推演" : "What-if"): \(escape(w.scenario.name))</h2>\n"
        if w.changes.isEmpty {
            return h + "<p class=\"sub\">\(zh ? "该情景不改变目标清单。" : "The scenario does not change the list.")</p>\n"
        }
        h += "<table>\n<thead><tr><th>\(zh ? "变化" : "Change")</th><th>\(zh ? "企业" : "Enterprise")</th><th>\(zh ? "名次" : "Rank")</th><th>\(zh ? "原因" : "Why")</th></tr></thead>\n<tbody>\n"
        for c in w.changes {
            let label = c.kind.label(chinese: zh)
            let ranks = "\(c.oldRank.map(String.init) ?? "—") → \(c.newRank.map(String.init) ?? "—")"
            h += "<tr><td class=\"\(c.kind.rawValue)\">\(label)</td><td>\(escape(c.name))</td><td class=\"num\">\(escape(ranks))</td><td>\(escape(c.reason))</td></tr>\n"
        }
        return h + "</tbody>\n</table>\n"
    }
}
