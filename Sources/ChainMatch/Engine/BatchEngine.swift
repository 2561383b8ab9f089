import Foundation

/// A nightly batch over a feature store: every enterprise scored once for every campaign, in one
/// streamed pass, then the same allocation and reasons as `rank`.
///
/// ```swift
/// let inputs = try BatchInputs.load(location: loc, campaignsFolder: "datasets/campaigns")
/// let engine = try BatchEngine(inputs: inputs, storePath: "out/.cache/enterprises.store")
/// engine.storeStatus                       // "reused" or "rebuilt (stale: …)"
/// let plan = engine.plan()
/// let tops = try engine.score(plan: plan)  // one TopK per plan column
/// let lists = engine.lists(plan: plan, candidates: tops.map { $0.sorted() })
/// ```
///
/// The store (features), its row ids and its sidecar (needs, project sizes, chain leaders) are
/// opened when all three are sound and were built from `inputs.featureDigest`; otherwise every
/// enterprise is encoded once and all three are written again (sidecar, ids, then the store, each
/// atomically and each naming its sources, so an interruption leaves a set the next run rejects).
/// A corrupt or truncated store is never used. The encoding needed for allocation and reasons is
/// rebuilt only for the candidate rows, from the store and sidecar.
public final class BatchEngine: @unchecked Sendable {
    public let inputs: BatchInputs
    public let layout: FeatureLayout
    public let context: RankingContext
    public let store: FeatureStore
    /// Where the store lives; its companions (row ids, needs, the scorer's plan) sit beside it.
    public let storePath: String
    public let sidecar: EnterpriseSidecar
    /// Why the store was rebuilt, or nil when it was reused.
    public let rebuildReason: FeatureStoreError?
    public let storeSeconds: Double
    public var threads = 2
    /// Enterprise rows per GEMM block; results do not depend on it (see `BlockedScorer`).
    public var blockRows = 8192
    /// Told, after a seeded scoring pass, how many columns started from a sample's floor and how many were
    /// scored again because theirs failed (`BlockedScorer.seedReport`).
    public var seedReport: (@Sendable (_ floors: Int, _ passedAgain: Int) -> Void)?
    let encoder: EnterpriseEncoder
    /// Row of each enterprise id that a campaign excludes.
    let enterpriseIndex: [String: Int]
    let relatedness: RelatednessIndex?
    /// Enterprise id of every row.
    public let ids: [String]
    /// Where the records of candidate rows come from: re-read from the CSV, or kept in memory.
    let reader: EnterpriseRowReader?
    let inMemory: [Enterprise]

    public var storeStatus: String {
        rebuildReason.map { "rebuilt (\($0.reason): \($0))" } ?? "reused (built from the same inputs, checksums verified)"
    }

    public init(inputs: BatchInputs, storePath: String, log: (String) -> Void = { _ in }) throws {
        self.inputs = inputs
        self.storePath = storePath
        let models = inputs.models
        relatedness = try RelatednessIndex.load(from: inputs.location, parks: inputs.datasets.parks)
        layout = FeatureLayout(taxonomy: models.taxonomy, relatedness: relatedness?.ids ?? [])
        let endowment = try RegionEndowment(taxonomy: models.taxonomy, prior: models.prior, regions: inputs.datasets.regions)
        context = RankingContext(models: models, layout: layout, endowment: endowment,
                                 parksByID: Dictionary(inputs.datasets.parks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }),
                                 relatedness: relatedness)
        var all: [Enterprise] = try inputs.allEnterprises()
        // Prepared once from the whole set, so a group's inherited evidence is the same in the store
        // and in the reasons of re-read candidate rows.
        encoder = EnterpriseEncoder(taxonomy: models.taxonomy, layout: layout, placement: models.placement, relatedness: relatedness)
            .prepared(for: all)
        let ids = all.map(\.id)
        self.ids = ids
        let excluded = Set(inputs.campaigns.flatMap { ($0.exclusions + $0.anchors).map(\.enterpriseID) })
        var index: [String: Int] = [:]
        for (row, id) in ids.enumerated() where excluded.contains(id) && index[id] == nil { index[id] = row }
        enterpriseIndex = index
        // Keep only what scoring needs: the records of candidate rows are re-read after scoring, and
        // all of them only if the store must be rebuilt; dropping them before the store is mapped
        // keeps the two from adding up.
        if let reader = inputs.rowReader.flatMap({ $0.rowCount == ids.count ? $0 : nil })
            ?? (try? EnterpriseRowReader(path: inputs.enterprisesPath, expectedRows: ids.count)) {
            self.reader = reader
            inMemory = []
            all = []
            inputs.releaseEnterprises()
            ResourceUsage.returnFreeMemory()
        } else {
            reader = nil
            inMemory = all
        }

