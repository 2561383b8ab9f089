import ChainMatch
import Foundation

let evaluateRelatednessCommand = Command(
    name: "evaluate relatedness",
    summary: "backtest relatedness density on the development-zone catalogue against popularity and random",
    discussion: """
    k-fold by zone (seeded): each test zone hides half (rounded down, at least one) of its catalogue terms
    (--hide terms, the default: a term that maps to two industries hides both) or of its present industries
    (--hide industries); proximity is relearned from the training matrix only, and the hidden industries are
    predicted among the zone's absent ones by density, by co-occurrence, by popularity (ubiquity in training)
    and at random. ROC-AUC and PR-AUC (average precision) are pooled over all candidates; precision@k and
    recall@10 are averaged over zones.
    """,
    options: [
        OptionSpec("--folds", value: "K", help: "number of folds", defaultValue: "5"),
        OptionSpec("--seed", value: "N", help: "seed for folds, hidden industries and the random baseline", defaultValue: "1"),
        OptionSpec("--hide", value: "UNIT", help: "what a test zone hides: terms or industries", defaultValue: "terms"),
        OptionSpec("--format", value: "FORMAT", help: "text or json", defaultValue: "text"),
        OptionSpec("--output", value: "PATH", help: "write to a file (atomically) instead of standard output"),
    ]
) { args, context in
    let folds = try args.int("--folds", in: 2...100)!
    let seedText = args.string("--seed") ?? "1"
    guard let seed = UInt64(seedText) else { throw ChainMatchError.usage("--seed must be a non-negative integer, got '\(seedText)'") }
    let format = try args.choice("--format", ["text", "json"])!
    let unit = RelatednessBacktest.Unit(rawValue: try args.choice("--hide", RelatednessBacktest.Unit.allCases.map(\.rawValue))!)!
    let evaluation = try RelatednessEvaluation.run(location: context.dataLocation(), options: .init(folds: folds, seed: seed), unit: unit)
    try emit(format == "json" ? try evaluation.json() : Data(evaluation.text().utf8), output: args.string("--output"))
    return 0
}
