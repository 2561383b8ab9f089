import ChainMatch
import Foundation

let coordinateCommand = Command(
    name: "coordinate",
    summary: "rank one province's campaigns together so cities do not all court the same firms (省级统筹, 错位发展)",
    discussion: """
    Over all campaigns of one province, each enterprise is assigned to at most M lists (default 1) so that
    the province's total score is maximal while every campaign keeps its own list size, quotas and group cap:
    an exact optimum, the same every run. The report names the enterprises several cities wanted, where each
    went and why (score in each place, the place's relatedness density for the project's chain, land against
    the park), what each city gave up and got instead, and for each chain two or more cities target, the
    cities ranked by relatedness density, with endowment beside — the evidence for who should lead it.
    With --out DIR: each campaign's list in rank's formats (--list-format) plus coordination.txt, .csv,
    .json, .html (a self-contained page) and .xlsx. DIR must be new or empty. The report also goes to
    standard output (or --output) in --format; xlsx (a workbook for Excel, WPS and LibreOffice) needs
    --output: sheets 统筹概况 (chain standings), 争抢企业 (one row per claim), 各地得失 (given up and gained)
    and one per campaign's coordinated list (rank's list columns plus independent_rank), named by the
    campaign id cut to Excel's 31 characters at a '-'.
    """,
    options: [
        OptionSpec("--province", value: "NAME", help: "province, e.g. 甘肃省 or 甘肃 (required)"),
        OptionSpec("--campaigns", value: "DIR", help: "folder of campaign JSON files (default: the bundled campaigns)"),
        OptionSpec("--max-campaigns", value: "M", help: "lists one enterprise may join", defaultValue: "1"),
        OptionSpec("--top", value: "N", help: "list size for every campaign (default: each campaign's own)"),
        OptionSpec("--format", value: "FORMAT", help: "text, csv, json, html or xlsx (the report on standard output or --output; xlsx needs --output)", defaultValue: "text"),
        OptionSpec("--output", value: "PATH", help: "write the report to a file (atomically)"),
        OptionSpec("--out", value: "DIR", help: "write every list and the reports into a new folder"),
        OptionSpec("--list-format", value: "FORMAT", help: "format of the lists in --out: csv, json or table", defaultValue: "csv"),
        OptionSpec("--lang", value: "LANG", help: "zh or en", defaultValue: "zh"),
    ]
) { args, context in
    guard let province = args.string("--province") else { throw ChainMatchError.usage("coordinate needs --province NAME (e.g. 甘肃省)") }
    let maxCampaigns = try args.int("--max-campaigns", in: 1...100)!
    let top = try args.int("--top", in: 1...10_000)
    let format = try args.choice("--format", ["text", "csv", "json", "html", "xlsx"])!
    if format == "xlsx" { try checkBinaryOutput(args.string("--output")) }
    let listFormat = RankingWriter.Format(rawValue: try args.choice("--list-format", ["csv", "json", "table"])!)!
    let language = Reasons.Language(rawValue: try args.choice("--lang", Reasons.Language.allCases.map(\.rawValue))!)!
    if let out = args.string("--out") {
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        guard existing.isEmpty else { throw ChainMatchError.usage("--out \(out) is not empty; give a new folder (nothing there is overwritten)") }
    }
    let t0 = ResourceUsage.now()
    let engine = try context.engine()
    let all = try args.string("--campaigns").map { try CampaignReader.readAll(folder: $0, models: engine.models, parks: engine.parksByID) }
        ?? engine.bundledCampaigns()
    let campaigns = try Recommender.campaigns(all, inProvince: province)
    let t1 = ResourceUsage.now()
    let result = try engine.coordinate(campaigns, maxCampaigns: maxCampaigns, top: top, language: language)
    let t2 = ResourceUsage.now()
    // Everything is rendered before anything is written, so a failure leaves no partial output.
    let report: Data
    switch format {
    case "csv": report = CoordinationWriter.csv(result)
    case "json": report = try CoordinationWriter.json(result)
    case "html": report = Data(CoordinationPage.page(result, language: language).utf8)
    case "xlsx": report = try XLSXWriter.data(CoordinationWorkbook.workbook(result, language: language))
    default: report = Data(CoordinationWriter.text(result, language: language).utf8)
    }
    if let out = args.string("--out") {
        let files = try CoordinationWriter.files(result, format: listFormat, language: language)
        for file in files { try AtomicFile.write(file.data, to: out + "/" + file.name) }
        context.detail("wrote \(files.count) files to \(out)")
    }
    try emit(report, output: args.string("--output"))
    context.detail(String(format: "%d campaigns of %@: loaded in %.0f ms, coordinated in %.0f ms (%d flow problems solved)",
                          campaigns.count, result.province, (t1 - t0) * 1000, (t2 - t1) * 1000, result.solves))
    return 0
}
