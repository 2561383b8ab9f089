import ChainMatch
import Foundation

let benchCommand = Command(
    name: "bench",
    summary: "time the engine against a plain sgemm of the same shape, side by side",
    discussion: """
    Generates a seeded random problem (rows shaped like enterprise features, about 4% non-zero; --dense
    for uniform rows) and times (a) the full engine — blocked GEMM, masks, top-k — and
    (b) one plain sgemm into a preallocated, touched buffer, best of 3 each. Build in release mode
    (swift build -c release) for meaningful figures; the default shape needs about 2 GB of memory.
    """,
    options: [
        OptionSpec("--enterprises", value: "N", help: "enterprise rows", defaultValue: "200000"),
        OptionSpec("--features", value: "N", help: "feature columns", defaultValue: "256"),
        OptionSpec("--campaigns", value: "N", help: "campaign columns", defaultValue: "2000"),
        OptionSpec("--top", value: "N", help: "results kept per campaign", defaultValue: "50"),
        OptionSpec("--threads", value: "N", help: "threads for BLAS and the top-k pass", defaultValue: "2"),
        OptionSpec("--block", value: "N", help: "enterprise rows per GEMM block", defaultValue: "1024"),
        OptionSpec("--masked", value: "SHARE", help: "share of pairs masked", defaultValue: "0.1"),
        OptionSpec("--repeats", value: "N", help: "runs of each, best kept", defaultValue: "3"),
        OptionSpec("--seed", value: "N", help: "random seed", defaultValue: "20261201"),
        OptionSpec("--dense", help: "dense uniform rows instead of rows shaped like enterprise features (~4% non-zero)"),
        OptionSpec("--no-baseline", help: "skip the plain sgemm (it needs enterprises × campaigns floats)"),
        OptionSpec("--format", value: "FORMAT", help: "text or json", defaultValue: "text"),
    ]
) { args, context in
    var bench = EngineBenchmark(
        enterprises: try args.int("--enterprises", in: 0...100_000_000)!,
        features: try args.int("--features", in: 0...100_000)!,
        campaigns: try args.int("--campaigns", in: 0...1_000_000)!,
        top: try args.int("--top", in: 0...100_000)!)
    bench.threads = try args.int("--threads", in: 1...256)!
    bench.blockRows = try args.int("--block", in: 1...1_000_000)!
    bench.repeats = try args.int("--repeats", in: 1...100)!
    bench.seed = UInt64(try args.int("--seed", in: 0...Int.max)!)
    bench.skipBaseline = args.flag("--no-baseline")
    bench.sparse = !args.flag("--dense")
    guard let masked = try args.double("--masked"), (0...1).contains(masked) else {
        throw ChainMatchError.usage("--masked must be a share between 0 and 1")
    }
    bench.maskedShare = masked
    let format = try args.choice("--format", ["text", "json"])
    context.detail(KernelSelector.status.summary)
    let report = try bench.run(log: context.detail)
    if format == "json" {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
    } else {
        let mib = { (b: Int) in String(format: "%.1f MiB", Double(b) / 1_048_576) }
        var lines = [
            "shape:        \(report.enterprises) enterprises × \(report.features) features × \(report.campaigns) campaigns, top \(report.top), \(Int(report.masked_share * 100))% of pairs masked",
            "kernel:       \(report.kernel)\(report.kernel_switched ? " (switched automatically)" : ""), \(report.threads) threads, blocks of \(report.block_rows) rows",
            String(format: "engine:       %.3f s  (%.1f GFLOPS)", report.engine_seconds, report.gflops),
        ]
        if let s = report.sgemm_seconds, let g = report.sgemm_gflops, let r = report.ratio {
            lines.append(String(format: "plain sgemm:  %.3f s  (%.1f GFLOPS)", s, g))
            lines.append(String(format: "ratio:        %.3f  (engine / sgemm)", r))
        }
        lines.append(String(format: "rows:         %@, %.1f%% non-zero; useful arithmetic %.2f GFLOP", report.sparse ? "shaped like enterprise features" : "dense uniform",
                            report.density * 100, report.useful_flops / 1e9))
        if let f = report.floor_seconds, let r = report.ratio_to_floor {
            lines.append(String(format: "floor:        %.3f s  (useful arithmetic at the sgemm's speed); engine / floor %.2f", f, r))
        }
        lines.append("peak RSS:     \(mib(report.peak_rss_bytes)) (inputs \(mib(report.input_bytes)), over inputs \(mib(report.rss_over_input_bytes)))")
        lines.append("checksum:     \(report.results_checksum)")
        print(lines.joined(separator: "\n"))
    }
    return 0
}
