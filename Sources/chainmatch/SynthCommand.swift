import ChainMatch
import Foundation

let synthCommand = Command(
    name: "synth",
    summary: "write a seeded synthetic enterprise set (*.synthetic.csv) for scale tests and benchmarks",
    discussion: """
    Rows are drawn from the real enterprises' distributions (industry classes, lists, ownership, provinces,
    revenues) and marked synthetic: ids SYN…, names 合成…, a 'synthetic' header column, notes 'synthetic'.
    The file can be ranked with 'chainmatch batch --enterprises PATH'. Never use it as real data.
    """,
    options: [
        OptionSpec("--enterprises", value: "N", help: "rows to write (required)"),
        OptionSpec("--out", value: "PATH", help: "output file, named *.synthetic.csv (required)"),
        OptionSpec("--seed", value: "S", help: "random seed", defaultValue: "1"),
    ]
) { args, context in
    guard let count = try args.int("--enterprises", in: 0...1_000_000_000) else { throw ChainMatchError.usage("--enterprises N is required") }
    guard let out = args.string("--out") else { throw ChainMatchError.usage("--out PATH is required") }
    let seed = UInt64(try args.int("--seed", in: 0...Int.max)!)
    let t0 = ResourceUsage.now()
    let real = try Datasets.load(from: context.dataLocation()).enterprises
    let progress = ProgressReporter(label: "synth", total: count, unit: "rows", quiet: context.quiet)
    try SyntheticEnterprises(real: real, seed: seed).write(count: count, to: out) { progress.update($0) }
    progress.finish()
    context.detail(String(format: "%d synthetic rows from %d real enterprises in %.2f s", count, real.count, ResourceUsage.now() - t0))
    print(out)
    return 0
}
