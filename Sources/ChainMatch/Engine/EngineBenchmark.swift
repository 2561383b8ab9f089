import Foundation

/// Measures the full engine against one plain sgemm of the same shape, side by side in one run.
///
/// ```swift
/// let report = try EngineBenchmark(enterprises: 20_000, features: 256, campaigns: 200).run()
/// print(report.ratio)   // engine seconds / sgemm seconds
/// ```
///
/// The problem is random and seeded: weights uniform in [-1, 1), land needs against land limits chosen
/// so that `maskedShare` of all pairs are masked, and rows either dense (uniform in [0, 1)) or shaped like
/// enterprise features (`sparse`, the default): the width split as the real layout is — a chain block, an
/// endowment block, a relatedness block and a few profile columns — each row active in 1–4 nodes of one
/// chain (chains of 8 nodes), the endowment of its strongest node, 2–5 related industries near its chain
/// and 3 profile columns, about 4% of the width. The report gives the useful arithmetic (2 × non-zeros ×
/// campaigns) beside the engine and the sgemm, as the time the sgemm would take at its own speed. The engine
/// runs first (best of `repeats`), its peak RSS is read, then a plain sgemm writes the full
/// enterprises × campaigns product into a preallocated, already-touched buffer (best of `repeats`).
public struct EngineBenchmark: Sendable {
    public var enterprises = 200_000
    public var features = 256
    public var campaigns = 2_000
    public var top = 50
    public var threads = 2
    public var blockRows = 1024
    public var maskedShare = 0.10
    public var repeats = 3
    public var seed: UInt64 = 20_261_201
    /// Skip the plain sgemm (its output is enterprises × campaigns floats).
    public var skipBaseline = false
    /// Rows shaped like enterprise features (mostly zeros) rather than dense uniform ones.
    public var sparse = true

    public init(enterprises: Int = 200_000, features: Int = 256, campaigns: Int = 2_000, top: Int = 50) {
        self.enterprises = enterprises
        self.features = features
        self.campaigns = campaigns
        self.top = top
    }

    public struct Report: Codable, Sendable {
        public var enterprises: Int
        public var features: Int
        public var campaigns: Int
        public var top: Int
        public var block_rows: Int
        public var masked_share: Double
        public var kernel: String
        public var kernel_switched: Bool
        public var threads: Int
        public var engine_seconds: Double
        public var sgemm_seconds: Double?
        public var ratio: Double?
        public var gflops: Double
        public var sgemm_gflops: Double?
        public var input_bytes: Int
        public var peak_rss_bytes: Int
        public var rss_over_input_bytes: Int
        public var results_checksum: String
        public var sparse: Bool
        /// Non-zero share of the feature matrix.
        public var density: Double
        /// 2 × non-zeros × campaigns: the arithmetic the answer needs.
        public var useful_flops: Double
        /// The useful arithmetic at the sgemm's measured speed, and the engine against it.
        public var floor_seconds: Double?
        public var ratio_to_floor: Double?
    }

