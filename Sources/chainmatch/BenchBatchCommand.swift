import ChainMatch
import Foundation

let benchBatchCommand = Command(
    name: "bench batch",
    summary: "time the nightly batch on synthetic data against a bare sgemm (and faiss-cpu with --faiss)",
    discussion: """
    Writes (or reuses) a synthetic enterprise set of N rows and a feature store under --work, replicates the
    bundled campaigns to C, then runs the batch as 'chainmatch batch' does and reports each phase, scoring
    GFLOPS, peak RSS against store + 512 MiB, and the ratio of the scoring pass to a bare sgemm of the same
    shape measured in the same run. Build in release mode first (swift build -c release).
    With --faiss it also creates a Python venv under --work (python3 -m venv; pip install faiss-cpu numpy),
    exports the same features, weights and mask groups, and runs faiss-cpu IndexFlatIP top-k on them —
    unmasked over all rows, and masked through one index per mask group — twice: with this process's
    OPENBLAS_CORETYPE naming ChainMatch's kernel and with it unset (faiss's own best kernel). Python and faiss are never
    needed otherwise; when they are missing the bench says so and reports the Swift side.
    """,
    options: [
        OptionSpec("--enterprises", value: "N", help: "synthetic enterprise rows", defaultValue: "1000000"),
        OptionSpec("--campaigns", value: "N", help: "campaigns (the bundled ones replicated)", defaultValue: "2000"),
        OptionSpec("--top", value: "N", help: "list size per campaign", defaultValue: "50"),
        OptionSpec("--threads", value: "N", help: "threads for BLAS and the top-k pass", defaultValue: "2"),
        OptionSpec("--block", value: "N", help: "enterprise rows per GEMM block", defaultValue: "8192"),
        OptionSpec("--seed", value: "N", help: "random seed", defaultValue: "1"),
        OptionSpec("--work", value: "DIR", help: "folder for the synthetic data, store, runs and venv (default: TMPDIR/chainmatch-bench)"),
        OptionSpec("--no-baseline", help: "skip the bare sgemm"),
        OptionSpec("--faiss", help: "also run faiss-cpu IndexFlatIP on the same problem (needs python3 and PyPI)"),
        OptionSpec("--format", value: "FORMAT", help: "text or json", defaultValue: "text"),
    ]
) { args, context in
    var bench = BatchBenchmark(
        location: try context.dataLocation(),
        work: args.string("--work") ?? NSTemporaryDirectory() + "chainmatch-bench")
    bench.enterprises = try args.int("--enterprises", in: 1...100_000_000)!
    bench.campaigns = try args.int("--campaigns", in: 1...100_000)!
    bench.top = try args.int("--top", in: 1...10_000)!
    bench.threads = try args.int("--threads", in: 1...256)!
    bench.blockRows = try args.int("--block", in: 1...1_000_000)!
    bench.seed = UInt64(try args.int("--seed", in: 0...Int.max)!)
    bench.baseline = !args.flag("--no-baseline")
    let faiss = args.flag("--faiss")
    if faiss { bench.exportFolder = bench.work + "/faiss-export" }
    let format = try args.choice("--format", ["text", "json"])
    context.detail(KernelSelector.status.summary)
    var reporters: [String: ProgressReporter] = [:]
    let report = try bench.run(log: context.detail) { label, done, total in
        let r = reporters[label] ?? {
            let r = ProgressReporter(label: label, total: total, unit: "rows", quiet: context.quiet)
            reporters[label] = r
            return r
        }()
        r.update(done)
        if done >= total { r.finish() }
    }
    var faissResults: [[String: Any]] = []
    var faissNote: String?
    if faiss {
        switch FaissComparison.run(export: bench.exportFolder!, venv: bench.work + "/faiss-venv", threads: bench.threads, log: context.note) {
        case .success(let results): faissResults = results
        case .failure(let why): faissNote = why.description
        }
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    if format == "json" {
        var object = try JSONSerialization.jsonObject(with: encoder.encode(report)) as! [String: Any]
        if faiss { object["faiss"] = faissNote.map { ["unavailable": $0] as Any } ?? faissResults }
        print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
        return 0
    }
    let mib = { (b: Int) in String(format: "%.0f MiB", Double(b) / 1_048_576) }
    var lines = [
        "shape:         \(report.enterprises) synthetic enterprises × \(report.features) features × \(report.campaigns) campaigns (\(report.columns) columns with quota columns), top \(report.top), k \(report.k) per column",
        "kernel:        \(report.kernel), \(report.threads) threads",
        "store:         \(mib(report.store_bytes)) \(report.store_prepared) (\(report.store_path))",
        String(format: "batch total:   %.2f s  (load %.2f, open store %.2f [map and verify %.2f], encode campaigns %.2f, scoring %.2f, allocation+reasons %.2f, write %.2f)",
               report.total_seconds, report.load_seconds, report.store_open_seconds, report.store_map_verify_seconds, report.plan_seconds, report.scoring_seconds,
               report.allocate_seconds, report.write_seconds),
        String(format: "scoring:       %.3f s  (%.1f GFLOPS)", report.scoring_seconds, report.gflops),
    ]
    if let s = report.sgemm_seconds, let g = report.sgemm_gflops, let r = report.ratio, let mode = report.sgemm_mode {
        lines.append(String(format: "bare sgemm:    %.3f s  (%.1f GFLOPS; %@)", s, g, mode))
        lines.append(String(format: "ratio:         %.3f  (scoring / bare sgemm; target ≤ 1.2)", r))
    }
    lines.append("peak RSS:      \(mib(report.peak_rss_bytes)) whole batch, \(mib(report.peak_rss_scoring_bytes)) during scoring; budget store + 512 MiB = \(mib(report.rss_budget_bytes))")
    lines.append("run:           \(report.run_path)")
    if faiss {
        if let faissNote {
            lines.append("faiss:         unavailable: \(faissNote)")
        }
        for r in faissResults {
            let env = (r["openblas_coretype"] as? String).map { "OPENBLAS_CORETYPE=\($0)" } ?? "OPENBLAS_CORETYPE unset"
            lines.append(String(format: "faiss %@ (%@, %d threads): unmasked IndexFlatIP top-%d %.3f s (+ add %.2f s); masked, one index per mask group: search %.3f s (+ building the group indexes %.2f s)",
                                r["faiss_version"] as? String ?? "?", env, r["threads"] as? Int ?? 0, report.k,
                                r["unmasked_search_seconds"] as? Double ?? .nan, r["add_seconds"] as? Double ?? .nan,
                                r["masked_search_seconds"] as? Double ?? .nan, r["masked_build_seconds"] as? Double ?? .nan))
            lines.append(String(format: "    masked top-k vs ChainMatch: identical in %d of %d columns (same set in %d); the other %d differ only by ties (%d positions identical rows, %d within float32 rounding); unexplained %d; max |Δscore| %.2g",
                                r["exact_equal_columns"] as? Int ?? 0, report.columns, r["same_set_columns"] as? Int ?? 0,
                                r["differ_only_by_ties_columns"] as? Int ?? 0, r["tie_positions_identical_rows"] as? Int ?? 0,
                                r["tie_positions_within_rounding"] as? Int ?? 0, r["unexplained_columns"] as? Int ?? -1,
                                r["max_abs_score_diff"] as? Double ?? .nan))
        }
    }
    print(lines.joined(separator: "\n"))
    return 0
}
