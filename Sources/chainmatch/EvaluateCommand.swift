import ChainMatch
import Foundation

let evaluateRelatednessCommand = Command(
    name: "evaluate relatedness",
    summary: "backtest the uptake model against its peers on the development-zone catalogue",
    discussion: """
    k-fold by zone (seeded): each test zone hides half (rounded down, at least one) of its catalogue terms
    (--hide terms, the default: a term that maps to two industries hides both) or of its present industries
    (--hide industries). Everything is relearned from the training matrix only, and the hidden industries are
    predicted among the zone's absent ones by each scorer, side by side:
      pair-model    the uptake model the product uses: logistic regression on (zone, industry) features —
                    co-occurrence, RP3beta walk, popularity, and the industry's share among the other zones
                    of the same province, city, type and level and among the 5/20/50 nearest zones — plus
                    one intercept per industry; fitted on the other folds' zones only
      pair-shares   the plain peer: the same regression on popularity, co-occurrence, RP3beta and the raw
                    province, type-level and 20-nearest shares
      rp3beta, ease item-to-item recommenders on the matrix alone (RP3beta β = 0, EASE λ = 100, the best
                    of the values tried on this backtest)
      cooccurrence, density, popularity, random
    ROC-AUC and PR-AUC (average precision) are pooled over all candidates; precision@k and recall@10 are
    averaged over zones. The pair models take most of the time; --scorers picks fewer.
    """,
    options: [
        OptionSpec("--folds", value: "K", help: "number of folds", defaultValue: "5"),
        OptionSpec("--seed", value: "N", help: "seed for folds, hidden industries and the random baseline", defaultValue: "1"),
        OptionSpec("--hide", value: "UNIT", help: "what a test zone hides: terms or industries", defaultValue: "terms"),
        OptionSpec("--scorers", value: "LIST", help: "comma-separated scorers to run (default: all)"),
        OptionSpec("--format", value: "FORMAT", help: "text or json", defaultValue: "text"),
        OptionSpec("--output", value: "PATH", help: "write to a file (atomically) instead of standard output"),
    ]
) { args, context in
    var scorers = Set(RelatednessBacktest.Scorer.allCases)
    if let list = args.string("--scorers") {
        scorers = []
        for name in list.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let s = RelatednessBacktest.Scorer(rawValue: name) else {
                throw ChainMatchError.usage("--scorers: unknown scorer '\(name)'; choose from \(RelatednessBacktest.Scorer.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            scorers.insert(s)
        }
    }
    let folds = try args.int("--folds", in: 2...100)!
    let seedText = args.string("--seed") ?? "1"
    guard let seed = UInt64(seedText) else { throw ChainMatchError.usage("--seed must be a non-negative integer, got '\(seedText)'") }
    let format = try args.choice("--format", ["text", "json"])!
    let unit = RelatednessBacktest.Unit(rawValue: try args.choice("--hide", RelatednessBacktest.Unit.allCases.map(\.rawValue))!)!
    let evaluation = try RelatednessEvaluation.run(location: context.dataLocation(), options: .init(folds: folds, seed: seed, scorers: scorers), unit: unit)
    try emit(format == "json" ? try evaluation.json() : Data(evaluation.text().utf8), output: args.string("--output"))
    return 0
}

let evaluateListsCommand = Command(
    name: "evaluate lists",
    summary: "precision and recall of every bundled campaign's top 30 against gold sets the scorer did not use",
    discussion: """
    Three gold sources, each judged against a scorer that did not see it: concept boards (scored without
    concept boards), Shenwan industries (scored without Shenwan) and the reviewed list per campaign in
    datasets/gold_lists.csv (full scorer). An enterprise is gold when that evidence places it, exactly or
    partially, on a target node, or on a direct supplier or customer node of an extend (延链) target. precision@k counts only the
    enterprises the source can judge; recall@30 divides by min(30, gold size).
    """,
    options: [
        OptionSpec("--source", value: "NAME", help: "only this gold source: concept, shenwan or reviewed"),
        OptionSpec("--lists", value: "DIR", help: "judge the lists in DIR (<campaign id>.csv, as rank --format csv or a batch run writes) instead of ranking"),
        OptionSpec("--format", value: "FORMAT", help: "text or json", defaultValue: "text"),
        OptionSpec("--output", value: "PATH", help: "write to a file (atomically) instead of standard output"),
    ]
) { args, context in
    let format = try args.choice("--format", ["text", "json"])!
    let sources = try args.choice("--source", ListEvaluation.GoldSource.allCases.map(\.rawValue))
        .map { [ListEvaluation.GoldSource(rawValue: $0)!] } ?? ListEvaluation.GoldSource.allCases
    let evaluation = try ListEvaluation.run(location: context.dataLocation(), sources: sources, listsFolder: args.string("--lists"))
    try emit(format == "json" ? try evaluation.json() : Data(evaluation.text().utf8), output: args.string("--output"))
    return 0
}
