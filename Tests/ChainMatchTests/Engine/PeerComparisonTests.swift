import Foundation
import Testing
@testable import ChainMatch

/// The peer script's report and the script itself. The venv path (python3 -m venv, pip install numpy
/// scipy) needs the package index and is not run here; the script runs on a tiny export with the
/// python3 on the PATH only when it already imports numpy and scipy, and is skipped otherwise.
@Suite struct PeerComparisonTests {
    static let canned = """
    WARNING: pip is configured with locations that require TLS/SSL
    {"numpy_version": "2.4.6", "scipy_version": "1.17.1", "workers": 2, "blas": "scipy-openblas 0.3.31.188.0", "blas_threads": "1", "block_rows": 8192, "k": 250, "rows": 200000, "columns": 2767, "allowed_pair_share": 0.0731, "csr_build_seconds": 0.54, "nonzeros": 2175497, "runs": [{"peer": "scipy", "masked": false, "seconds": 12.402, "reference": "chainmatch_unmasked_score.npy", "compared_columns": 2767, "same_count_columns": 2767, "kth_agree_columns": 2766, "all_ranks_agree_columns": 2765, "max_abs_kth_diff": 3.0517578125e-05}, {"peer": "numpy", "masked": true, "seconds": 2.836}]}

    """

    @Test func parsesTheReportLine() throws {
        let report = try PeerComparison.parse(Self.canned)
        #expect(report.numpy_version == "2.4.6" && report.scipy_version == "1.17.1" && report.blas_threads == "1")
        #expect(report.workers == 2 && report.block_rows == 8192 && report.k == 250)
        #expect(report.rows == 200_000 && report.columns == 2767 && report.nonzeros == 2_175_497)
        #expect(report.allowed_pair_share == 0.0731 && report.csr_build_seconds == 0.54)
        #expect(report.runs.count == 2)
        let scipy = report.runs[0]
        #expect(scipy.peer == "scipy" && !scipy.masked && scipy.seconds == 12.402)
        #expect(scipy.reference == "chainmatch_unmasked_score.npy" && scipy.compared_columns == 2767)
        #expect(scipy.kth_agree_columns == 2766 && scipy.all_ranks_agree_columns == 2765 && scipy.max_abs_kth_diff == 3.0517578125e-05)
        #expect(scipy.label == "scipy.sparse CSR × dense W, unmasked")
        let numpy = report.runs[1]
        #expect(numpy.masked && numpy.reference == nil && numpy.kth_agree_columns == nil)
        #expect(numpy.label == "numpy dense X @ W, masked")
    }

    @Test func refusesOutputWithoutAReport() {
        #expect(throws: ChainMatchError.self) { try PeerComparison.parse("Traceback (most recent call last):\n  ImportError\n") }
        #expect(throws: ChainMatchError.self) { try PeerComparison.parse("{\"numpy_version\": \"2.4.6\"}\n") }   // keys missing
        #expect(throws: ChainMatchError.self) { try PeerComparison.parse("") }
    }

    static let pythonWithPeers: ExternalTool? = {
        guard let python = ExternalTool.find("python3"), (try? python.run(["-c", "import numpy, scipy"]))?.status == 0 else { return nil }
        return python
    }()

    @Test(.enabled(if: pythonWithPeers != nil, "skipped: python3 with numpy and scipy is not on the PATH (the bench installs them in its venv)"))
    func scriptAgreesWithExactTopKAndNoticesADifference() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let export = try TinyPeerExport(folder: dir.path)
        let script = dir.appendingPathComponent("peers.py").path
        try AtomicFile.write(PeerComparison.script, to: script)
        let first = try PeerComparison.parse(try Self.pythonWithPeers!.run([script, dir.path, "2"]).output)
        #expect(first.nonzeros == export.nonZeros && first.rows == 40 && first.columns == 5 && first.k == 4)
        #expect(first.runs.map(\.peer) == ["scipy", "scipy", "numpy", "numpy"] && first.runs.map(\.masked) == [false, true, false, true])
        for run in first.runs {
            #expect(run.compared_columns == 5 && run.same_count_columns == 5 && run.kth_agree_columns == 5 && run.all_ranks_agree_columns == 5, "\(run)")
        }
        // Column 3's k-th masked score moved well past rounding; the unmasked reference withdrawn.
        try export.writeMasked(shiftingKth: 3, by: 0.01)
        try FileManager.default.removeItem(atPath: dir.path + "/chainmatch_unmasked_score.npy")
        let second = try PeerComparison.parse(try Self.pythonWithPeers!.run([script, dir.path, "1"]).output)
        for run in second.runs where run.masked {
            #expect(run.kth_agree_columns == 4 && run.all_ranks_agree_columns == 4 && abs((run.max_abs_kth_diff ?? 0) - 0.01) < 1e-4)
        }
        for run in second.runs where !run.masked { #expect(run.reference == nil && run.kth_agree_columns == nil) }
    }
}
