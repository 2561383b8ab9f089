import Foundation

/// Writes a pipeline report (`PipelineReport`) as a readable table, one CSV file, JSON, an HTML page or a
/// workbook (`PipelineReportWorkbook`).
///
/// ```swift
/// let report = PipelineReport(file: file, places: places)
/// try AtomicFile.write(PipelineReportWriter.render(report, format: .csv), to: "pipeline-report.csv")
/// ```
///
/// The CSV is one file with a `section` column (total, campaign, city, month, quarter, rank_band): its
/// counts and rates are as of the row's `as_of` day, and month and quarter rows add the period's new
/// events in `new_*` columns. JSON has keys sorted. Rates are fractions in CSV and JSON, percentages in
/// the table and the page, fractions shown as percentages in the workbook. A report from a synthetic file says so at the top of every format.
public enum PipelineReportWriter {
    public enum Format: String, CaseIterable, Sendable { case text, csv, json, html, xlsx }

    public static func render(_ report: PipelineReport, format: Format) throws -> Data {
        switch format {
        case .text: return Data(text(report).utf8)
        case .csv: return csv(report)
        case .json: return try json(report)
        case .html: return Data(PipelineReportPage.page(report).utf8)
        case .xlsx: return try XLSXWriter.data(PipelineReportWorkbook.workbook(report))
        }
    }

    static let syntheticBanner = "【合成数据 SYNTHETIC】本报告由合成的招商台账生成，不是任何地方的真实招商进展，仅供测试与方法演示。"

    /// "87.5%", or "—" without a denominator.
    static func percent(_ rate: Double?) -> String {
        rate.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
    }

    static func money(_ v: Double) -> String { String(format: "%.2f", v == 0 ? 0 : v) }

    /// A rate with ✓ or ✗ against its target when there is one.
    static func judged(_ rate: Double?, _ target: Double?) -> String {
        guard let rate, let target else { return percent(rate) }
        return percent(rate) + (rate >= target - 1e-12 ? "✓" : "✗")
    }

    /// The definitions as the report states them, with the source of the targets when one applies.
    static func definitions(_ report: PipelineReport) -> [String] {
        var lines = [
            "履约率 = 已签约且未终止的项目数 ÷ 已签约项目数",
            "开工率 = 已开工项目数 ÷ 已签约项目数",
            "资金到位率 = 到位资金（亿元）÷ 签约投资额（亿元）",
            "计数为累计：已签约的项目也计入接洽、考察、洽谈；一项进展在其日期（或后一阶段日期）到达后计入。",
        ]
        let targets = Set(([report.total] + report.campaigns).compactMap(\.targets?.source))
        for source in targets.sorted() { lines.append("目标（✓ 达到 ✗ 未达到）：" + source) }
        if targets.isEmpty { lines.append("所涉省份的政策文件未规定这三项比率的目标值（仅青海省规定）。") }
        return lines
    }

    /// Whether higher-ranked targets signed more often: the signing rate of each rank band, in words.
    public static func rankFinding(_ report: PipelineReport) -> String {
        let bands = report.rankBands.filter { $0.key != "unknown" && $0.funnel.contacted > 0 }
        guard let first = bands.first, let last = bands.last, bands.count >= 2, let a = first.funnel.signingRate, let b = last.funnel.signingRate else {
            return "名次信息不足，无法比较不同名次的转化（需要至少两个名次段有接洽记录，list_rank 列）。"
        }
        let parts = bands.map { "\($0.label) \(percent($0.funnel.signingRate))（\($0.funnel.signed)/\($0.funnel.contacted)）" }
        let gap = (a - b) * 100
        let verdict = abs(gap) < 1 ? "名次高低与签约率无明显差别" : (gap > 0 ? "名次靠前的目标签约率更高" : "名次靠前的目标签约率反而更低")
        var sentence = "签约率（已签约 ÷ 已接洽）：" + parts.joined(separator: "，") + "。\(verdict)"
        if abs(gap) >= 1 { sentence += String(format: "：%@比%@%@ %.1f 个百分点", first.label, last.label, gap > 0 ? "高" : "低", abs(gap)) }
        sentence += "。"
        if bands.contains(where: { $0.funnel.contacted < 30 }) { sentence += "部分名次段样本少于 30 个，差别仅供参考。" }
        return sentence
    }

    public static func json(_ report: PipelineReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(report)
        data.append(0x0A)
        return data
    }

    /// An aligned report for a terminal: totals, campaigns, cities, months, quarters, rank bands.
    public static func text(_ report: PipelineReport) -> String {
        var out = "招商项目推进报告 · 截至 \(report.asOf?.iso ?? "—")\n"
        out += "文件：\(report.source)（计入 \(report.total.funnel.contacted) 个目标"
        out += report.notYetContacted > 0 ? "；另有 \(report.notYetContacted) 个在该日之后才接洽，未计入）\n" : "）\n"
        if report.synthetic { out += syntheticBanner + "\n" }
        out += "\n口径\n" + definitions(report).map { "  " + $0 }.joined(separator: "\n") + "\n"
        out += "\n合计\n" + groupTable([report.total]).render()
        out += "\n分活动\n" + groupTable(report.campaigns, named: true).render()
        out += "\n分城市（活动所在园区的城市）\n" + groupTable(report.cities).render()
        out += "\n月调度（当月新增；比率为月末累计）\n" + periodTable(report.months, title: "月份").render()
        out += "\n季通报（当季新增；比率为季末累计）\n" + periodTable(report.quarters, title: "季度").render()
        out += "\n按列入清单时的名次\n" + bandTable(report.rankBands).render()
        out += rankFinding(report) + "\n"
        return out
    }

