import Foundation

extension BatchBenchmark {
    /// Writes what an outside top-k needs to repeat this one, as NumPy `.npy` files: `queries.npy`
    /// (columns × features, float32), `chainmatch_index.npy` / `chainmatch_score.npy` (columns × k,
    /// −1 / NaN padded), `groups.npy` (the mask group of each column) and `allowed_<g>.npy` (the rows
    /// each mask group allows, ascending); plus `meta.json` naming the store and its layout.
    func export(to folder: String, engine: BatchEngine, plan: RankingPlan, candidates: [[ScoredItem]]) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let features = engine.store.columns, columns = plan.columns.count, k = plan.k
        var queries = [Float](repeating: 0, count: columns * features)
        for c in 0..<columns { for f in 0..<features { queries[c * features + f] = plan.weights[f, c] } }
        try NumpyFile.write(queries, shape: [columns, features], to: folder + "/queries.npy")
        var index = [Int64](repeating: -1, count: columns * k), score = [Float](repeating: .nan, count: columns * k)
        for (c, list) in candidates.enumerated() {
            for (i, item) in list.enumerated() { index[c * k + i] = Int64(item.index); score[c * k + i] = item.score }
        }
        try NumpyFile.write(index, shape: [columns, k], to: folder + "/chainmatch_index.npy")
        try NumpyFile.write(score, shape: [columns, k], to: folder + "/chainmatch_score.npy")
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
        let meta: [String: Any] = ["store": engine.store.path, "offset": FeatureStore.headerSize, "rows": engine.store.rows,
                                   "features": features, "columns": columns, "k": k, "groups": groups.count]
        try AtomicFile.write(try JSONSerialization.data(withJSONObject: meta, options: [.sortedKeys]), to: folder + "/meta.json")
    }
}
