import Foundation

/// The pipeline report as one self-contained HTML page, its charts drawn as inline SVG.
///
/// ```swift
/// let html = PipelineReportPage.page(report)
/// try AtomicFile.write(html, to: "pipeline.html")
/// ```
///
/// No scripts, fonts or images are fetched (the house style of `HTMLReport`); the markup is well-formed
/// XML, text escaped.
public enum PipelineReportPage {
    static let extraStyle = ".synthetic{color:#fff;background:#b3261e;padding:10px 14px;border-radius:6px;font-weight:600}"
        + " figure{margin:10px 0 18px}figcaption{font-size:.85rem;color:#5b6675;margin-top:4px}"
        + " td.ok{color:#1b7f4b}td.below{color:#b3261e}ul.defs{font-size:.9rem;color:#3a4450}"

    public static func page(_ report: PipelineReport) -> String {
        let e = HTMLReport.escape
        var h = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\" />\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n"
        h += "<title>招商项目推进报告 — ChainMatch</title>\n<style>\(HTMLReport.style)\(extraStyle)</style>\n</head>\n<body>\n<main>\n"
        h += "<h1>招商项目推进报告</h1>\n<p class=\"sub\">截至 \(e(report.asOf?.iso ?? "—")) · \(e(report.source))</p>\n"
        if report.synthetic { h += "<p class=\"synthetic\">\(e(PipelineReportWriter.syntheticBanner))</p>\n" }
        let f = report.total.funnel, t = report.total.targets
        let facts: [(String, String)] = [
            ("接洽", String(f.contacted)), ("签约", String(f.signed)), ("开工", String(f.started)), ("资金到位", String(f.funded)),
            ("终止", String(f.dropped)), ("签约额", PipelineReportWriter.money(f.signed100m) + " 亿元"),
            ("到位额", PipelineReportWriter.money(f.funded100m) + " 亿元"),
            ("履约率", PipelineReportWriter.judged(f.performanceRate, t?.performanceRate)),
            ("开工率", PipelineReportWriter.judged(f.startRate, t?.startRate)),
            ("资金到位率", PipelineReportWriter.judged(f.fundingRate, t?.fundingRate)),
        ]
        h += "<div class=\"facts\">" + facts.map { "<div class=\"fact\"><b>\(e($0.0))</b>\(e($0.1))</div>" }.joined() + "</div>\n"
        if report.notYetContacted > 0 { h += "<p class=\"sub\">另有 \(report.notYetContacted) 个目标在该日之后才接洽，未计入。</p>\n" }
        h += "<h2>口径</h2>\n<ul class=\"defs\">" + PipelineReportWriter.definitions(report).map { "<li>\(e($0))</li>" }.joined() + "</ul>\n"
        h += "<h2>招商漏斗</h2>\n<figure>\(PipelineCharts.funnel(f))<figcaption>各阶段累计到达的目标数；括号内为占上一阶段的比例。</figcaption></figure>\n"
        h += "<h2>月度趋势（月调度）</h2>\n<figure>\(PipelineCharts.newEvents(report.months))<figcaption>每月新接洽与新签约的目标数。</figcaption></figure>\n"
        h += "<figure>\(PipelineCharts.rates(report.months, targets: t))<figcaption>月末累计的履约率、开工率与资金到位率\(t == nil ? "" : "；虚线为省定目标")。</figcaption></figure>\n"
        h += "<h2>分活动</h2>\n" + groupTable(report.campaigns, first: "活动")
        h += "<h2>分城市</h2>\n" + groupTable(report.cities, first: "城市")
        h += "<h2>季通报</h2>\n" + periodTable(report.quarters, first: "季度")
        h += "<h2>月调度</h2>\n" + periodTable(report.months, first: "月份")
        h += "<h2>按列入清单时的名次</h2>\n<figure>\(PipelineCharts.bands(report.rankBands))</figure>\n"
        h += bandTable(report.rankBands) + "<p>\(e(PipelineReportWriter.rankFinding(report)))</p>\n"
        h += "<footer>ChainMatch \(e(ChainMatchInfo.version))</footer>\n</main>\n</body>\n</html>\n"
        return h
    }

    static func rateCell(_ rate: Double?, _ target: Double?) -> String {
        var cls = ""
        if let rate, let target { cls = rate >= target - 1e-12 ? " ok" : " below" }
        return "<td class=\"num\(cls)\">\(HTMLReport.escape(PipelineReportWriter.judged(rate, target)))</td>"
    }

    static func head(_ names: [String]) -> String {
        "<table>\n<thead><tr>" + names.map { "<th>\(HTMLReport.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
    }

    static func counts(_ f: PipelineFunnel) -> String {
        PipelineStage.allCases.map { "<td class=\"num\">\(f[$0])</td>" }.joined()
    }

    static func groupTable(_ groups: [PipelineReport.Group], first: String) -> String {
        var h = head([first] + PipelineStage.allCases.map(\.shortZh) + ["签约额（亿元）", "到位额（亿元）", "履约率", "开工率", "资金到位率"])
        for g in groups {
            let f = g.funnel, t = g.targets
            let name = first == "活动" ? "<b>\(HTMLReport.escape(g.label))</b><br /><span class=\"sub\">\(HTMLReport.escape(g.key)) · \(HTMLReport.escape(g.city ?? ""))</span>" : HTMLReport.escape(g.label)
            h += "<tr><td>\(name)</td>" + counts(f)
            h += "<td class=\"num\">\(PipelineReportWriter.money(f.signed100m))</td><td class=\"num\">\(PipelineReportWriter.money(f.funded100m))</td>"
            h += rateCell(f.performanceRate, t?.performanceRate) + rateCell(f.startRate, t?.startRate) + rateCell(f.fundingRate, t?.fundingRate) + "</tr>\n"
        }
        return h + "</tbody>\n</table>\n"
    }

    static func periodTable(_ periods: [PipelineReport.Period], first: String) -> String {
        var h = head([first] + PipelineStage.allCases.map { "新" + $0.shortZh } + ["新签约额", "新到位额", "累计签约", "履约率", "开工率", "资金到位率"])
        for p in periods {
            let c = p.cumulative
            h += "<tr><td>\(HTMLReport.escape(p.key))</td>" + PipelineStage.allCases.map { "<td class=\"num\">\(p.new[$0])</td>" }.joined()
            h += "<td class=\"num\">\(PipelineReportWriter.money(p.new.signed100m))</td><td class=\"num\">\(PipelineReportWriter.money(p.new.funded100m))</td>"
            h += "<td class=\"num\">\(c.signed)</td>" + [c.performanceRate, c.startRate, c.fundingRate].map { "<td class=\"num\">\(PipelineReportWriter.percent($0))</td>" }.joined() + "</tr>\n"
        }
        return h + "</tbody>\n</table>\n"
    }

    static func bandTable(_ bands: [PipelineReport.RankBand]) -> String {
        var h = head(["名次"] + PipelineStage.allCases.map(\.shortZh) + ["签约率", "开工率", "资金到位率"])
        for b in bands {
            let f = b.funnel
            h += "<tr><td>\(HTMLReport.escape(b.label))</td>" + counts(f)
            h += [f.signingRate, f.startRate, f.fundingRate].map { "<td class=\"num\">\(PipelineReportWriter.percent($0))</td>" }.joined() + "</tr>\n"
        }
        return h + "</tbody>\n</table>\n"
    }
}