    static func groupTable(_ groups: [PipelineReport.Group], named: Bool = false) -> TextTable {
        let stages = PipelineStage.allCases.map(\.shortZh)
        var t = TextTable(header: [named ? "活动" : "范围"] + (named ? ["城市"] : []) + stages + ["签约额", "到位额", "履约率", "开工率", "资金到位率"],
                          rightAligned: Set((named ? 2 : 1)..<(named ? 14 : 13)), maxWidth: 30)
        for g in groups {
            let f = g.funnel, tg = g.targets
            t.append([g.label] + (named ? [g.city ?? ""] : []) + PipelineStage.allCases.map { String(f[$0]) }
                     + [money(f.signed100m), money(f.funded100m), judged(f.performanceRate, tg?.performanceRate),
                        judged(f.startRate, tg?.startRate), judged(f.fundingRate, tg?.fundingRate)])
        }
        return t
    }

    static func periodTable(_ periods: [PipelineReport.Period], title: String) -> TextTable {
        var t = TextTable(header: [title, "新接洽", "新考察", "新洽谈", "新签约", "新开工", "新到位", "新终止", "新签约额", "新到位额", "累计签约", "履约率", "开工率", "资金到位率"],
                          rightAligned: Set(1..<14))
        for p in periods {
            let c = p.cumulative
            t.append([p.key] + PipelineStage.allCases.map { String(p.new[$0]) }
                     + [money(p.new.signed100m), money(p.new.funded100m), String(c.signed), percent(c.performanceRate), percent(c.startRate), percent(c.fundingRate)])
        }
        return t
    }

    static func bandTable(_ bands: [PipelineReport.RankBand]) -> TextTable {
        var t = TextTable(header: ["名次"] + PipelineStage.allCases.map(\.shortZh) + ["签约率", "开工率", "资金到位率"], rightAligned: Set(1..<11))
        for b in bands {
            let f = b.funnel
            t.append([b.label] + PipelineStage.allCases.map { String(f[$0]) } + [percent(f.signingRate), percent(f.startRate), percent(f.fundingRate)])
        }
        return t
    }

    public static let csvHeader = ["section", "key", "label", "province", "city", "as_of"] + PipelineStage.allCases.map(\.rawValue)
        + ["performing", "signed_cny_100m", "funded_cny_100m", "performance_rate", "start_rate", "funding_rate", "signing_rate",
           "target_performance_rate", "target_start_rate", "target_funding_rate"]
        + PipelineStage.allCases.map { "new_" + $0.rawValue } + ["new_signed_cny_100m", "new_funded_cny_100m", "synthetic"]

    /// One CSV (UTF-8 with BOM) with every section; see the type's notes for the columns.
    public static func csv(_ report: PipelineReport) -> Data {
        let rate = { (v: Double?) in v.map { String(format: "%.4f", $0) } ?? "" }
        let amount = { (v: Double) in String(format: "%.4f", v == 0 ? 0 : v) }
        let synthetic = report.synthetic ? "1" : "0"
        func cells(_ f: PipelineFunnel, _ t: PipelineTargets?) -> [String] {
            PipelineStage.allCases.map { String(f[$0]) }
                + [String(f.performing), amount(f.signed100m), amount(f.funded100m), rate(f.performanceRate), rate(f.startRate),
                   rate(f.fundingRate), rate(f.signingRate), rate(t?.performanceRate), rate(t?.startRate), rate(t?.fundingRate)]
        }
        let noEvents = Array(repeating: "", count: PipelineStage.allCases.count + 2)
        let asOf = report.asOf?.iso ?? ""
        var rows: [[String]] = []
        for (section, groups) in [("total", [report.total]), ("campaign", report.campaigns), ("city", report.cities)] {
            for g in groups {
                rows.append([section, g.key, g.label, g.province ?? "", g.city ?? "", asOf] + cells(g.funnel, g.targets) + noEvents + [synthetic])
            }
        }
        for (section, periods) in [("month", report.months), ("quarter", report.quarters)] {
            for p in periods {
                let events = PipelineStage.allCases.map { String(p.new[$0]) } + [amount(p.new.signed100m), amount(p.new.funded100m)]
                rows.append([section, p.key, p.key, report.total.province ?? "", "", p.asOf.iso]
                            + cells(p.cumulative, report.total.targets) + events + [synthetic])
            }
        }
        for b in report.rankBands {
            rows.append(["rank_band", b.key, b.label, report.total.province ?? "", "", asOf] + cells(b.funnel, nil) + noEvents + [synthetic])
        }
        return CSVWriter.encode(header: csvHeader, rows: rows)
    }
}
