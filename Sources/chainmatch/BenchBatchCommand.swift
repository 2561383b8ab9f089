import ChainMatch
import Foundation

let benchBatchCommand = Command(
    name: "bench batch",
    summary: "time the nightly batch on synthetic data against a bare sgemm and its useful-arithmetic floor (and faiss-cpu, scipy and numpy peers)",
    discussion: """
    Writes (or reuses) a synthetic enterprise set of N rows and a feature store under --work, replicates the
    bundled campaigns to C, then runs the batch as 'chainmatch batch' does and reports each phase, scoring
    GFLOPS, peak RSS against store + 512 MiB, and the ratio of the scoring pass to a bare sgemm of the same
    shape measured in the same run, and against the floor: the useful arithmetic (2 × the store's non-zeros
    × columns) at the bare sgemm's measured speed. Build in release mode first (swift build -c release).
    With --faiss it also creates a Python venv under --work (python3 -m venv; pip install faiss-cpu numpy),
    exports the same features, weights and mask groups, and runs faiss-cpu IndexFlatIP top-k on them —
    unmasked over all rows, and masked through one index per mask group — twice: with this process's
    OPENBLAS_CORETYPE naming ChainMatch's kernel and with it unset (faiss's own best kernel). Python and faiss are never
    needed otherwise; when they are missing the bench says so and reports the Swift side.
    With --peers it puts numpy and scipy in the same venv and times two peers on the same exported problem,
    each unmasked and masked (one mask group at a time, as faiss's masked run): scipy.sparse CSR rows ×
    dense weights, and numpy dense rows × weights, blocked over --block rows with an np.argpartition top k
    per column (k is the engine's k), on --threads workers. The peers repeat the engine's GEMM part: the
    weights with the chain and endowment blocks zeroed (those are the project's credit, the engine's own
    lookup); their k-th scores are checked against one more engine pass over that part with the masks
    (masked) and one with the masks lifted (unmasked), both untimed.
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
        OptionSpec("--peers", help: "also run scipy.sparse and numpy top-k on the same problem (needs python3 and PyPI)"),
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
    let faiss = args.flag("--faiss"), peers = args.flag("--peers")
    if faiss || peers { bench.exportFolder = bench.work + "/faiss-export" }
    bench.exportUnmasked = peers
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
    let peerResult = peers ? PeerComparison.run(export: bench.exportFolder!, venv: bench.work + "/faiss-venv", threads: bench.threads, log: context.note) : nil
    if format == "json" {
        let encoder = JSONEncoder()
        var object = try JSONSerialization.jsonObject(with: encoder.encode(report)) as! [String: Any]
        if faiss { object["faiss"] = faissNote.map { ["unavailable": $0] as Any } ?? faissResults }
        switch peerResult {
        case .success(let peers)?: object["peers"] = try JSONSerialization.jsonObject(with: encoder.encode(peers))
        case .failure(let why)?: object["peers"] = ["unavailable": why.description]
        case nil: break
        }
        print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
        return 0
    }
    var lines = BenchBatchText.report(report)
    if faiss { lines += BenchBatchText.faiss(faissResults, unavailable: faissNote, report: report) }
    if let peerResult { lines += BenchBatchText.peers(peerResult, report: report) }
    print(lines.joined(separator: "\n"))
    return 0
}
