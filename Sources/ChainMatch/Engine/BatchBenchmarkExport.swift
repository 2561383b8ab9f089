import Foundation

extension BatchBenchmark {
    /// Writes what an outside top-k needs to repeat the engine's GEMM part, as NumPy `.npy` files:
    /// `queries.npy` (columns × features, float32: the weights with the chain and endowment blocks zeroed,
    /// since those are the project's credit, a lookup in the engine's needs and limits that no peer repeats),
    /// `chainmatch_index.npy` / `chainmatch_score.npy` (columns × k, −1 / NaN padded: the engine's masked top
    /// k of that GEMM part, one more scoring pass), `groups.npy` (the mask group of each column) and
    /// `allowed_<g>.npy` (the rows each mask group allows, ascending); plus `meta.json` naming the store, its
    /// layout and the benchmark's rows per block. The lists and the run are not touched.
    ///
    /// With `unmasked`, the engine's scorer also runs once more with every mask lifted, and its top k
    /// go to `chainmatch_unmasked_index.npy` / `chainmatch_unmasked_score.npy`, so that an outside
    /// unmasked top k has an exact reference (no bench column is unmasked: every campaign has limits).
    /// Returns the seconds that pass took, or nil without it.
    @discardableResult
    func export(to folder: String, engine: BatchEngine, plan: RankingPlan, unmasked: Bool = false) throws -> Double? {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let features = engine.store.columns, columns = plan.columns.count, k = plan.k
        let linear = engine.layout.projectCredit.split(plan.weights).linear
        var queries = [Float](repeating: 0, count: columns * features)
        for c in 0..<columns { for f in 0..<features { queries[c * features + f] = linear[f, c] } }
        try NumpyFile.write(queries, shape: [columns, features], to: folder + "/queries.npy")
        let scorer = BlockedScorer(k: k, blockRows: blockRows, threads: threads)
        let masked = try engine.store.withRows {
            try scorer.rank(rows: $0, rowCount: engine.store.rows, featureCount: features, weights: linear,
                            masks: ConstraintMasks(needs: engine.sidecar.needs, limits: plan.limits))
        }
        try Self.writeLists(masked.map { $0.sorted() }, k: k, to: folder + "/chainmatch")
        var groups: [CampaignLimits] = []
        var groupOf = [Int64](repeating: 0, count: columns)
        for (c, limits) in plan.limits.enumerated() {
            if let g = groups.firstIndex(of: limits) { groupOf[c] = Int64(g) } else { groupOf[c] = Int64(groups.count); groups.append(limits) }
        }
        try NumpyFile.write(groupOf, shape: [columns], to: folder + "/groups.npy")
        let masks = ConstraintMasks(needs: engine.sidecar.needs, limits: groups)
        for g in groups.indices {
            let allowed = (0..<engine.store.rows).filter { masks.allows(enterprise: $0, campaign: g) }.map(Int64.init)
            try NumpyFile.write(allowed, shape: [allowed.count], to: folder + "/allowed_\(g).npy")
        }
        var unmaskedSeconds: Double?
        if unmasked {
            let free = ConstraintMasks(needs: engine.sidecar.needs, limits: [CampaignLimits](repeating: CampaignLimits(), count: columns))
            let t0 = ResourceUsage.now()
            let tops = try engine.store.withRows {
                try scorer.rank(rows: $0, rowCount: engine.store.rows, featureCount: features, weights: linear, masks: free)
            }
            unmaskedSeconds = ResourceUsage.now() - t0
            try Self.writeLists(tops.map { $0.sorted() }, k: k, to: folder + "/chainmatch_unmasked")
        } else {
            for suffix in ["_index.npy", "_score.npy"] { try? FileManager.default.removeItem(atPath: folder + "/chainmatch_unmasked" + suffix) }
        }
        let meta: [String: Any] = ["store": engine.store.path, "offset": FeatureStore.headerSize, "rows": engine.store.rows,
                                   "features": features, "columns": columns, "k": k, "groups": groups.count, "block_rows": blockRows]
        try AtomicFile.write(try JSONSerialization.data(withJSONObject: meta, options: [.sortedKeys]), to: folder + "/meta.json")
        return unmaskedSeconds
    }

    /// `prefix_index.npy` and `prefix_score.npy`: each column's list (columns × k, −1 / NaN padded).
    static func writeLists(_ lists: [[ScoredItem]], k: Int, to prefix: String) throws {
        var index = [Int64](repeating: -1, count: lists.count * k), score = [Float](repeating: .nan, count: lists.count * k)
        for (c, list) in lists.enumerated() {
            for (i, item) in list.prefix(k).enumerated() { index[c * k + i] = Int64(item.index); score[c * k + i] = item.score }
        }
        try NumpyFile.write(index, shape: [lists.count, k], to: prefix + "_index.npy")
        try NumpyFile.write(score, shape: [lists.count, k], to: prefix + "_score.npy")
    }
}
