import Foundation

/// What a snapshot holds, in two parts read at once on two cores: the data (enterprises, parks, their
/// encoding) and the models (taxonomy, placement, relatedness, endowment). The large per-enterprise and
/// per-park arrays are stored as columns (`EnterpriseColumns`, `ParkColumns`, `EvidenceColumns`) and the
/// feature rows by their non-zeros (`SparseRows`); everything else in its own Codable form.
enum SnapshotPayload {
    struct DataPart: Codable {
        var enterprises: EnterpriseColumns
        var parks: ParkColumns
        var regions: [Region]
        var industries: [Industry]
        /// The encoding without its features, evidence and chain-leader lists, which follow as columns.
        var encoding: EnterpriseEncoding
        var features: SparseRows
        var evidence: EvidenceColumns
        var chainLeaderOf: ListColumn

        init(_ engine: Recommender) {
            enterprises = EnterpriseColumns(engine.datasets.enterprises)
            parks = ParkColumns(engine.datasets.parks)
            regions = engine.datasets.regions
            industries = engine.datasets.industries
            encoding = engine.encoding
            encoding.features = Matrix(rows: 0, columns: 0)
            encoding.evidence = []
            encoding.chainLeaderOf = []
            features = SparseRows(engine.encoding.features)
            evidence = EvidenceColumns(engine.encoding.evidence)
            chainLeaderOf = ListColumn(engine.encoding.chainLeaderOf)
        }

        /// The datasets and the encoding as the load built them.
        func restore() throws -> (Datasets, EnterpriseEncoding) {
            let datasets = Datasets(enterprises: try enterprises.enterprises(), parks: try parks.parks(), regions: regions, industries: industries)
            var full = encoding
            full.features = try features.matrix()
            full.evidence = try evidence.evidence()
            try chainLeaderOf.validate(rows: datasets.enterprises.count, "chainLeaderOf")
            let starts = chainLeaderOf.starts()
            full.chainLeaderOf = (0..<datasets.enterprises.count).map { chainLeaderOf.list($0, start: starts[$0]) }
            return (datasets, full)
        }
    }

    struct ModelPart: Codable {
        var models: ModelSet
        /// Without its parks, which the data part holds (`RelatednessIndex.attaching(parks:)`).
        var relatedness: RelatednessIndex?
        var layout: FeatureLayout
        var endowment: RegionEndowment
        /// The relatedness uptake of each bundled campaign's park (the slow part of a campaign's relatedness
        /// side, a few ms each), by place key, keys sorted.
        var uptakeKeys: [String]
        var uptakes: [[Float]]

        init(_ engine: Recommender) {
            models = engine.models
            relatedness = engine.relatedness
            layout = engine.layout
            endowment = engine.endowment
            for campaign in (try? engine.bundledCampaigns()) ?? [] {
                _ = try? engine.relatedness?.uptake(park: campaign.parkID, province: campaign.province)
            }
            let known = engine.relatedness?.knownUptakes ?? [:]
            uptakeKeys = known.keys.sorted()
            uptakes = uptakeKeys.map { known[$0]! }
        }
    }

    /// Both parts decoded and the data restored.
    struct Restored {
        var datasets: Datasets
        var encoding: EnterpriseEncoding
        var models: ModelPart
        var campaignEncoder: CampaignEncoder
        /// Milliseconds each part took, side by side on two cores (said with `--verbose`).
        var milliseconds: (data: Int, models: Int)
    }
}

