import ChainMatch
import Foundation

let synthPipelineCommand = Command(
    name: "synth pipeline",
    summary: "write a seeded SYNTHETIC pipeline (*.synthetic.csv) over the bundled campaigns' real lists",
    discussion: """
    Each bundled campaign is ranked by the engine; its first N eligible targets are contacted on days spread
    over 2025–2026 and progress (visited, negotiating, signed, started, funded, or dropped) is drawn from a
    hidden logistic model of their standardised block scores with the weights given: a step's chance is
    σ(logit(p₀) + w·z). Rows carry list_rank and score_chain/endowment/relatedness/profile, a 'synthetic'
    column and notes 'synthetic'. The same data, seed, N and weights give the same bytes. Never real data:
    for testing reports and methods that learn weights from outcomes.
    """,
    options: [
        OptionSpec("--out", value: "PATH", help: "output file, named *.synthetic.csv (required)"),
        OptionSpec("--seed", value: "S", help: "random seed", defaultValue: "1"),
        OptionSpec("--per-campaign", value: "N", help: "list places per campaign (fewer when fewer are eligible)",
                   defaultValue: String(SyntheticPipeline.defaultPerCampaign)),
        OptionSpec("--weights", value: "a,b,c,d", help: "hidden weights of the chain, endowment, relatedness and profile scores",
                   defaultValue: "1.2,0.6,0.9,0.3"),
        OptionSpec("--threads", value: "N", help: "threads for scoring", defaultValue: "2"),
    ]
) { args, context in
    guard let out = args.string("--out") else { throw ChainMatchError.usage("--out PATH is required (a name ending in .synthetic.csv)") }
    guard out.hasSuffix(PipelineReader.syntheticSuffix) else {
        throw ChainMatchError.usage("synthetic pipeline files are named *\(PipelineReader.syntheticSuffix) so they are never mistaken for real progress; got '\(out)'")
    }
    guard args.positionals.isEmpty else { throw ChainMatchError.usage("unexpected argument '\(args.positionals[0])'") }
    let seed = UInt64(try args.int("--seed", in: 0...Int.max)!)
    let perCampaign = try args.int("--per-campaign", in: 1...10_000)!
    let weights = try SyntheticPipeline.Weights(parsing: args.string("--weights")!)
    let t0 = ResourceUsage.now()
    var engine = try context.engine()
    engine.threads = try args.int("--threads", in: 1...256)!
    let campaigns = try engine.bundledCampaigns()
    let targets = try SyntheticPipeline.targets(engine: engine, campaigns: campaigns, perCampaign: perCampaign)
    let synth = SyntheticPipeline(weights: weights, seed: seed)
    let entries = synth.draw(targets)
    try synth.write(entries, to: out)
    let signed = entries.filter { $0.dates[.signed] != nil }.count
    context.note(String(format: "%d synthetic targets over %d campaigns (%d signed) in %.1f s", entries.count, campaigns.count, signed, ResourceUsage.now() - t0))
    let hidden = synth.hiddenProfileWeights(targets).map { String(format: "%.3f", $0) }.joined(separator: ", ")
    context.note("the hidden model as block weights of a profile (chain, endowment, relatedness, profile; what 'learn' should find): \(hidden)")
    print(out)
    return 0
}
