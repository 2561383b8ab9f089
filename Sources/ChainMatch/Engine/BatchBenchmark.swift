import Foundation

/// The nightly batch at scale on synthetic data, against a bare sgemm of the same shape in one run.
///
/// ```swift
/// var bench = BatchBenchmark(location: loc, work: "/tmp/chainmatch-bench")
/// bench.enterprises = 1_000_000; bench.campaigns = 2000; bench.top = 50
/// let report = try bench.run(log: { print($0) })
/// report.ratio          // scoring seconds / bare sgemm seconds
/// report.ratio_to_floor // scoring seconds / the useful arithmetic at the bare sgemm's speed
/// ```
///
/// Steps: write (or reuse) a synthetic enterprise file of `enterprises` rows (`SyntheticEnterprises`)
/// and replicate the bundled campaigns to `campaigns` with seeded target priorities; build or verify
/// the feature store once; then, with the peak RSS reset, run the batch as `chainmatch batch` does —
/// load inputs, open the store, encode campaigns, one scoring pass, allocation and reasons, write a run
/// under `work/runs` — and time each phase. Finally one bare sgemm of the same enterprises × features
/// × columns: into one preallocated, touched output when it fits in `fullOutputLimit` bytes, otherwise
/// in blocks of rows into one reused buffer (the report says which). Outside the timed run the store's
/// non-zeros are counted: the floor is the useful arithmetic (2 × non-zeros × columns) at the bare
/// sgemm's measured speed (`ArithmeticFloor`).
public struct BatchBenchmark: Sendable {
    public var location: DataLocation
    public var work: String
    public var enterprises = 1_000_000
    public var campaigns = 2000
    public var top = 50
    public var seed: UInt64 = 1
    public var threads = 2
    public var blockRows = 8192
    public var baseline = true
    public var fullOutputLimit = 1 << 30
    /// When set, write inputs and results there for an outside comparison (see `export`).
    public var exportFolder: String?
    /// With `exportFolder`: also export the engine's top k with every mask lifted (one more, untimed pass).
    public var exportUnmasked = false

    public init(location: DataLocation, work: String) {
        self.location = location
        self.work = work
    }

    public struct Report: Codable, Sendable {
        public var enterprises: Int
        public var features: Int
        public var campaigns: Int
        public var columns: Int
        public var top: Int
        public var k: Int
        public var threads: Int
        public var kernel: String
        public var synthetic_file: String
        public var synth_seconds: Double?
        public var store_path: String
        public var store_bytes: Int
        public var store_prepared: String
        public var load_seconds: Double
        public var store_open_seconds: Double
        /// Of `store_open_seconds`: mapping the store and verifying its checksums, and reading the
        /// row ids and sidecar (the rest is the relatedness index and the row index of the CSV).
        public var store_map_verify_seconds: Double
        public var plan_seconds: Double
        public var scoring_seconds: Double
        public var allocate_seconds: Double
        public var write_seconds: Double
        public var total_seconds: Double
        public var gflops: Double
        public var sgemm_seconds: Double?
        public var sgemm_gflops: Double?
        public var sgemm_mode: String?
        public var ratio: Double?
        /// Non-zeros of the scored feature matrix (the store's rows), and their share of it.
        public var nonzeros: Int
        public var density: Double
        /// 2 × non-zeros × columns, in 10^9 flops: the arithmetic the answer needs.
        public var useful_gflop: Double
        /// The useful arithmetic at the bare sgemm's measured speed, and the scoring pass against it.
        public var floor_seconds: Double?
        public var ratio_to_floor: Double?
        /// The engine's scorer with every mask lifted (only with `exportUnmasked`; untimed in the batch).
        public var unmasked_scoring_seconds: Double?
        /// Columns whose thresholds started from a sample's floor, and those scored again (nil: not seeded).
        public var seed_floors: Int?
        public var seed_passed_again: Int?
        public var peak_rss_bytes: Int
        public var peak_rss_scoring_bytes: Int
        public var rss_budget_bytes: Int
        public var run_path: String
    }

