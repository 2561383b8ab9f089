import ChainMatch
import Foundation

let explainCommand = Command(
    name: "explain",
    summary: "explain why an enterprise is or is not on a campaign's list",
    discussion: """
    For a listed enterprise: its rank and reasons. Otherwise: every hard rule that masks it (land, energy,
    water, emissions, two-high, list filter, exclusion, off-chain) with the figures on both sides, or its
    score, its rank among eligible enterprises, how far below the cut it falls and the block where it falls
    furthest behind the last listed enterprise (for the chain block, in how many target nodes each is active); above
    the cut, the group cap or the quotas that displaced it.
    """,
    options: [
        OptionSpec("--campaign", value: "ID|PATH", help: "campaign (required)"),
        OptionSpec("--enterprise", value: "ID", help: "enterprise id, as in datasets/enterprises.csv (required)"),
        OptionSpec("--top", value: "N", help: "list size (default: the campaign's own)"),
        OptionSpec("--lang", value: "LANG", help: "zh or en", defaultValue: "zh"),
        OptionSpec("--format", value: "FORMAT", help: "text or json", defaultValue: "text"),
        OptionSpec("--output", value: "PATH", help: "write to a file (atomically)"),
    ]
) { args, context in
    guard let name = args.string("--campaign") else { throw ChainMatchError.usage("explain needs --campaign ID|PATH") }
    guard let id = args.string("--enterprise") else { throw ChainMatchError.usage("explain needs --enterprise ID") }
    let language = Reasons.Language(rawValue: try args.choice("--lang", ["zh", "en"])!)!
    let format = try args.choice("--format", ["text", "json"])!
    let engine = try context.engine()
    let explanation = try engine.explain(campaign: try engine.campaign(named: name), enterpriseID: id,
                                         top: try args.int("--top", in: 1...10_000), language: language)
    try emit(format == "json" ? try ReportWriter.json(explanation) : Data(ReportWriter.text(explanation).utf8), output: args.string("--output"))
    return 0
}
