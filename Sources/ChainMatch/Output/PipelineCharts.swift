import Foundation

/// Inline SVG charts for the pipeline page: the funnel, the monthly trend, the funnel by rank band.
///
/// ```swift
/// let svg = PipelineCharts.funnel(report.total.funnel)
/// let trend = PipelineCharts.rates(report.months, targets: report.total.targets)
/// ```
///
/// Plain SVG elements with text labels and a `<title>` each, no scripts and no external references;
/// coordinates are written with one decimal so the same report gives the same bytes.
public enum PipelineCharts {
    static let colours = ["#2f6fb0", "#3b9a6b", "#c98a1b", "#8a63b8", "#b3261e", "#5b6675"]

    /// Room above the plot for the legend.
    static let plotTop = 30.0

    static func f(_ v: Double) -> String { String(format: "%.1f", v.isFinite ? v : 0) }

    static func svgOpen(width: Int, height: Int, title: String) -> String {
        "<svg viewBox=\"0 0 \(width) \(height)\" width=\"100%\" role=\"img\" aria-label=\"\(HTMLReport.escape(title))\" style=\"max-width:\(width)px;background:#fff;border:1px solid #dfe4ea;border-radius:6px\">"
            + "<title>\(HTMLReport.escape(title))</title>"
    }

    static func text(_ x: Double, _ y: Double, _ s: String, anchor: String = "start", size: Int = 12, fill: String = "#1d232b") -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\" fill=\"\(fill)\">\(HTMLReport.escape(s))</text>"
    }

    /// The funnel: one centred bar per stage, width by count, with the share of the stage before.
    public static func funnel(_ funnel: PipelineFunnel) -> String {
        let width = 760.0, row = 36.0, stages = PipelineStage.progress
        let top = Double(max(funnel.contacted, 1))
        var s = svgOpen(width: Int(width), height: Int(row * Double(stages.count + 1) + 12), title: "招商漏斗")
        for (i, stage) in stages.enumerated() {
            let n = funnel[stage], w = max(2, (width - 320) * Double(n) / top), y = 10 + Double(i) * row
            let x = 160 + (width - 320 - w) / 2
            s += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"\(f(row - 8))\" rx=\"3\" fill=\"\(colours[i % 4])\"><title>\(stage.nameZh) \(n)</title></rect>"
            s += text(150, y + row / 2, stage.nameZh, anchor: "end", size: 13)
            var label = "\(n)"
            if i > 0, funnel[stages[i - 1]] > 0 { label += String(format: "（上一阶段的 %.1f%%）", 100 * Double(n) / Double(funnel[stages[i - 1]])) }
            s += text(width - 150, y + row / 2, label, size: 12, fill: "#3a4450")
        }
        let y = 10 + Double(stages.count) * row
        s += text(150, y + row / 2, PipelineStage.dropped.nameZh, anchor: "end", size: 13)
        s += text(160, y + row / 2, "\(funnel.dropped)", size: 12, fill: colours[4])
        return s + "</svg>"
    }

    /// Bars per period: new contacts and new signings side by side.
    public static func newEvents(_ periods: [PipelineReport.Period]) -> String {
        let width = 760.0, height = 220.0, left = 44.0, bottom = 30.0
        let top = Double(max(1, periods.map { max($0.new[.contacted], $0.new[.signed]) }.max() ?? 1))
        let slot = (width - left - 10) / Double(max(periods.count, 1))
        var s = svgOpen(width: Int(width), height: Int(height), title: "当月新接洽与新签约")
        s += axis(left: left, width: width, height: height, bottom: bottom, labels: [(0, "0"), (1, String(Int(top)))])
        for (i, p) in periods.enumerated() {
            let x = left + Double(i) * slot
            for (j, stage) in [PipelineStage.contacted, .signed].enumerated() {
                let h = (height - bottom - plotTop) * Double(p.new[stage]) / top
                s += "<rect x=\"\(f(x + 2 + Double(j) * (slot - 4) / 2))\" y=\"\(f(height - bottom - h))\" width=\"\(f(max(1, (slot - 4) / 2)))\" height=\"\(f(h))\" fill=\"\(colours[j == 0 ? 0 : 1])\"><title>\(p.key) 新\(stage.shortZh) \(p.new[stage])</title></rect>"
            }
            if periods.count <= 12 || i % 3 == 0 { s += text(x + slot / 2, height - bottom + 16, p.key, anchor: "middle", size: 10, fill: "#5b6675") }
        }
        s += legend([("新接洽", colours[0]), ("新签约", colours[1])], x: left + 8, y: 16)
        return s + "</svg>"
    }

    /// Lines per period of the cumulative 履约率, 开工率 and 资金到位率 (0–100%), with dashed targets.
    public static func rates(_ periods: [PipelineReport.Period], targets: PipelineTargets?) -> String {
        let width = 760.0, height = 240.0, left = 44.0, bottom = 30.0
        let slot = (width - left - 10) / Double(max(periods.count, 1))
        let y = { (r: Double) in height - bottom - (height - bottom - plotTop) * min(max(r, 0), 1) }
        var s = svgOpen(width: Int(width), height: Int(height), title: "累计履约率、开工率、资金到位率")
        s += axis(left: left, width: width, height: height, bottom: bottom, labels: [(0, "0%"), (0.5, "50%"), (1, "100%")])
        let series: [(String, (PipelineFunnel) -> Double?, Double?)] = [
            ("履约率", \.performanceRate, targets?.performanceRate), ("开工率", \.startRate, targets?.startRate),
            ("资金到位率", \.fundingRate, targets?.fundingRate),
        ]
        for (k, (name, rate, target)) in series.enumerated() {
            if let target {
                s += "<line x1=\"\(f(left))\" y1=\"\(f(y(target)))\" x2=\"\(f(width - 10))\" y2=\"\(f(y(target)))\" stroke=\"\(colours[k + 1])\" stroke-dasharray=\"5 4\" stroke-width=\"1\"><title>\(name)目标 \(Int((target * 100).rounded()))%</title></line>"
            }
            let points = periods.enumerated().compactMap { i, p in rate(p.cumulative).map { "\(f(left + (Double(i) + 0.5) * slot)),\(f(y($0)))" } }
            if !points.isEmpty {
                s += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(colours[k + 1])\" stroke-width=\"2\"><title>\(name)</title></polyline>"
            }
        }
        for (i, p) in periods.enumerated() where periods.count <= 12 || i % 3 == 0 {
            s += text(left + (Double(i) + 0.5) * slot, height - bottom + 16, p.key, anchor: "middle", size: 10, fill: "#5b6675")
        }
        s += legend(series.enumerated().map { ($1.0, colours[$0 + 1]) } + (targets == nil ? [] : [("虚线：目标", "#5b6675")]), x: left + 8, y: 16)
        return s + "</svg>"
    }

    /// Horizontal bars of the signing rate (signed ÷ contacted) per rank band.
    public static func bands(_ bands: [PipelineReport.RankBand]) -> String {
        let width = 760.0, row = 30.0
        var s = svgOpen(width: Int(width), height: Int(row * Double(bands.count) + 10), title: "各名次段签约率")
        let top = max(0.01, bands.compactMap(\.funnel.signingRate).max() ?? 0.01)
        for (i, b) in bands.enumerated() {
            let y = 6 + Double(i) * row, rate = b.funnel.signingRate ?? 0
            s += text(120, y + row / 2, b.label, anchor: "end", size: 12)
            if b.funnel.contacted > 0 { s += "<rect x=\"130\" y=\"\(f(y))\" width=\"\(f(max(1, 440 * rate / top)))\" height=\"\(f(row - 8))\" fill=\"\(colours[i % 4])\"><title>\(b.label) 签约率</title></rect>" }
            s += text(140 + 440 * rate / top, y + row / 2, "\(PipelineReportWriter.percent(b.funnel.signingRate))（\(b.funnel.signed)/\(b.funnel.contacted)）", size: 12, fill: "#3a4450")
        }
        return s + "</svg>"
    }

    static func axis(left: Double, width: Double, height: Double, bottom: Double, labels: [(Double, String)]) -> String {
        var s = ""
        for (fraction, label) in labels {
            let y = height - bottom - (height - bottom - plotTop) * fraction
            s += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - 10))\" y2=\"\(f(y))\" stroke=\"#e3e8ee\" stroke-width=\"1\" />"
            s += text(left - 6, y + 4, label, anchor: "end", size: 10, fill: "#5b6675")
        }
        return s
    }

    static func legend(_ items: [(String, String)], x: Double, y: Double) -> String {
        var s = "", at = x
        for (name, colour) in items {
            s += "<rect x=\"\(f(at))\" y=\"\(f(y - 9))\" width=\"10\" height=\"10\" fill=\"\(colour)\" />" + text(at + 14, y, name, size: 11, fill: "#3a4450")
            at += 24 + Double(TextTable.displayWidth(name)) * 6.5
        }
        return s
    }
}
