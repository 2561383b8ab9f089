import ChainMatch
import Foundation

/// The text report of `bench batch`: the batch and its floor, faiss, and the scipy/numpy peers.
///
/// ```swift
/// print((BenchBatchText.report(report) + BenchBatchText.peers(result, report: report)).joined(separator: "\n"))
/// ```
enum BenchBatchText {
    static func report(_ report: BatchBenchmark.Report) -> [String] {
        let mib = { (b: Int) in String(format: "%.0f MiB", Double(b) / 1_048_576) }
        var lines = [
            "shape:         \(report.enterprises) synthetic enterprises × \(report.features) features × \(report.campaigns) campaigns (\(report.columns) columns with quota columns), top \(report.top), k \(report.k) per column",
            "kernel:        \(report.kernel), \(report.threads) threads",
            "store:         \(mib(report.store_bytes)) \(report.store_prepared) (\(report.store_path))",
            String(format: "batch total:   %.2f s  (load %.2f, open store %.2f [map and verify %.2f], encode campaigns %.2f, scoring %.2f, allocation+reasons %.2f, write %.2f)",
                   report.total_seconds, report.load_seconds, report.store_open_seconds, report.store_map_verify_seconds, report.plan_seconds, report.scoring_seconds,
                   report.allocate_seconds, report.write_seconds),
            String(format: "scoring:       %.3f s  (%.1f GFLOPS)", report.scoring_seconds, report.gflops),
            report.seed_floors.map { "floors:        \($0) of \(report.columns) columns started from a sample's floor; \(report.seed_passed_again ?? 0) scored again" }
                ?? "floors:        none (no sample pass)",
        ]
        if let s = report.sgemm_seconds, let g = report.sgemm_gflops, let r = report.ratio, let mode = report.sgemm_mode {
            lines.append(String(format: "bare sgemm:    %.3f s  (%.1f GFLOPS; %@)", s, g, mode))
            lines.append(String(format: "ratio:         %.3f  (scoring / bare sgemm)", r))
        }
        let dense = 2 * Double(report.enterprises) * Double(report.features) * Double(report.columns) / 1e9
        let useful = String(format: "useful arithmetic 2 × %d non-zeros × %d columns = %.2f of %.2f GFLOP; density %.2f%%",
                            report.nonzeros, report.columns, report.useful_gflop, dense, 100 * report.density)
        if let floor = report.floor_seconds, let r = report.ratio_to_floor, let ratio = report.ratio {
            lines.append(String(format: "floor:         %.3f s  (%@, at the bare sgemm's measured speed)", floor, useful))
            lines.append(String(format: "floor ratio:   %.2f  (scoring / floor; scoring / bare sgemm %.3f)", r, ratio))
        } else {
            lines.append("floor:         \(useful) (no time: the bare sgemm was skipped)")
        }
        lines.append("peak RSS:      \(mib(report.peak_rss_bytes)) whole batch, \(mib(report.peak_rss_scoring_bytes)) during scoring; budget store + 512 MiB = \(mib(report.rss_budget_bytes))")
        lines.append("run:           \(report.run_path)")
        return lines
    }

    static func faiss(_ results: [[String: Any]], unavailable: String?, report: BatchBenchmark.Report) -> [String] {
        var lines: [String] = []
        if let unavailable { lines.append("faiss:         unavailable: \(unavailable)") }
        for r in results {
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
        return lines
    }

    static func peers(_ result: Result<PeerComparison.Report, ChainMatchError>, report: BatchBenchmark.Report) -> [String] {
        let peers: PeerComparison.Report
        switch result {
        case .success(let p): peers = p
        case .failure(let why): return ["peers:         unavailable: \(why.description)"]
        }
        let sameCount = peers.nonzeros == report.nonzeros ? "the store's count" : "the store has \(report.nonzeros)"
        var lines = [
            String(format: "peers:         numpy %@, scipy %@ (%@, BLAS threads %@ per worker), %d workers over blocks of %d rows; top %d per column (the engine's k, not the list size %d); CSR built in %.2f s (untimed), %d non-zeros (%@); the masks allow %.1f%% of row × column pairs",
                   peers.numpy_version, peers.scipy_version, peers.blas, peers.blas_threads, peers.workers, peers.block_rows, peers.k, report.top,
                   peers.csr_build_seconds, peers.nonzeros, sameCount, 100 * peers.allowed_pair_share),
        ]
        let unmaskedEngine = report.unmasked_scoring_seconds.map { String(format: "the engine's unmasked pass (%.2f s, untimed in the batch)", $0) } ?? "the engine's unmasked pass"
        for run in peers.runs {
            var line = String(format: "  %@ %.3f s = %.2f × the engine's scoring", (run.label + ":").padding(toLength: 37, withPad: " ", startingAt: 0), run.seconds, run.seconds / report.scoring_seconds)
            if let compared = run.compared_columns, let kth = run.kth_agree_columns, let every = run.all_ranks_agree_columns {
                line += String(format: "; k-th score vs %@: within float32 rounding in %d of %d columns (every rank in %d; same count in %d), max |Δ| %.2g",
                               run.masked ? "the engine's masked GEMM-part pass" : unmaskedEngine, kth, compared, every, run.same_count_columns ?? 0,
                               run.max_abs_kth_diff ?? .nan)
            } else {
                line += "; not checked (no engine reference exported)"
            }
            lines.append(line)
        }
        return lines
    }
}
