import ChainMatch
import Foundation

let chainMapCommand = Command(
    name: "chainmap",
    summary: "the industrial-chain investment map of a campaign (产业链招商图谱)",
    discussion: """
    Each node of the chains the campaign targets: the park's approved leading industries that mention it,
    enterprises headquartered in the province that are active in it, its gap type, and the best eligible
    targets for each gap node.
    """,
    options: [
        OptionSpec("--campaign", value: "ID|PATH", help: "campaign (required)"),
        OptionSpec("--chain", value: "ID", help: "show this chain (repeatable; default: the campaign's)", repeatable: true),
        OptionSpec("--lang", value: "LANG", help: "zh or en", defaultValue: "zh"),
        OptionSpec("--format", value: "FORMAT", help: "text, json or html", defaultValue: "text"),
        OptionSpec("--output", value: "PATH", help: "write to a file (atomically)"),
    ]
) { args, context in
    guard let name = args.string("--campaign") else { throw ChainMatchError.usage("chainmap needs --campaign ID|PATH") }
    let language = Reasons.Language(rawValue: try args.choice("--lang", ["zh", "en"])!)!
    let format = try args.choice("--format", ["text", "json", "html"])!
    let engine = try context.engine()
    let campaign = try engine.campaign(named: name)
    let chains = args.strings("--chain")
    for id in chains where engine.models.taxonomy.chain(id) == nil {
        throw ChainMatchError.usage("--chain: unknown chain '\(id)' (\(engine.models.taxonomy.chains.map(\.id).joined(separator: ", ")))")
    }
    let map = try engine.chainMap(campaign: campaign, chains: chains.isEmpty ? nil : chains)
    let data: Data
    switch format {
    case "json": data = try ReportWriter.json(map)
    case "html":
        let list = try engine.rank([campaign], language: language)[0]
        data = Data(HTMLReport.page(list: list, chainMap: map, whatIf: nil, language: language).utf8)
    default: data = Data(ReportWriter.text(map, language: language).utf8)
    }
    try emit(data, output: args.string("--output"))
    return 0
}
