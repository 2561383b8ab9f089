import ChainMatch
import Foundation

let whatIfCommand = Command(
    name: "whatif",
    summary: "re-rank a campaign under a scenario and show what changed (情景推演)",
    discussion: """
    SCENARIO is a JSON file that changes gaps (targets add/remove), endowment (normalised 0–1 values for
    the campaign's province), capacity, weights, profile or exclusions — see README, "What-if scenarios".
    Prints the diff against the baseline (entered, left, moved, and the score block that changed most)
    and the new list. A scenario that changes nothing gives an empty diff.
    """,
    options: [
        OptionSpec("--campaign", value: "ID|PATH", help: "campaign (required)"),
        OptionSpec("--scenario", value: "PATH", help: "scenario JSON file (required)"),
        OptionSpec("--top", value: "N", help: "list size (default: the campaign's own)"),
        OptionSpec("--lang", value: "LANG", help: "zh or en", defaultValue: "zh"),
        OptionSpec("--format", value: "FORMAT", help: "text, json or html", defaultValue: "text"),
        OptionSpec("--output", value: "PATH", help: "write to a file (atomically)"),
    ]
) { args, context in
    guard let name = args.string("--campaign") else { throw ChainMatchError.usage("whatif needs --campaign ID|PATH") }
    guard let path = args.string("--scenario") else { throw ChainMatchError.usage("whatif needs --scenario PATH") }
    let language = Reasons.Language(rawValue: try args.choice("--lang", ["zh", "en"])!)!
    let format = try args.choice("--format", ["text", "json", "html"])!
    let t0 = ResourceUsage.now()
    let engine = try context.engine()
    let campaign = try engine.campaign(named: name)
    let scenario = try ScenarioReader.read(path: path, models: engine.models, enterprises: Set(engine.enterpriseIndex.keys))
    let analysis = try engine.whatIf(campaign: campaign, scenario: scenario, top: try args.int("--top", in: 1...10_000), language: language)
    let data: Data
    switch format {
    case "json": data = try ReportWriter.json(analysis)
    case "html":
        let map = try engine.chainMap(campaign: scenario.applied(to: campaign))
        data = Data(HTMLReport.page(list: analysis.result, chainMap: map, whatIf: analysis, language: language).utf8)
    default: data = Data(ReportWriter.text(analysis, language: language).utf8)
    }
    try emit(data, output: args.string("--output"))
    context.detail(String(format: "what-if answered in %.0f ms (load, baseline, scenario)", (ResourceUsage.now() - t0) * 1000))
    return 0
}
