import Foundation

/// A self-contained HTML page of a province's coordination: who should lead which chain (错位发展), the
/// enterprises several cities wanted and where each went, what each city gave up and got, and the lists.
///
/// ```swift
/// try AtomicFile.write(CoordinationPage.page(result, language: .zh), to: "gansu.html")
/// ```
///
/// The chain standings are drawn as inline SVG bars (relatedness density per place); no scripts, no network.
public enum CoordinationPage {
    public static func page(_ r: ProvinceCoordination, language lang: Reasons.Language = .zh, generated: String = "") -> String {
        let zh = lang == .zh
        let e = HTMLReport.escape
        var h = "<!DOCTYPE html>\n<html lang=\"\(zh ? "zh-CN" : "en")\">\n<head>\n<meta charset=\"utf-8\" />\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n"
        h += "<title>\(e(r.province)) \(zh ? "招商统筹" : "coordination") — ChainMatch</title>\n<style>\(HTMLReport.style)</style>\n</head>\n<body>\n<main>\n"
        h += "<h1>\(e(r.province))\(zh ? "招商统筹（错位发展）" : " — campaigns coordinated")</h1>\n"
        h += "<p class=\"sub\">\(e(zh ? "\(r.lists.count)个招商活动；每家企业至多进入\(r.maxCampaigns)份名单；在各地名单长度、配额与同集团上限不变的前提下，全省名单总分最高（精确最优）。" : "\(r.lists.count) campaigns; each enterprise on at most \(r.maxCampaigns) list(s); every list keeps its size, quotas and group cap; the province's total score is maximal (exact)."))</p>\n"
        h += "<h2>\(zh ? "产业链错位：谁宜牵头" : "Who should lead which chain")</h2>\n"
        if r.chains.isEmpty { h += "<p class=\"sub\">\(zh ? "各地瞄准的产业链不重叠。" : "No chain is targeted by two places.")</p>\n" }
        for chain in r.chains {
            h += "<p>\(e(chain.sentence(lang)))</p>\n" + densityChart(chain)
        }
        h += "<h2>\(zh ? "多地争抢的企业" : "Enterprises several places wanted") (\(r.conflicts.count))</h2>\n"
        if !r.conflicts.isEmpty {
            h += "<table>\n<thead><tr><th>\(zh ? "企业" : "Enterprise")</th><th>\(zh ? "各地" : "Claims")</th><th>\(zh ? "说明" : "Why")</th></tr></thead>\n<tbody>\n"
            for c in r.conflicts {
                h += "<tr><td><b>\(e(c.name))</b><br /><span class=\"sub\">\(e(c.enterpriseID))</span></td><td>"
                for claim in c.claims {
                    h += "<div class=\"\(claim.kept ? "entered" : "left")\">\(e(zh ? claim.place : claim.placeEn)) #\(claim.independentRank) · \(String(format: "%.2f", claim.score))\(claim.kept ? " ✓" : "")</div>"
                }
                h += "</td><td>\(e(c.sentence(lang)))</td></tr>\n"
            }
            h += "</tbody>\n</table>\n"
        }
        h += "<h2>\(zh ? "各地得失" : "What each place gave up and got")</h2>\n<ul>\n"
        for x in r.exchanges { h += "<li>\(e(x.sentence(lang)))</li>\n" }
        h += "</ul>\n"
        for list in r.lists {
            let alone = r.independentRanks(of: list.campaign.id)
            h += "<h2>\(e(zh ? list.campaign.nameZh : list.campaign.nameEn)) <span class=\"sub\">\(e(list.campaign.id))</span></h2>\n"
            h += "<table>\n<thead><tr><th>#</th><th>\(zh ? "企业" : "Enterprise")</th><th>\(zh ? "得分" : "Score")</th><th>\(zh ? "单独排名" : "Alone")</th></tr></thead>\n<tbody>\n"
            for x in list.results {
                let was = alone[x.enterprise.id]
                h += "<tr><td class=\"num\">\(x.rank)</td><td>\(e(x.enterprise.name))"
                if !x.reasons.isEmpty {
                    h += "<details><summary>\(zh ? "推荐理由" : "Reasons")</summary><ul class=\"reasons\">"
                    for s in x.reasons { h += "<li>\(e(s))</li>" }
                    h += "</ul></details>"
                }
                h += "</td><td class=\"num\">\(String(format: "%.2f", x.score))</td>"
                h += "<td class=\"num\(was == nil ? " entered" : "")\">\(was.map(String.init) ?? (zh ? "新增" : "new"))</td></tr>\n"
            }
            h += "</tbody>\n</table>\n"
        }
        h += "<footer>ChainMatch \(e(ChainMatchInfo.version))\(generated.isEmpty ? "" : " · " + e(generated))</footer>\n"
        h += "</main>\n</body>\n</html>\n"
        return h
    }

    /// Horizontal bars of relatedness density per place, longest first, scaled to the largest.
    static func densityChart(_ chain: ProvinceCoordination.ChainStanding) -> String {
        let rowHeight = 22, labelWidth = 260, barWidth = 360
        let top = max(1e-9, chain.places.map(\.density).max() ?? 0)
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + barWidth + 80)\" height=\"\(rowHeight * chain.places.count + 6)\" role=\"img\">"
        for (i, p) in chain.places.enumerated() {
            let y = i * rowHeight + 3
            let w = Int((p.density / top * Double(barWidth)).rounded())
            s += "<text x=\"0\" y=\"\(y + 15)\" font-size=\"12\">\(HTMLReport.escape(p.park))</text>"
            s += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(w)\" height=\"14\" fill=\"\(i == 0 ? "#2f6fb0" : "#9db7d3")\" />"
            s += "<text x=\"\(labelWidth + w + 6)\" y=\"\(y + 15)\" font-size=\"12\">\(String(format: "%.3f", p.density))</text>"
        }
        return s + "</svg>\n"
    }
}