    public func run(log: (String) -> Void = { _ in }) throws -> Report {
        var rng = SplitMix64(seed: seed)
        log("generating \(enterprises) × \(features) features and \(features) × \(campaigns) weights (seed \(seed))")
        let x = rows(&rng)
        let arithmetic = ArithmeticFloor(rows: enterprises, features: features, columns: campaigns,
                                         nonZeros: x.storage.withUnsafeBufferPointer { ArithmeticFloor.nonZeros(in: $0) })
        var w = Matrix(rows: features, columns: campaigns)
        for i in w.storage.indices { w.storage[i] = rng.nextFloat() * 2 - 1 }
        // Land need uniform in [0, 1000) mu; each campaign's limit is a random quantile so that on
        // average `maskedShare` of its enterprises exceed it.
        // One node needing 1 mu per 亿元, so a project's land equals its size.
        var needs = EnterpriseNeeds(count: enterprises, nodes: 1,
                                    unit: NodeUnitNeeds(landMuPer100m: [1], energyTcePer100m: [0], waterTPer100m: [0], twoHigh: [false]))
        for i in 0..<enterprises {
            needs.projectInvestment100m[i] = Double(rng.nextFloat() * 1000)
            needs.setNodes([0], enterprise: i)
        }
        var limits = [CampaignLimits](repeating: CampaignLimits(), count: campaigns)
        for c in 0..<campaigns {
            let share = Float(maskedShare) * 2 * rng.nextFloat()
            limits[c].landMu = Double(1000 * (1 - share))
        }
        let masks = ConstraintMasks(needs: needs, limits: limits)
        let inputBytes = (x.storage.count + w.storage.count) * MemoryLayout<Float>.size

        var scorer = BlockedScorer(k: top, blockRows: blockRows, threads: threads)
        let seeding = SeedTally()
        scorer.seedReport = { seeding.record($0, $1) }
        var engineBest = Double.infinity
        var checksum = ""
        for r in 0..<repeats {
            let t0 = ResourceUsage.now()
            let heaps = try scorer.rank(features: x, weights: w, masks: masks)
            let t = ResourceUsage.now() - t0
            engineBest = min(engineBest, t)
            checksum = Self.checksum(heaps)
            log(String(format: "engine run %d: %.3f s", r + 1, t) + (seeding.value.map { "; floors from a sample for \($0.floors) columns, \($0.again) screened again" } ?? ""))
        }
        let peak = ResourceUsage.peakResidentBytes()
        let flops = 2.0 * Double(enterprises) * Double(features) * Double(campaigns)

        var sgemmBest: Double?
        if !skipBaseline {
            let count = enterprises * campaigns
            let out = UnsafeMutablePointer<Float>.allocate(capacity: max(1, count))
            out.initialize(repeating: 0, count: count)
            defer { out.deallocate() }
            let previous = BLAS.threads
            BLAS.threads = threads
            defer { BLAS.threads = previous }
            var best = Double.infinity
            try x.storage.withUnsafeBufferPointer { px in
                try w.storage.withUnsafeBufferPointer { pw in
                    for r in 0..<repeats {
                        let t0 = ResourceUsage.now()
                        try BLAS.gemm(m: enterprises, n: campaigns, k: features,
                                      a: px.baseAddress, lda: features, b: pw.baseAddress, ldb: campaigns,
                                      c: out, ldc: campaigns)
                        let t = ResourceUsage.now() - t0
                        best = min(best, t)
                        log(String(format: "plain sgemm run %d: %.3f s", r + 1, t))
                    }
                }
            }
            sgemmBest = best
        }
        let status = KernelSelector.status
        let floor = sgemmBest.map { arithmetic.seconds(sgemmSeconds: $0) }
        return Report(
            enterprises: enterprises, features: features, campaigns: campaigns, top: top,
            block_rows: blockRows, masked_share: maskedShare,
            kernel: status.coreName, kernel_switched: status.switched, threads: threads,
            engine_seconds: engineBest, sgemm_seconds: sgemmBest,
            ratio: sgemmBest.map { engineBest / $0 },
            gflops: flops / engineBest / 1e9, sgemm_gflops: sgemmBest.map { flops / $0 / 1e9 },
            input_bytes: inputBytes, peak_rss_bytes: peak, rss_over_input_bytes: peak - inputBytes,
            results_checksum: checksum, sparse: sparse,
            density: arithmetic.density, useful_flops: arithmetic.usefulFlops,
            floor_seconds: floor, ratio_to_floor: floor.map { engineBest / $0 })
    }

    /// The feature rows: shaped like enterprise features, or dense uniform.
    func rows(_ rng: inout SplitMix64) -> Matrix {
        var x = Matrix(rows: enterprises, columns: features)
        if sparse {
            Self.fillLikeEnterprises(&x, rng: &rng)
        } else {
            x.storage.withUnsafeMutableBufferPointer { p in
                for i in p.indices { p[i] = rng.nextFloat() }
            }
        }
        return x
    }

    /// Rows shaped like the enterprise feature layout (see the type's documentation).
    static func fillLikeEnterprises(_ x: inout Matrix, rng: inout SplitMix64) {
        let width = x.columns
        let profile = min(width, 8), rest = width - profile
        let nodes = rest / 4, related = rest - 2 * nodes   // chain, endowment, relatedness blocks
        let chains = max(1, nodes / 8)
        for r in 0..<x.rows {
            guard nodes > 0 else { break }
            let chain = Int(rng.next() % UInt64(chains))
            var strongest = -1
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let node = min(nodes - 1, chain * 8 + Int(rng.next() % 8))
                x[r, node] = 0.3 + 0.7 * rng.nextFloat()
                if strongest < 0 || x[r, node] > x[r, strongest] { strongest = node }
            }
            x[r, nodes + strongest] = rng.nextFloat()
            if related > 0 {
                let centre = chain * related / chains
                for _ in 0..<(2 + Int(rng.next() % 4)) {
                    x[r, 2 * nodes + (centre + Int(rng.next() % 24)) % related] = rng.nextFloat()
                }
            }
            for _ in 0..<3 { x[r, rest + Int(rng.next() % UInt64(profile))] = rng.nextFloat() }
        }
    }

    /// FNV-1a over every campaign's ranked (index, score bits), to compare runs.
    static func checksum(_ heaps: [TopK]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ v: UInt64) { h = (h ^ v) &* 0x100_0000_01b3 }
        for heap in heaps {
            for item in heap.sorted() {
                mix(UInt64(item.index))
                mix(UInt64(item.score.bitPattern))
            }
            mix(0xFFFF_FFFF)
        }
        return String(h, radix: 16)
    }
}
