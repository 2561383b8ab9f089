import Foundation

/// Runs faiss-cpu on a problem `BatchBenchmark` exported, in the bench's venv (`BenchVenv`); never a dependency.
///
/// ```swift
/// switch FaissComparison.run(export: folder, venv: work + "/faiss-venv", threads: 2, log: { print($0) }) {
/// case .success(let runs): print(runs.count)      // two: ChainMatch's kernel, and faiss's own choice
/// case .failure(let why): print(why)
/// }
/// ```
public enum FaissComparison {
    /// The comparison script, written to a temporary file when run.
    static let script = #"""
    import json, os, sys, time
    import numpy as np
    import faiss

    folder = sys.argv[1]
    meta = json.load(open(os.path.join(folder, "meta.json")))
    rows, F, C, k = meta["rows"], meta["features"], meta["columns"], meta["k"]
    load = lambda name: np.load(os.path.join(folder, name))
    X = np.ascontiguousarray(np.memmap(meta["store"], dtype="<f4", mode="r", offset=meta["offset"], shape=(rows, F)))
    Q = np.ascontiguousarray(load("queries.npy"))
    cm_index, cm_score, groups = load("chainmatch_index.npy"), load("chainmatch_score.npy"), load("groups.npy")
    out = {"faiss_version": faiss.__version__, "numpy_version": np.__version__, "threads": faiss.omp_get_max_threads(),
           "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE")}

    # Unmasked: one IndexFlatIP over every row, top k for every column.
    t = time.perf_counter(); index = faiss.IndexFlatIP(F); index.add(X); out["add_seconds"] = time.perf_counter() - t
    t = time.perf_counter(); D, I = index.search(Q, k); out["unmasked_search_seconds"] = time.perf_counter() - t
    del index, D, I

    # Masked: the same masks as filters, one IndexFlatIP over the rows each mask group allows; then
    # top k with ties by index (faiss's order among equal scores is its own).
    res_index = np.full((C, k), -1, dtype=np.int64)
    res_score = np.full((C, k), np.nan, dtype=np.float32)
    build = search = 0.0
    for g in range(meta["groups"]):
        allowed = load("allowed_%d.npy" % g)
        cols = np.nonzero(groups == g)[0]
        kk = min(k, len(allowed))
        if kk == 0 or len(cols) == 0:
            continue
        t = time.perf_counter()
        sub = faiss.IndexFlatIP(F); sub.add(X[allowed])
        build += time.perf_counter() - t
        t = time.perf_counter()
        D, I = sub.search(Q[cols], kk)
        search += time.perf_counter() - t
        del sub
        for j, c in enumerate(cols):
            ids, sc = allowed[I[j]], D[j]
            order = np.lexsort((ids, -sc))
            res_index[c, :kk], res_score[c, :kk] = ids[order], sc[order]
    out["masked_build_seconds"] = build
    out["masked_search_seconds"] = search
    out["masked_seconds"] = build + search
    out["exact_equal_columns"] = int(sum(np.array_equal(res_index[c], cm_index[c]) for c in range(C)))
    out["same_set_columns"] = int(sum(set(res_index[c].tolist()) == set(cm_index[c].tolist()) for c in range(C)))
    both = ~np.isnan(cm_score) & ~np.isnan(res_score)
    out["max_abs_score_diff"] = float(np.max(np.abs(res_score[both] - cm_score[both]))) if both.any() else 0.0

    # Where the lists differ, is every difference a tie? Recompute the scores of both lists in
    # float64; a difference is a tie when the two items' float64 scores lie within the float32
    # rounding bound of each other (4(F+2)·2^-24·‖x‖·‖q‖ each, as ChainMatch's screen uses).
    # An identical feature row (the synthetic set repeats real enterprises) is an exact tie.
    gamma = 4.0 * (F + 2) * 2.0 ** -24
    ties_only, unexplained, exact_ties, near_ties = 0, [], 0, 0
    for c in range(C):
        a, b = cm_index[c], res_index[c]
        if np.array_equal(a, b):
            continue
        q = Q[c].astype(np.float64); qn = np.linalg.norm(q)
        ids = np.union1d(a[a >= 0], b[b >= 0])
        rows64 = X[ids].astype(np.float64)
        s64 = dict(zip(ids.tolist(), (rows64 @ q).tolist()))
        tol = dict(zip(ids.tolist(), (gamma * np.linalg.norm(rows64, axis=1) * qn).tolist()))
        ok = True
        for pos in np.nonzero(a != b)[0]:
            i, j = int(a[pos]), int(b[pos])
            if i < 0 or j < 0:
                ok = False; break
            if np.array_equal(X[i], X[j]):
                exact_ties += 1
            elif abs(s64[i] - s64[j]) <= tol[i] + tol[j]:
                near_ties += 1
            else:
                ok = False; break
        if ok:
            ties_only += 1
        else:
            unexplained.append(int(c))
    out["columns"] = C
    out["differ_only_by_ties_columns"] = ties_only
    out["tie_positions_identical_rows"] = exact_ties
    out["tie_positions_within_rounding"] = near_ties
    out["unexplained_columns"] = len(unexplained)
    out["unexplained_examples"] = unexplained[:10]
    print(json.dumps(out))
    """#

    /// Runs the script with OPENBLAS_CORETYPE naming ChainMatch's kernel, and again with it unset
    /// (faiss's own OpenBLAS then picks its best kernel);
    /// `.failure` says why faiss could not run.
    public static func run(export: String, venv: String, threads: Int, log: (String) -> Void) -> Result<[[String: Any]], FaissError> {
        let python: String
        switch BenchVenv.ensure(venv, packages: ["faiss-cpu", "numpy"], imports: ["faiss", "numpy"], log: log) {
        case .success(let p): python = p
        case .failure(let why): return .failure(FaissError(why.description))
        }
        let scriptPath = NSTemporaryDirectory() + "chainmatch-faiss-\(getpid()).py"
        do { try AtomicFile.write(script, to: scriptPath) } catch { return .failure(FaissError("cannot write the script: \(error)")) }
        defer { unlink(scriptPath) }
        var results: [[String: Any]] = []
        var base = ProcessInfo.processInfo.environment
        base["OMP_NUM_THREADS"] = String(threads)
        var same = base
        same["OPENBLAS_CORETYPE"] = base["OPENBLAS_CORETYPE"] ?? BLAS.coreName   // the kernel ChainMatch runs on
        var unset = base
        unset["OPENBLAS_CORETYPE"] = nil
        for env in [same, unset] {
            log("faiss: running IndexFlatIP with OPENBLAS_CORETYPE=\(env["OPENBLAS_CORETYPE"] ?? "(unset)")")
            let r = BenchVenv.shell([python, scriptPath, export], quiet: false, environment: env)
            guard r.status == 0, let line = r.output.split(separator: "\n").last,
                  let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                return .failure(FaissError("the faiss script failed (\(r.status)): \(r.output.suffix(400))"))
            }
            results.append(object)
        }
        return .success(results)
    }

    public struct FaissError: Error, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }
}
