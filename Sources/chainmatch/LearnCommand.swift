import ChainMatch
import Foundation

let learnCommand = Command(
    name: "learn",
    summary: "learn a profile's block weights from campaign outcomes (a pipeline CSV); write it only if it ranks held-out targets better",
    discussion: """
    F is a pipeline CSV with the columns campaign, enterprise, stage (contacted, visited, negotiating, signed,
    started, funded, dropped) and the block scores on record score_chain, score_endowment, score_relatedness,
    score_profile (as 'rank' reports them); other columns are ignored. A target converted when it reached
    signed or later. The rows of the bundled campaigns on the profile are fitted with an L2 logistic
    regression (λ by cross-validation); the table compares, on held-out folds, the learned weights, the
    current ones and each block alone. The learned profile (learned-NAME.json, spill and preferences of NAME,
    with its provenance) is written atomically, and only when its held-out AUC beats the current profile's.
    """,
    options: [
        OptionSpec("--pipeline", value: "F", help: "pipeline CSV with the outcomes (required)"),
        OptionSpec("--profile", value: "NAME", help: "profile to learn from its campaigns' rows (default: the one the rows' campaigns use)"),
        OptionSpec("--folds", value: "K", help: "cross-validation folds", defaultValue: "5"),
        OptionSpec("--seed", value: "S", help: "seed of the fold assignment", defaultValue: "1"),
        OptionSpec("--out", value: "PATH", help: "learned profile file, *.json (default: models/profiles/learned-NAME.json)"),
        OptionSpec("--mature-days", value: "N", help: "learn only from targets contacted at least N days before the file's last date", defaultValue: "365"),
        OptionSpec("--date", value: "DATE", help: "date in the provenance, YYYY-MM-DD (default: today, UTC)"),
    ]
) { args, context in
    guard let pipeline = args.string("--pipeline") else { throw ChainMatchError.usage("learn needs --pipeline F (a pipeline CSV)") }
    var options = OutcomeLearning.Options(pipeline: pipeline, profile: args.string("--profile"), out: args.string("--out"), date: args.string("--date"))
    options.matureDays = try args.int("--mature-days", in: 0...3650)!
    options.folds = try args.int("--folds", in: 2...100)!
    options.seed = UInt64(try args.int("--seed", in: 0...(1 << 53))!)
    let t0 = ResourceUsage.now()
    let run = try OutcomeLearning.run(options, location: context.dataLocation())
    print(run.report, terminator: "")
    context.detail(String(format: "learned from %d rows in %.2f s", run.fit.rows, ResourceUsage.now() - t0))
    return 0
}