/// The snapshot file: `CMSNAP03`, the header's byte count (`u32`), the header, then the two parts, all in
/// the compact form (`CompactEncoder`); the header holds each part's byte count and XXH64.
extension LoadSnapshot {
    /// The restored parts when the snapshot is current; nil when there is none; `SnapshotStale` saying why not.
    func read() throws -> SnapshotPayload.Restored? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        return try data.withUnsafeBytes { raw -> SnapshotPayload.Restored in
            let prefix = Self.magic.count + 4
            guard raw.count >= prefix, raw[0..<Self.magic.count].elementsEqual(Self.magic) else {
                throw SnapshotStale(reason: "snapshot damaged (not a snapshot file)")
            }
            let headerBytes = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: Self.magic.count, as: UInt32.self)))
            guard headerBytes <= raw.count - prefix else { throw SnapshotStale(reason: "snapshot damaged (truncated header)") }
            let header = try CompactDecoder.decode(Header.self, from: UnsafeRawBufferPointer(rebasing: raw[prefix..<(prefix + headerBytes)]), file: path)
            try check(header)
            guard header.parts.count == 2, header.parts.allSatisfy({ $0.bytes >= 0 }),
                  prefix + headerBytes + Int(header.parts[0].bytes + header.parts[1].bytes) == raw.count else {
                throw SnapshotStale(reason: "snapshot damaged (truncated)")
            }
            let start = prefix + headerBytes, middle = start + Int(header.parts[0].bytes)
            let parts = [UnsafeRawBufferPointer(rebasing: raw[start..<middle]), UnsafeRawBufferPointer(rebasing: raw[middle...])]
            for (part, info) in zip(parts, header.parts) where XXHash64.hash(part) != info.digest {
                throw SnapshotStale(reason: "snapshot damaged (checksum)")
            }
            return try restore(data: parts[0], models: parts[1])
        }
    }

    /// Decodes the two parts at once, restores the data beside building the campaign encoder.
    private func restore(data: UnsafeRawBufferPointer, models: UnsafeRawBufferPointer) throws -> SnapshotPayload.Restored {
        nonisolated(unsafe) var restored: Result<(Datasets, EnterpriseEncoding), Error> = .failure(CancellationError())
        nonisolated(unsafe) var decoded: Result<(SnapshotPayload.ModelPart, CampaignEncoder), Error> = .failure(CancellationError())
        let took = UnsafeMutableBufferPointer<Int>.allocate(capacity: 2)
        defer { took.deallocate() }
        let file = path
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let started = Date()
            if i == 0 {
                restored = Result { try CompactDecoder.decode(SnapshotPayload.DataPart.self, from: data, file: file).restore() }
            } else {
                decoded = Result {
                    let part = try CompactDecoder.decode(SnapshotPayload.ModelPart.self, from: models, file: file)
                    guard part.uptakeKeys.count == part.uptakes.count else {
                        throw ChainMatchError.internalFailure("snapshot uptakes are inconsistent")
                    }
                    part.relatedness?.remember(Dictionary(zip(part.uptakeKeys, part.uptakes), uniquingKeysWith: { a, _ in a }))
                    return (part, CampaignEncoder(models: part.models, layout: part.layout, endowment: part.endowment))
                }
            }
            took[i] = Self.milliseconds(since: started)
        }
        let (datasets, encoding) = try restored.get()
        let (part, campaignEncoder) = try decoded.get()
        return SnapshotPayload.Restored(datasets: datasets, encoding: encoding, models: part, campaignEncoder: campaignEncoder,
                                        milliseconds: (took[0], took[1]))
    }

    /// Throws `SnapshotStale` unless the header's engine and sources are today's.
    func check(_ header: Header) throws {
        guard header.engine == Self.engineKey() else { throw SnapshotStale(reason: "snapshot written by another build of the engine") }
        let paths = try sourcePaths()
        guard paths == header.sources.map(\.path) else {
            let added = Set(paths).subtracting(header.sources.map(\.path)).sorted()
            let removed = Set(header.sources.map(\.path)).subtracting(paths).sorted()
            throw SnapshotStale(reason: "source files " + (added.isEmpty ? "removed: \(removed.joined(separator: ", "))" : "added: \(added.joined(separator: ", "))"))
        }
        for recorded in header.sources {
            if let now = Self.stamp(location.root + "/" + recorded.path), now.size == recorded.size, now.modified == recorded.modified { continue }
            guard try source(recorded.path).digest == recorded.digest else { throw SnapshotStale(reason: "\(recorded.path) changed") }
        }
    }

    /// Writes the snapshot of `engine`, keyed by `sources`, atomically.
    func write(_ engine: Recommender, sources: [Source]) throws {
        let parts = [try CompactEncoder.encode(SnapshotPayload.DataPart(engine)), try CompactEncoder.encode(SnapshotPayload.ModelPart(engine))]
        let infos = parts.map { part in Part(bytes: Int64(part.count), digest: part.withUnsafeBytes { XXHash64.hash($0) }) }
        let header = try CompactEncoder.encode(Header(engine: Self.engineKey(), sources: sources, parts: infos))
        var out = Data(capacity: Self.magic.count + 4 + header.count + parts.reduce(0) { $0 + $1.count })
        out.append(contentsOf: Self.magic)
        withUnsafeBytes(of: UInt32(header.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: header)
        for part in parts { out.append(contentsOf: part) }
        try AtomicFile.write(out, to: path)
        prune()
    }

    /// How many snapshots a folder keeps: one per data root and build, the most recently written.
    static let kept = 8

    /// Removes all but the `kept` most recently written snapshots beside this one (data roots that moved
    /// or builds that were replaced leave theirs behind).
    func prune() {
        let fm = FileManager.default
        let folder = (path as NSString).deletingLastPathComponent
        guard let names = try? fm.contentsOfDirectory(atPath: folder) else { return }
        let snapshots = names.filter { $0.hasPrefix("snapshot-") && $0.hasSuffix(".bin") }.map { folder + "/" + $0 }
        let byAge = snapshots.map { ($0, Self.stamp($0)?.modified ?? 0) }.sorted { ($0.1, $0.0) > ($1.1, $1.0) }
        for (old, _) in byAge.dropFirst(Self.kept) where old != path { try? fm.removeItem(atPath: old) }
    }
}
