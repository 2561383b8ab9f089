extension PeerComparison {
    /// The peers' script, written to a temporary file when run: `python script.py EXPORT WORKERS`.
    ///
    /// ```swift
    /// try AtomicFile.write(PeerComparison.script, to: "/tmp/peers.py")   // then: python /tmp/peers.py /tmp/export 2
    /// ```
    ///
    /// Reads what `BatchBenchmark.export` wrote. Each peer computes the top k of every column (k from
    /// `meta.json`: the engine's k) over row blocks of `block_rows`, `WORKERS` blocks at a time on a
    /// thread pool (SciPy's sparse product and NumPy's BLAS and argpartition release the GIL), and
    /// merges each block's top k into the running one with `np.argpartition`:
    /// - `scipy`: the store's rows as CSR blocks (built before timing) times the dense weights;
    /// - `numpy`: the mapped dense rows times the weights, through BLAS.
    /// Masked, each peer scores a mask group's columns on the rows that group allows only (the rows
    /// gathered per block), as faiss's masked run searches one index per group. The top k's scores are
    /// then checked against the engine's passes over the same GEMM part (the project's credit is the
    /// engine's own lookup): masked against its masked pass, unmasked against its unmasked pass when exported. Both are exact top k in float32 summed in different orders, so the k-th scores
    /// (and every rank's) must lie within twice the rounding bound 4(F+2)·2⁻²⁴·max‖x‖·‖q‖ of each other;
    /// ids are not compared (ties). Progress goes to standard error, the report to the last line of
    /// standard output as one JSON object.
    static let script = #"""
    import json, os, sys, time
    from concurrent.futures import ThreadPoolExecutor
    import numpy as np
    import scipy
    import scipy.sparse as sp

    folder, workers = sys.argv[1], int(sys.argv[2])
    meta = json.load(open(os.path.join(folder, "meta.json")))
    rows, F, C, k, B = meta["rows"], meta["features"], meta["columns"], meta["k"], meta["block_rows"]
    load = lambda name: np.load(os.path.join(folder, name))
    X = np.memmap(meta["store"], dtype="<f4", mode="r", offset=meta["offset"], shape=(rows, F))
    Q = np.ascontiguousarray(load("queries.npy"))          # columns × features
    W = np.ascontiguousarray(Q.T)                          # features × columns
    groups = load("groups.npy")
    starts = list(range(0, rows, B))
    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    out = {"numpy_version": np.__version__, "scipy_version": scipy.__version__, "workers": workers,
           "blas": "%s %s" % (blas.get("name"), blas.get("version")),
           "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
           "block_rows": B, "k": k, "rows": rows, "columns": C}

    # Each mask group's allowed rows (ascending) and columns, and the weights of its columns.
    allowed = [load("allowed_%d.npy" % g) for g in range(meta["groups"])]
    group_cols = [np.nonzero(groups == g)[0] for g in range(meta["groups"])]
    W_group = [np.ascontiguousarray(W[:, c]) for c in group_cols]
    Q_group = [np.ascontiguousarray(Q[c]) for c in group_cols]
    out["allowed_pair_share"] = float(sum(len(a) * len(c) for a, c in zip(allowed, group_cols))) / max(1, rows * C)

    # Untimed: the CSR blocks, and the float32 rounding bound of each column's scores.
    t = time.perf_counter()
    csr = [sp.csr_matrix(X[a:a + B]) for a in starts]
    out["csr_build_seconds"] = time.perf_counter() - t
    out["nonzeros"] = int(sum(m.nnz for m in csr))
    row_norm = max([0.0] + [float(np.max(np.linalg.norm(X[a:a + B].astype(np.float64), axis=1))) for a in starts])
    bound = 2 * 4.0 * (F + 2) * 2.0 ** -24 * row_norm * np.linalg.norm(Q.astype(np.float64), axis=1)

    def top_of(scores):
        """The top k of each row of `scores` (columns × rows): scores and positions, unordered."""
        n = scores.shape[1]; kk = min(k, n)
        part = np.argpartition(scores, n - kk, axis=1)[:, n - kk:]
        return np.take_along_axis(scores, part, axis=1), part

    def merge(best, new):
        if best is None:
            return new
        s, i = np.concatenate([best[0], new[0]], axis=1), np.concatenate([best[1], new[1]], axis=1)
        part = top_of(s)[1]
        return np.take_along_axis(s, part, axis=1), np.take_along_axis(i, part, axis=1)

    def scipy_product(j, local, g):
        """Block j's scores, columns × rows: every column on every row, or group g's on its rows."""
        if local is None:
            return np.ascontiguousarray((csr[j] @ W).T)
        return np.ascontiguousarray((csr[j][local] @ W_group[g]).T)

    def numpy_product(j, local, g):
        x = X[starts[j]:starts[j] + B]
        return Q @ x.T if local is None else Q_group[g] @ x[local].T

    def run(product, masked):
        def block(j):
            a = starts[j]
            if not masked:
                s, i = top_of(product(j, None, None))
                return s, i + a
            s = np.full((C, k), -np.inf, dtype=np.float32); i = np.full((C, k), -1, dtype=np.int64)
            for g, cols in enumerate(group_cols):
                lo, hi = np.searchsorted(allowed[g], [a, a + B])
                if hi == lo or len(cols) == 0:
                    continue
                local = allowed[g][lo:hi] - a
                gs, gi = top_of(product(j, local, g))
                s[cols, :gs.shape[1]] = gs; i[cols, :gs.shape[1]] = local[gi] + a
            return s, i
        best = None
        t = time.perf_counter()
        with ThreadPoolExecutor(workers) as pool:
            for new in pool.map(block, range(len(starts))):
                best = merge(best, new)
        seconds = time.perf_counter() - t
        s = np.full((C, k), -np.inf, dtype=np.float32)
        if best is not None:
            s[:, :best[0].shape[1]] = np.sort(best[0], axis=1)[:, ::-1]    # best first
        return seconds, np.where(np.isneginf(s), np.nan, s)

    def agreement(s, ref):
        """Columns whose k-th (and every) score is within the bound of the reference's, and the largest k-th gap."""
        count = lambda a: np.sum(~np.isnan(a), axis=1)
        nr, ns = count(ref), count(s)
        same = nr == ns
        kth = lambda a, n: a[np.arange(C), np.maximum(n - 1, 0)]
        d = np.where(nr == 0, 0.0, np.abs(kth(ref, nr).astype(np.float64) - kth(s, ns)))
        every = np.all(np.abs(np.nan_to_num(ref).astype(np.float64) - np.nan_to_num(s)) <= bound[:, None], axis=1)
        return {"compared_columns": C, "same_count_columns": int(same.sum()),
                "kth_agree_columns": int(np.sum(same & (d <= bound))),
                "all_ranks_agree_columns": int(np.sum(same & every)),
                "max_abs_kth_diff": float(d[same].max()) if same.any() else None}

    references = {False: "chainmatch_unmasked_score.npy", True: "chainmatch_score.npy"}
    out["runs"] = []
    for name, product in (("scipy", scipy_product), ("numpy", numpy_product)):
        for masked in (False, True):
            seconds, s = run(product, masked)
            r = {"peer": name, "masked": masked, "seconds": seconds}
            if os.path.exists(os.path.join(folder, references[masked])):
                r["reference"] = references[masked]
                r.update(agreement(s, load(references[masked])))
            out["runs"].append(r)
            print("peers: %s %s %.3f s" % (name, "masked" if masked else "unmasked", seconds), file=sys.stderr, flush=True)
    print(json.dumps(out))
    """#
}
