import Foundation

/// Runs SciPy's sparse and NumPy's dense top k on a problem `BatchBenchmark` exported, in the bench's venv.
///
/// ```swift
/// switch PeerComparison.run(export: folder, venv: work + "/faiss-venv", threads: 2, log: { print($0) }) {
/// case .success(let report): print(report.runs.map(\.seconds))   // scipy and numpy, unmasked and masked
/// case .failure(let why): print(why)
/// }
/// ```
///
/// The peers are never a dependency: the venv gets numpy and scipy (beside faiss-cpu when `--faiss` put
/// it there) only when asked. The script (`script`) runs with `threads` workers and BLAS single-threaded
/// in each, so both peers use as many cores as the engine, and with `OPENBLAS_CORETYPE` unset, so NumPy's
/// own OpenBLAS picks its kernel. Its report is the last line of its standard output (`parse`).
public enum PeerComparison {
    /// One peer's timed top k, and how its scores agree with the engine's.
    public struct Run: Codable, Sendable, Equatable {
        /// `scipy` (CSR rows × dense weights) or `numpy` (dense rows × weights).
        public var peer: String
        public var masked: Bool
        public var seconds: Double
        /// The engine's scores compared with: `chainmatch_score.npy` (its masked pass over the GEMM part) when masked,
        /// `chainmatch_unmasked_score.npy` (its unmasked pass) when not; nil when none was exported.
        public var reference: String?
        public var compared_columns: Int?
        /// Columns where both hold as many results (fewer than k only when a mask allows fewer rows).
        public var same_count_columns: Int?
        /// Columns whose k-th score agrees within float32 rounding, and whose every rank does.
        public var kth_agree_columns: Int?
        public var all_ranks_agree_columns: Int?
        public var max_abs_kth_diff: Double?

        /// What the peer computes, in words.
        public var label: String {
            (peer == "scipy" ? "scipy.sparse CSR × dense W" : peer == "numpy" ? "numpy dense X @ W" : peer) + (masked ? ", masked" : ", unmasked")
        }
    }

    /// The script's report: versions, how it ran, the problem's size and the runs.
    public struct Report: Codable, Sendable, Equatable {
        public var numpy_version: String
        public var scipy_version: String
        public var blas: String
        public var blas_threads: String
        public var workers: Int
        public var block_rows: Int
        public var k: Int
        public var rows: Int
        public var columns: Int
        /// Non-zeros SciPy's CSR holds (the same count as `ArithmeticFloor`'s when both read the store).
        public var nonzeros: Int
        /// Building the CSR blocks from the store, not timed with the runs.
        public var csr_build_seconds: Double
        /// Share of (row, column) pairs that the columns' masks allow.
        public var allowed_pair_share: Double
        public var runs: [Run]
    }

    /// Ensures the venv has numpy and scipy, runs the script on `export` and parses its report.
    public static func run(export: String, venv: String, threads: Int, log: (String) -> Void) -> Result<Report, ChainMatchError> {
        let python: String
        switch BenchVenv.ensure(venv, packages: ["numpy", "scipy"], imports: ["numpy", "scipy"], log: log) {
        case .success(let p): python = p
        case .failure(let why): return .failure(why)
        }
        let scriptPath = NSTemporaryDirectory() + "chainmatch-peers-\(getpid()).py"
        do { try AtomicFile.write(script, to: scriptPath) } catch {
            return .failure(.cannotCreateOutput(path: scriptPath, "\(error)"))
        }
        defer { unlink(scriptPath) }
        var env = ProcessInfo.processInfo.environment
        env["OPENBLAS_NUM_THREADS"] = "1"
        env["OMP_NUM_THREADS"] = "1"
        env["OPENBLAS_CORETYPE"] = nil
        log("peers: scipy.sparse and numpy top-k, \(threads) workers, BLAS one thread each")
        let r = BenchVenv.shell([python, scriptPath, export, String(threads)], quiet: false, environment: env)
        guard r.status == 0 else {
            return .failure(.badData(SourceLocation(file: "peer script"), "exited with status \(r.status): \(r.output.suffix(400))"))
        }
        return Result { try parse(r.output) }.mapError { $0 as? ChainMatchError ?? .internalFailure("\($0)") }
    }

    /// The report on the last line of the script's output that holds a JSON object.
    public static func parse(_ output: String) throws -> Report {
        guard let line = output.split(whereSeparator: \.isNewline).last(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("{") }) else {
            throw ChainMatchError.badData(SourceLocation(file: "peer script output"), "no JSON report line in: \(output.suffix(300))")
        }
        do {
            return try JSONDecoder().decode(Report.self, from: Data(line.utf8))
        } catch {
            throw ChainMatchError.badData(SourceLocation(file: "peer script output"), "unreadable report (\(error)): \(line.prefix(300))")
        }
    }
}