        let t0 = ResourceUsage.now()
        let digest = inputs.featureDigest
        let idsPath = RowIDTable.path(besideStore: storePath)
        let sidePath = EnterpriseSidecar.path(besideStore: storePath)
        let width = layout.width, encoder = self.encoder   // the closures may not capture self before init ends
        let opened = try FeatureStore.openOrRebuild(
            path: storePath, sourceDigest: digest, companionFiles: [idsPath, sidePath],
            read: { s -> EnterpriseSidecar in
                let storedIDs = try RowIDTable.read(path: idsPath, expectedSourceDigest: digest, expectedRows: s.rows)
                guard storedIDs == ids, s.columns == width else {
                    throw FeatureStoreError.corrupt(path: idsPath, "rows do not match the enterprises or the feature layout")
                }
                return try EnterpriseSidecar.read(path: sidePath, expectedSourceDigest: digest, expectedRows: s.rows)
            },
            build: {
                try Folders.create((storePath as NSString).deletingLastPathComponent)
                // The full encoding is dropped before scoring.
                let encoding = encoder.encode(all.isEmpty && !ids.isEmpty ? try inputs.allEnterprises() : all)
                try EnterpriseSidecar(encoding: encoding).write(sourceDigest: digest, to: sidePath)
                try RowIDTable.write(ids: ids, sourceDigest: digest, to: idsPath)
                return encoding.features
            })
        (store, sidecar) = (opened.store, opened.companions)
        rebuildReason = opened.rebuildReason
        if let reason = opened.rebuildReason {
            log("feature store \(storePath): \(reason.reason) (\(reason)) — encoded \(ids.count) enterprises")
        }
        all = []
        inputs.releaseEnterprises()
        ResourceUsage.returnFreeMemory()
        storeSeconds = ResourceUsage.now() - t0
    }

    /// The scoring plan of the inputs' campaigns.
    public func plan() throws -> RankingPlan {
        try RankingPlan.check(top: inputs.top, campaigns: inputs.campaigns)
        let taxonomy = inputs.models.taxonomy
        let uptake = relatedness.map { r in { (c: Campaign) in try r.campaignSide(c, taxonomy: taxonomy) } }
        let encoded = try store.withRows { all in
            try CampaignEncoder(models: inputs.models, layout: layout, endowment: context.endowment)
                .encode(inputs.campaigns, enterpriseIndex: enterpriseIndex, relatedness: uptake,
                        anchorActivity: { all[$0 * store.columns + $1] })
        }
        return RankingPlan(campaigns: inputs.campaigns, encoded: encoded, top: inputs.top, layout: layout, taxonomy: inputs.models.taxonomy)
    }

    /// Labels of the plan's columns, as partial results name them: the campaign id, and
    /// `id#quota:scope` (a chain or node id) for a quota column.
    public func columnIDs(_ plan: RankingPlan) -> [String] {
        plan.columns.map { c in
            let id = plan.campaigns[c.campaign].id
            return c.quota.map { "\(id)#quota:\(plan.campaigns[c.campaign].quotas[$0].scope)" } ?? id
        }
    }

    /// Scores the rows of `shard` for every plan column in one streamed pass.
    public func score(plan: RankingPlan, shard: ShardSpec = .whole,
                      progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws -> [TopK] {
        let range = shard.rowRange(totalRows: store.rows)
        let needs = range == 0..<store.rows ? sidecar.needs : sidecar.needs.slice(range)
        let masks = ConstraintMasks(needs: needs, limits: plan.limits)
        var scorer = BlockedScorer(k: plan.k, blockRows: blockRows, threads: threads, projectCredit: layout.projectCredit)
        scorer.seedReport = seedReport
        return try store.withRows(range) { rows in
            // The whole store's row order is kept beside it; a shard's rows are ordered afresh.
            let blocks = range == 0..<store.rows && plan.columns.count >= BlockedScorer.compactionMinimumColumns
                ? BlockPlanCache(storePath: storePath, sourceDigest: inputs.featureDigest)
                    .plan(rows: rows, rowCount: range.count, featureCount: store.columns, blockRows: scorer.sparseBlockRows).0
                : nil
            let tops = try scorer.rank(rows: rows, rowCount: range.count, featureCount: store.columns, weights: plan.weights,
                                       masks: masks, indexOffset: range.lowerBound, plan: blocks, progress: progress)
            store.releaseResidentPages()   // what follows needs only the candidates' rows
            return tops
        }
    }

    /// The ranked lists from every column's candidates (best first), exactly as `rank` makes them.
    public func lists(plan: RankingPlan, candidates: [[ScoredItem]], language: Reasons.Language = .zh) throws -> [RankedList] {
        context.explainedLists(plan: plan, candidates: candidates, rows: try rows(for: Set(candidates.joined().map(\.index))), language: language)
    }

    /// The enterprises with an encoding of just `picked` rows: features from the store, needs, project
    /// sizes and chain leadership from the sidecar, evidence from the encoder.
    func rows(for picked: Set<Int>) throws -> RankingRows {
        let order = picked.sorted()
        var features = Matrix(rows: order.count, columns: store.columns)
        store.withRows { all in
            for (i, row) in order.enumerated() {
                for j in 0..<store.columns { features[i, j] = all[row * store.columns + j] }
            }
        }
        let enterprises = try reader.map { try $0.enterprises(order) } ?? order.map { inMemory[$0] }
        for (i, row) in order.enumerated() where enterprises[i].id != ids[row] {
            throw ChainMatchError.badData(SourceLocation(file: inputs.enterprisesPath, line: row + 2),
                                          "row \(row + 1) is now '\(enterprises[i].id)', was '\(ids[row])': the file changed during the run")
        }
        let encoding = EnterpriseEncoding(
            layout: layout, features: features, needs: sidecar.needs.rows(order),
            evidence: enterprises.map { encoder.evidence(for: $0) },
            projectInvestment100m: order.map { sidecar.projectInvestment100m[$0] },
            chainLeaderOf: order.map { sidecar.chainLeaderOf[$0] })
        return RankingRows(enterprises: enterprises, encoding: encoding,
                           local: Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) }))
    }
}
