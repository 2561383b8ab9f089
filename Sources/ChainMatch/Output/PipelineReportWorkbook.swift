import Foundation

/// The workbook of a pipeline report (`PipelineReport`) for a bureau: one sheet per table of the report.
///
/// ```swift
/// let report = try PipelineReview.report(path: "pipeline.csv", location: location)
/// try AtomicFile.write(XLSXWriter.data(PipelineReportWorkbook.workbook(report)), to: "out/report.xlsx")
/// ```
///
/// Sheets: 说明 (as of, file, targets counted, the definitions, the rank finding — and first of all, for a
/// synthetic file, that it is synthetic), 分活动 and 分城市 (the funnel per campaign and per city, a 合计 row
/// last), 月调度 and 季通报 (each period's new events, then where things stood at its end) and 按名次 (the
/// funnel by list-rank band). Counts are numbers; 亿元 amounts carry 4 decimals and rates 6, as in the
/// CSV and JSON; rates are fractions shown as percentages (0.875 shows 87.5%), empty without a denominator.
public enum PipelineReportWorkbook {
    public static let sheetNames = ["说明", "分活动", "分城市", "月调度", "季通报", "按名次"]

    public static func workbook(_ report: PipelineReport) -> Workbook {
        let total = report.total
        let totalCampaign: [Workbook.Cell] = [.empty, .text(total.label), text(total.province), text(total.city)]
        let totalCity: [Workbook.Cell] = [.text(total.label), text(total.province)]
        return Workbook(sheets: [
            aboutSheet(report),
            Workbook.Sheet(name: sheetNames[1], columns: ["活动编号", "活动", "省份", "城市"].map { Workbook.Column($0) } + funnelColumns(targets: true),
                           rows: report.campaigns.map { [.text($0.key), .text($0.label), text($0.province), text($0.city)] + funnelCells($0.funnel, $0.targets) }
                               + [totalCampaign + funnelCells(total.funnel, total.targets)]),
            Workbook.Sheet(name: sheetNames[2], columns: ["城市", "省份"].map { Workbook.Column($0) } + funnelColumns(targets: true),
                           rows: report.cities.map { [.text($0.label), text($0.province)] + funnelCells($0.funnel, $0.targets) }
                               + [totalCity + funnelCells(total.funnel, total.targets)]),
            periodSheet(sheetNames[3], report.months, title: "月份", targets: total.targets),
            periodSheet(sheetNames[4], report.quarters, title: "季度", targets: total.targets),
            Workbook.Sheet(name: sheetNames[5], columns: [Workbook.Column("名次")] + funnelColumns(targets: false),
                           rows: report.rankBands.map { [.text($0.label)] + funnelCells($0.funnel, nil, targets: false) }),
        ])
    }

    /// What the report is: the synthetic banner first when it applies, then the day, the file, the counts,
    /// the definitions and the rank finding, one line a row.
    static func aboutSheet(_ report: PipelineReport) -> Workbook.Sheet {
        var rows: [[Workbook.Cell]] = []
        if report.synthetic { rows.append([.text("合成数据"), .text(PipelineReportWriter.syntheticBanner)]) }
        rows.append([.text("报告"), .text("招商项目推进报告")])
        rows.append([.text("截至"), .text(report.asOf?.iso ?? "—")])
        rows.append([.text("文件"), .text(report.source)])
        rows.append([.text("计入目标"), .number(Double(report.total.funnel.contacted))])
        rows.append([.text("该日之后才接洽（未计入）"), .number(Double(report.notYetContacted))])
        for line in PipelineReportWriter.definitions(report) { rows.append([.text("口径"), .text(line)]) }
        rows.append([.text("名次与签约"), .text(PipelineReportWriter.rankFinding(report))])
        return Workbook.Sheet(name: sheetNames[0], columns: [Workbook.Column("项目"), Workbook.Column("内容", width: 100)], rows: rows)
    }

    /// Months or quarters: the period, its last counted day, its new events, and the cumulative funnel then.
    static func periodSheet(_ name: String, _ periods: [PipelineReport.Period], title: String, targets: PipelineTargets?) -> Workbook.Sheet {
        let columns = [title, "截至"] + PipelineStage.allCases.map { "新" + $0.shortZh } + ["新签约额（亿元）", "新到位额（亿元）"]
        let rows = periods.map { p -> [Workbook.Cell] in
            [.text(p.key), .text(p.asOf.iso)] + PipelineStage.allCases.map { .number(Double(p.new[$0])) }
                + [amount(p.new.signed100m), amount(p.new.funded100m)] + funnelCells(p.cumulative, targets)
        }
        return Workbook.Sheet(name: name, columns: columns.map { Workbook.Column($0) } + funnelColumns(prefix: "累计", targets: true), rows: rows)
    }

    /// The funnel's columns: stage counts, 履约中, amounts, the four rates and, with `targets`, the three targets.
    static func funnelColumns(prefix: String = "", targets: Bool) -> [Workbook.Column] {
        let counts = PipelineStage.allCases.map { prefix + $0.shortZh } + [prefix + "履约中", prefix + "签约额（亿元）", prefix + "到位额（亿元）"]
        let rates = ["履约率", "开工率", "资金到位率", "签约率"] + (targets ? ["目标履约率", "目标开工率", "目标资金到位率"] : [])
        return counts.map { Workbook.Column($0) } + rates.map { Workbook.Column($0, format: .percent) }
    }

    static func funnelCells(_ f: PipelineFunnel, _ t: PipelineTargets?, targets: Bool = true) -> [Workbook.Cell] {
        var cells = PipelineStage.allCases.map { Workbook.Cell.number(Double(f[$0])) }
        cells += [.number(Double(f.performing)), amount(f.signed100m), amount(f.funded100m)]
        cells += [f.performanceRate, f.startRate, f.fundingRate, f.signingRate].map(rate)
        if targets { cells += [t?.performanceRate, t?.startRate, t?.fundingRate].map(rate) }
        return cells
    }

    static func rate(_ v: Double?) -> Workbook.Cell { v.map { .number(PipelineFunnel.rounded($0, 6)) } ?? .empty }

    static func amount(_ v: Double) -> Workbook.Cell { .number(PipelineFunnel.rounded(v, 4)) }

    static func text(_ s: String?) -> Workbook.Cell { s.map { $0.isEmpty ? .empty : .text($0) } ?? .empty }
}
