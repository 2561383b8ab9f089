import ChainMatch
import Foundation

let pipelineReportCommand = Command(
    name: "pipeline report",
    summary: "report a bureau's pipeline (招商台账): funnel, 履约率/开工率/资金到位率, monthly and quarterly, by list rank",
    discussion: """
    FILE is a pipeline CSV, one row per campaign × enterprise (columns in the README, 'A pipeline file').
    It is read strictly: every problem is reported with file, line and column (exit 65).
    The report counts each target as it stood on --as-of (default: the latest date in the file): per campaign,
    per city (the campaign's park city) and in all, the funnel (接洽 → 考察 → 洽谈 → 签约 → 开工 → 资金到位, and
    终止), 履约率 = signed and not dropped ÷ signed, 开工率 = started ÷ signed, 资金到位率 = 亿元 in place ÷
    亿元 signed, compared with Qinghai's targets (90%, 70%, 40%) for Qinghai campaigns; the monthly (月调度)
    and quarterly (季通报) series; and the funnel by the rank each target had on its list.
    xlsx writes a workbook (needs --output): sheets 说明, 分活动, 分城市, 月调度, 季通报 and 按名次, counts and
    亿元 as numbers, rates as fractions shown as percentages.
    """,
    options: [
        OptionSpec("--file", value: "FILE", help: "the pipeline CSV (required)"),
        OptionSpec("--as-of", value: "DATE", help: "count progress up to this day, yyyy-mm-dd (default: the latest date in the file)"),
        OptionSpec("--campaign", value: "ID", help: "report only this campaign's targets"),
        OptionSpec("--campaigns", value: "DIR", help: "campaign files the ids refer to (default: datasets/campaigns)"),
        OptionSpec("--format", value: "FORMAT", help: "text, csv (one file, a section column), json, html (a self-contained page with charts) or xlsx (a workbook)", defaultValue: "text"),
        OptionSpec("--output", value: "PATH", help: "write to a file (atomically) instead of standard output"),
    ]
) { args, context in
    guard let path = args.string("--file") ?? (args.positionals.count == 1 ? args.positionals[0] : nil) else {
        throw ChainMatchError.usage("pipeline report needs --file FILE (a pipeline CSV)")
    }
    guard args.positionals.count <= (args.string("--file") == nil ? 1 : 0) else {
        throw ChainMatchError.usage("unexpected argument '\(args.positionals.last!)'")
    }
    let format = PipelineReportWriter.Format(rawValue: try args.choice("--format", PipelineReportWriter.Format.allCases.map(\.rawValue))!)!
    if format == .xlsx { try checkBinaryOutput(args.string("--output")) }
    var asOf: CalendarDay?
    if let text = args.string("--as-of") {
        guard let day = CalendarDay(iso: text) else { throw ChainMatchError.usage("--as-of expects a real date yyyy-mm-dd, got '\(text)'") }
        asOf = day
    }
    let t0 = ResourceUsage.now()
    let report = try PipelineReview.report(path: path, location: context.dataLocation(), campaignsFolder: args.string("--campaigns"),
                                           asOf: asOf, campaign: args.string("--campaign"))
    try emit(PipelineReportWriter.render(report, format: format), output: args.string("--output"))
    if report.synthetic { context.note("note: \(path) is SYNTHETIC (合成数据), not real progress") }
    context.detail(String(format: "%d targets as of %@ in %.0f ms", report.total.funnel.contacted, report.asOf?.iso ?? "—", (ResourceUsage.now() - t0) * 1000))
    return 0
}