    /// `count` campaigns cycling through `bundled`, each with target priorities scaled by a seeded
    /// factor in [0.5, 1.5) and the id `<bundled id>-r<i>`.
    public static func replicate(_ bundled: [Campaign], count: Int, seed: UInt64) -> [Campaign] {
        guard !bundled.isEmpty else { return [] }
        var rng = SplitMix64(seed: seed ^ 0xC0FFEE)
        let width = String(max(count - 1, 0)).count
        return (0..<count).map { i in
            var c = bundled[i % bundled.count]
            let n = String(i)
            c.id += "-r" + String(repeating: "0", count: width - n.count) + n
            for t in c.targets.indices { c.targets[t].priority *= 0.5 + rng.nextDouble() }
            return c
        }
    }

    func loadInputs(synthetic: String) throws -> BatchInputs {
        try BatchInputs.load(location: location, enterprisesPath: synthetic, top: top) { models, parks in
            let bundled = try CampaignReader.readAll(folder: location.datasets + "/campaigns", models: models, parks: parks)
            let label = "bench campaigns: \(campaigns) from the bundled \(bundled.count), seed \(seed)"
            let file = BatchInputs.File(role: "generated campaigns", path: label, sha256: SHA256.digest(label).hex, bytes: 0)
            return (Self.replicate(bundled, count: campaigns, seed: seed), [file])
        }
    }

    public func run(log: (String) -> Void, progress: ((String, Int, Int) -> Void)? = nil) throws -> Report {
        let (synthetic, synthSeconds) = try synthesize(log: log, progress: progress)
        let storePath = work + "/store-\(enterprises)-seed\(seed)/enterprises.store"
        // Build or verify the store outside the measured run.
        let prepared: String = try {
            let engine = try BatchEngine(inputs: loadInputs(synthetic: synthetic), storePath: storePath, log: log)
            return engine.rebuildReason.map { "built (\($0.reason))" } ?? "reused"
        }()
        log("feature store \(storePath): \(prepared)")
        ResourceUsage.returnFreeMemory()

        ResourceUsage.resetPeak()
        let t0 = ResourceUsage.now()
        func rss(_ what: String) { log(String(format: "resident after %@: %.0f MiB", what, Double(ResourceUsage.currentResidentBytes()) / 1_048_576)) }
        rss("preparing the store")
        let inputs = try loadInputs(synthetic: synthetic)
        rss("loading the inputs")
        let t1 = ResourceUsage.now()
        let engine = try BatchEngine(inputs: inputs, storePath: storePath, log: log)
        engine.threads = threads
        engine.blockRows = blockRows
        let t2 = ResourceUsage.now()
        rss("opening the store")
        let plan = try engine.plan()
        let t3 = ResourceUsage.now()
        let rssBeforeScoring = ResourceUsage.peakResidentBytesSinceReset()
        ResourceUsage.resetPeak()
        let seeding = SeedTally()
        engine.seedReport = { seeding.record($0, $1) }
        let tops = try engine.score(plan: plan) { done, total in progress?("scoring", done, total) }
        let t4 = ResourceUsage.now()
        let rssScoring = ResourceUsage.peakResidentBytesSinceReset()
        rss("scoring")
        // Allocation, reasons and writing exactly as a nightly run does them.
        let root = work + "/runs"
        let name = RunStore.runName(for: Date())
        let candidates = tops.map { $0.sorted() }
        let run = try BatchRun(out: root, lock: nil, inputs: inputs, storePath: storePath, runName: name, threads: threads)
            .finish(engine: engine, plan: plan, candidates: candidates)
        let t5 = t4 + run.allocateSeconds
        let t6 = t5 + run.writeSeconds
        let peak = max(rssBeforeScoring, rssScoring, ResourceUsage.peakResidentBytesSinceReset())
        for old in try RunStore(root: root).runs() where old != name { try? FileManager.default.removeItem(atPath: root + "/" + old) }

        let rows = engine.store.rows, features = engine.store.columns, columns = plan.columns.count
        let arithmetic = ArithmeticFloor(rows: rows, features: features, columns: columns,
                                         nonZeros: engine.store.withRows { ArithmeticFloor.nonZeros(in: $0) })
        let flops = arithmetic.denseFlops
        let storeBytes = [storePath, EnterpriseSidecar.path(besideStore: storePath), RowIDTable.path(besideStore: storePath)]
            .map { ((try? FileManager.default.attributesOfItem(atPath: $0))?[.size] as? NSNumber)?.intValue ?? 0 }.reduce(0, +)
        var report = Report(
            enterprises: rows, features: features, campaigns: inputs.campaigns.count, columns: columns, top: top, k: plan.k,
            threads: threads, kernel: BLAS.coreName, synthetic_file: synthetic, synth_seconds: synthSeconds,
            store_path: storePath, store_bytes: storeBytes, store_prepared: prepared,
            load_seconds: t1 - t0, store_open_seconds: t2 - t1, store_map_verify_seconds: engine.storeSeconds, plan_seconds: t3 - t2, scoring_seconds: t4 - t3,
            allocate_seconds: t5 - t4, write_seconds: t6 - t5, total_seconds: t6 - t0, gflops: flops / (t4 - t3) / 1e9,
            nonzeros: arithmetic.nonZeros, density: arithmetic.density, useful_gflop: arithmetic.usefulFlops / 1e9,
            seed_floors: seeding.value?.floors, seed_passed_again: seeding.value?.again,
            peak_rss_bytes: peak, peak_rss_scoring_bytes: rssScoring, rss_budget_bytes: storeBytes + 512 << 20, run_path: run.path)

        if let exportFolder {
            report.unmasked_scoring_seconds = try export(to: exportFolder, engine: engine, plan: plan, unmasked: exportUnmasked)
        }
        if baseline {
            let (seconds, mode) = try bareSgemm(engine: engine, plan: plan)
            report.sgemm_seconds = seconds
            report.sgemm_gflops = flops / seconds / 1e9
            report.sgemm_mode = mode
            report.ratio = report.scoring_seconds / seconds
            let floor = arithmetic.seconds(sgemmSeconds: seconds)
            report.floor_seconds = floor
            report.ratio_to_floor = floor > 0 ? report.scoring_seconds / floor : nil   // no non-zeros: no floor to divide by
        }
        return report
    }

