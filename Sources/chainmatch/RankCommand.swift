import ChainMatch
import Foundation

let rankCommand = Command(
    name: "rank",
    summary: "rank target enterprises for one campaign (目标企业清单)",
    discussion: """
    CAMPAIGN is a bundled campaign id (see 'chainmatch campaigns') or the path of a campaign JSON file.
    The table shows each enterprise's score and its exact parts: chain match (链), endowment (禀赋),
    relatedness (关联) and profile (画像); CSV (UTF-8 with BOM, opens in Excel) and JSON carry the same.
    xlsx writes a workbook for Excel, WPS and LibreOffice (needs --output): sheets 名单 (the CSV's columns,
    numbers as numbers), 理由 (one row per reason) and 产业链图谱 (the chain map).
    """,
    options: [
        OptionSpec("--campaign", value: "ID|PATH", help: "campaign to rank (required)"),
        OptionSpec("--top", value: "N", help: "how many to list (default: the campaign's own)"),
        OptionSpec("--format", value: "FORMAT", help: "table, csv, json, html (a self-contained page with the chain map) or xlsx (a workbook)", defaultValue: "table"),
        OptionSpec("--output", value: "PATH", help: "write to a file (atomically) instead of standard output"),
        OptionSpec("--lang", value: "LANG", help: "language of the reasons: zh or en", defaultValue: "zh"),
        OptionSpec("--reasons", help: "print each enterprise's reasons (推荐理由) under the table"),
        OptionSpec("--threads", value: "N", help: "threads for scoring", defaultValue: "2"),
    ]
) { args, context in
    guard let name = args.string("--campaign") ?? args.positionals.first else {
        throw ChainMatchError.usage("rank needs --campaign ID|PATH (run 'chainmatch campaigns' for the bundled ones)")
    }
    let top = try args.int("--top", in: 1...10_000)
    let formatName = try args.choice("--format", RankingWriter.Format.allCases.map(\.rawValue) + ["html", "xlsx"])!
    if formatName == "xlsx" { try checkBinaryOutput(args.string("--output")) }
    let t0 = ResourceUsage.now()
    var engine = try context.engine()
    engine.threads = try args.int("--threads", in: 1...256)!
    let t1 = ResourceUsage.now()
    let campaign = try engine.campaign(named: name)
    let language = Reasons.Language(rawValue: try args.choice("--lang", Reasons.Language.allCases.map(\.rawValue))!)!
    let list = try engine.rank([campaign], top: top, language: language)[0]
    let t2 = ResourceUsage.now()
    if formatName == "html" {
        let map = try engine.chainMap(campaign: campaign)
        try emit(HTMLReport.page(list: list, chainMap: map, whatIf: nil, language: language), output: args.string("--output"))
    } else if formatName == "xlsx" {
        let book = RankingWorkbook.workbook(list, chainMap: try engine.chainMap(campaign: campaign), language: language)
        try emit(try XLSXWriter.data(book), output: args.string("--output"))
    } else {
        let format = RankingWriter.Format(rawValue: formatName)!
        try emit(try RankingWriter.render(list, format: format, reasons: args.flag("--reasons")), output: args.string("--output"))
    }
    context.detail(String(format: "loaded %d enterprises, %d parks in %.0f ms; ranked in %.0f ms (%@)",
                          engine.datasets.enterprises.count, engine.datasets.parks.count, (t1 - t0) * 1000, (t2 - t1) * 1000, KernelSelector.status.coreName))
    return 0
}

/// A workbook is binary: it needs `--output FILE`, and `--output -` only when standard output is not a terminal.
func checkBinaryOutput(_ output: String?) throws {
    guard let output else {
        throw ChainMatchError.usage("--format xlsx writes a binary workbook: give --output FILE.xlsx (or --output - to pipe it)")
    }
    if output == "-" && isatty(STDOUT_FILENO) == 1 {
        throw ChainMatchError.usage("--format xlsx will not write a binary workbook to a terminal: give --output FILE.xlsx or redirect standard output")
    }
}

let campaignsCommand = Command(
    name: "campaigns",
    summary: "list the bundled campaigns",
    options: [OptionSpec("--format", value: "FORMAT", help: "table or json", defaultValue: "table")]
) { args, context in
    let format = try args.choice("--format", ["table", "json"])
    let engine = try context.engine()
    let campaigns = try engine.bundledCampaigns()
    if format == "json" {
        let data = try CommandReports.campaigns(campaigns)
        print(String(decoding: data, as: UTF8.self))
    } else {
        var t = TextTable(header: ["id", "名称", "园区 park", "省份", "profile", "targets"], maxWidth: 44)
        for c in campaigns {
            let park = c.parkID.flatMap { engine.parksByID[$0]?.name } ?? "—"
            t.append([c.id, c.nameZh, park, c.province, c.profile, c.targets.map(\.reference).joined(separator: ",")])
        }
        print(t.render(), terminator: "")
    }
    return 0
}