    /// The synthetic enterprise file, written when missing; its path and the seconds writing took.
    func synthesize(log: (String) -> Void, progress: ((String, Int, Int) -> Void)?) throws -> (String, Double?) {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let synthetic = work + "/enterprises-\(enterprises)-seed\(seed).synthetic.csv"
        guard !FileManager.default.fileExists(atPath: synthetic) else { return (synthetic, nil) }
        let t = ResourceUsage.now()
        let real = try Datasets.load(from: location).enterprises
        try SyntheticEnterprises(real: real, seed: seed).write(count: enterprises, to: synthetic) { progress?("synth", $0, enterprises) }
        let seconds = ResourceUsage.now() - t
        log(String(format: "wrote %@ in %.1f s", synthetic, seconds))
        return (synthetic, seconds)
    }

    /// One bare sgemm over the store's rows and the plan's weights; returns seconds and how it ran.
    func bareSgemm(engine: BatchEngine, plan: RankingPlan) throws -> (Double, String) {
        let rows = engine.store.rows, features = engine.store.columns, columns = plan.columns.count
        let full = rows * columns * 4
        let blockRows = full <= fullOutputLimit ? rows : max(1024, min(rows, (256 << 20) / max(1, 4 * columns)))
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(1, blockRows * columns))
        buffer.initialize(repeating: 0, count: max(1, blockRows * columns))   // touched before timing
        defer { buffer.deallocate() }
        let previous = BLAS.threads
        BLAS.threads = threads
        defer { BLAS.threads = previous }
        let t0 = ResourceUsage.now()
        try plan.weights.storage.withUnsafeBufferPointer { w in
            try engine.store.withRows { x in
                var start = 0
                while start < rows {
                    let n = min(blockRows, rows - start)
                    try BLAS.gemm(m: n, n: columns, k: features, a: x.baseAddress! + start * features, lda: features,
                                  b: w.baseAddress, ldb: columns, c: buffer, ldc: columns)
                    start += n
                }
            }
        }
        let seconds = ResourceUsage.now() - t0
        let gib = String(format: "%.1f GiB", Double(full) / Double(1 << 30))
        let mode = blockRows >= rows
            ? "one \(rows)×\(columns) product into a preallocated, touched output (\(gib))"
            : "blocks of \(blockRows) rows into one reused \(blockRows)×\(columns) buffer (the full output would need \(gib))"
        return (seconds, mode)
    }
}

/// What the scorer said about its threshold floors, kept for the report.
final class SeedTally: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: (floors: Int, again: Int)?
    func record(_ floors: Int, _ again: Int) { lock.withLock { counts = (floors, again) } }
    var value: (floors: Int, again: Int)? { lock.withLock { counts } }
}
