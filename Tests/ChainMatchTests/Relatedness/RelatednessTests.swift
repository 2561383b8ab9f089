import Foundation
import Testing
@testable import ChainMatch

/// The industry vocabulary, the place × industry matrices, the learned proximity file and the backtest.
@Suite struct RelatednessTests {
    static let location = DataLocation(root: repositoryRoot)
    static let data: Result<(Datasets, IndustryVocabulary), Error> = Result {
        (try Datasets.load(from: location), try IndustryVocabulary.load(from: location))
    }

    func load() throws -> (datasets: Datasets, vocabulary: IndustryVocabulary) { try Self.data.get() }

    // MARK: Vocabulary

    @Test func normalisationAndSplitting() throws {
        let canonical = [
            CanonicalIndustry(id: "automotive", nameZh: "汽车", nameEn: "Automobiles", gbt4754: ["C36"], chains: [], nodes: [], listedIndustries: [], note: ""),
            CanonicalIndustry(id: "aluminium", nameZh: "铝及铝加工", nameEn: "Aluminium", gbt4754: [], chains: [], nodes: [], listedIndustries: [], note: ""),
            CanonicalIndustry(id: "steel", nameZh: "钢铁", nameEn: "Steel", gbt4754: [], chains: [], nodes: [], listedIndustries: [], note: ""),
        ]
        let builder = try IndustryVocabularyBuilder(canonical: canonical, synonyms: [
            .init(form: "铝", industries: ["aluminium"], method: .synonym, note: ""),
            .init(form: "冶金", industries: ["steel", "aluminium"], method: .judgement, note: ""),
        ])
        #expect(IndustryVocabularyBuilder.normalise(" 汽车产业 ") == "汽车")
        #expect(IndustryVocabularyBuilder.normalise("ＩＴ") == "IT")
        #expect(builder.map("汽车").method == .exact)
        #expect(builder.map("铝").method == .synonym)
        let metallurgy = builder.map("冶金")
        #expect(metallurgy.method == .judgement && metallurgy.industries == ["aluminium", "steel"])   // canonical order
        let compound = builder.map("汽车及铝制品加工")
        #expect(compound.method == .compound && compound.industries == ["automotive", "aluminium"] && compound.parts == ["汽车", "铝"])
        #expect(builder.map("在建").method == .unmapped)
        #expect(builder.map("加工").method == .unmapped)   // fillers alone are no industry
        #expect(throws: ChainMatchError.self) {
            _ = try IndustryVocabularyBuilder(canonical: canonical, synonyms: [.init(form: "x", industries: ["nope"], method: .synonym, note: "")])
        }
    }

    @Test func coverageOnTheRealCatalogue() throws {
        let v = try load().vocabulary
        let c = v.coverage
        #expect(c.mentions == 7030)
        #expect(c.terms == 1074)
        #expect(c.mentionShare >= 0.99, "mapped \(c.mappedMentions) of \(c.mentions) mentions")   // 7,002 of 7,030 = 99.6 %
        #expect(c.mappedMentions == 7002)
        #expect((40...80).contains(v.canonical.count))
        // Every raw term of the catalogue is in the vocabulary.
        let terms = Set(v.entries.map(\.term))
        #expect(try load().datasets.parks.allSatisfy { $0.leadingIndustries.allSatisfy(terms.contains) })
    }

    @Test func canonicalReferencesExist() throws {
        let (datasets, v) = try load()
        let models = try ModelReader.load(from: Self.location)
        let codes = Set(datasets.industries.map(\.code))
        let nodes = Set(models.taxonomy.nodes.map(\.id)), chains = Set(models.taxonomy.chains.map(\.id))
        let classes = Set(datasets.enterprises.compactMap(\.listedIndustry))
        var seenClasses = Set<String>()
        for c in v.canonical {
            for code in c.gbt4754 { #expect(codes.contains(code), "\(c.id): GB/T 4754 code \(code) not in datasets/industries.csv") }
            for n in c.nodes { #expect(nodes.contains(n), "\(c.id): unknown node \(n)") }
            for ch in c.chains { #expect(chains.contains(ch), "\(c.id): unknown chain \(ch)") }
            for cls in c.listedIndustries {
                #expect(classes.contains(cls), "\(c.id): Tushare class \(cls) not in enterprises.csv")
                #expect(seenClasses.insert(cls).inserted, "Tushare class \(cls) mapped twice")
            }
            #expect(!c.nameZh.isEmpty && !c.nameEn.isEmpty)
        }
        // Every chain node belongs to at least one canonical industry, so every placed enterprise has one.
        let covered = Set(v.canonical.flatMap(\.nodes))
        #expect(nodes.subtracting(covered).isEmpty, "nodes without an industry: \(nodes.subtracting(covered).sorted())")
        // Every term row names only canonical ids (the loader throws otherwise) and says how it was mapped.
        #expect(v.entries.allSatisfy { $0.method == .unmapped ? $0.industries.isEmpty : !$0.industries.isEmpty })
    }

    static let inputsPresent = ["datasets/parks.csv", "models/industry_canonical.csv", "models/industry_synonyms.csv"]
        .allSatisfy { FileManager.default.fileExists(atPath: repositoryRoot + "/" + $0) }

    @Test(.enabled(if: inputsPresent, "skipped: the catalogue or the vocabulary tables are absent"))
    func committedFilesEqualARebuild() throws {
        let built = try RelatednessModel.build(from: Self.location, date: "1970-01-01")
        for file in built.files {
            let committed = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/" + file.path))
            if file.path.hasSuffix("provenance.json") {
                func withoutDate(_ d: Data) throws -> NSDictionary {
                    let o = try JSONSerialization.jsonObject(with: d) as! [String: Any]
                    return o.filter { $0.key != "date" } as NSDictionary
                }
                #expect(try withoutDate(committed) == withoutDate(file.data), "\(file.path) differs from a rebuild; run `chainmatch relatedness build`")
            } else {
                #expect(committed == file.data, "\(file.path) differs from a rebuild; run `chainmatch relatedness build`")
            }
        }
    }

    // MARK: Matrices and measures

    @Test func aggregatesAddUp() throws {
        let (datasets, v) = try load()
        let zones = PlaceIndustryMatrix.zones(datasets.parks, vocabulary: v)
        let prefectures = PlaceIndustryMatrix.prefectures(datasets.parks, vocabulary: v)
        let provinces = PlaceIndustryMatrix.provinces(datasets.parks, vocabulary: v)
        let total = zones.counts.storage.reduce(0, +)
        #expect(prefectures.counts.storage.reduce(0, +) == total)
        #expect(provinces.counts.storage.reduce(0, +) == total)
        #expect(provinces.places.count == 31)
        #expect(zones.presence.storage.allSatisfy { $0 == 0 || $0 == 1 })
        // 北京经济技术开发区: 汽车、电子信息、装备制造.
        let row = zones.places.firstIndex(of: "G111001")!
        let present = Set((0..<zones.industries.count).filter { zones.counts[row, $0] > 0 }.map { zones.industries[$0] })
        #expect(present == ["automotive", "electronics", "equipment"])
        let listed = PlaceIndustryMatrix.listedProvinces(datasets.enterprises, vocabulary: v)
        #expect(listed.counts.storage.reduce(0, +) > 4000)
        let measures = try RelatednessMeasures(provinces)
        #expect((0..<measures.proximity.rows).allSatisfy { measures.proximity[$0, $0] == 0 })
        #expect(measures.density.storage.allSatisfy { $0 >= 0 && $0 <= 1 + 1e-12 })
        #expect(measures.outlookGain.rows == 31)
    }

    @Test func prefectureAndProvinceRowsByHand() throws {
        func park(_ id: String, _ province: String, _ city: String, _ industries: [String]) -> Park {
            Park(id: id, catalogueCode: id, name: id, province: province, city: city, level: .provincial, type: "", approved: "",
                 firstApproved: "", areaHa: nil, areaMu: nil, leadingIndustries: industries, lon: nil, lat: nil,
                 geocodeQuality: "ok", geocodeLevel: "", coordinateSharedBy: 1, addressProvinceMismatch: false)
        }
        let canonical = ["a", "b"].map { CanonicalIndustry(id: $0, nameZh: $0, nameEn: $0, gbt4754: [], chains: [], nodes: [], listedIndustries: [], note: "") }
        let vocabulary = try IndustryVocabulary(canonical: canonical, entries: [
            VocabularyEntry(term: "甲", mentions: 3, normalised: "甲", industries: ["a"], method: .synonym, parts: []),
            VocabularyEntry(term: "乙", mentions: 2, normalised: "乙", industries: ["b"], method: .synonym, parts: []),
            VocabularyEntry(term: "甲乙", mentions: 1, normalised: "甲乙", industries: ["a", "b"], method: .compound, parts: ["甲", "乙"]),
        ])
        let parks = [park("z1", "青海省", "西宁", ["甲"]), park("z2", "青海省", "西宁", ["甲", "乙"]),
                     park("z3", "青海省", "海东", ["甲乙"]), park("z4", "甘肃省", "兰州", ["乙", "在建"])]
        let zones = PlaceIndustryMatrix.zones(parks, vocabulary: vocabulary)
        #expect(zones.counts == DoubleMatrix([[1, 0], [1, 1], [1, 1], [0, 1]]))
        let prefectures = PlaceIndustryMatrix.prefectures(parks, vocabulary: vocabulary)
        #expect(prefectures.places == ["甘肃省/兰州", "青海省/海东", "青海省/西宁"])
        #expect(prefectures.counts == DoubleMatrix([[0, 1], [1, 1], [2, 1]]))
        let provinces = PlaceIndustryMatrix.provinces(parks, vocabulary: vocabulary)
        #expect(provinces.counts == DoubleMatrix([[0, 1], [3, 2]]))   // 甘肃省, 青海省
        // RCA: 青海 a = (3/5)/(3/6) = 1.2 ≥ 1, b = (2/5)/(3/6) = 0.8; 甘肃 b = 1/(3/6) = 2.
        #expect(provinces.presence == DoubleMatrix([[0, 1], [1, 0]]))
        #expect(zones.presence == zones.counts)
    }

    @Test func learnedProximityIsLoadedBack() throws {
        let (datasets, v) = try load()
        let model = try RelatednessModel.load(from: Self.location, vocabulary: v)
        let zones = try RelatednessMeasures(PlaceIndustryMatrix.zones(datasets.parks, vocabulary: v))
        let maxError = zip(model.proximity.storage, zones.proximity.storage).map { abs($0 - $1) }.max() ?? 0
        #expect(maxError <= 5e-7)   // six decimals
    }

    // MARK: Backtest

    /// A small deterministic presence matrix with structure (blocks of co-occurring industries).
    static func synthetic(rows: Int = 60, columns: Int = 12, seed: UInt64 = 7) -> DoubleMatrix {
        var rng = SplitMix64(seed: seed)
        var m = DoubleMatrix(rows: rows, columns: columns)
        for r in 0..<rows {
            let block = Int(rng.next() % 3) * 4
            for i in block..<(block + 4) where rng.nextDouble() < 0.7 { m[r, i] = 1 }
            if rng.nextDouble() < 0.3 { m[r, Int(rng.next() % UInt64(columns))] = 1 }
        }
        return m
    }

    @Test func rankingMetricsByHand() {
        let items: [(score: Double, positive: Bool)] = [(0.9, true), (0.8, false), (0.7, true), (0.1, false)]
        #expect(RelatednessBacktest.rocAUC(items) == 0.75)
        #expect(abs(RelatednessBacktest.averagePrecision(items) - (1 + 2.0 / 3) / 2) < 1e-12)
        let tied: [(score: Double, positive: Bool)] = [(0.5, true), (0.5, false)]
        #expect(RelatednessBacktest.rocAUC(tied) == 0.5)
        #expect(RelatednessBacktest.averagePrecision(tied) == 0.5)
    }

    @Test func foldsCoverEligibleZonesOnceAndHideHalf() throws {
        let m = Self.synthetic()
        let units = RelatednessBacktest.industryUnits(presence: m)
        #expect(RelatednessBacktest.presence(units: units, industries: m.columns) == m)
        let folds = try RelatednessBacktest.folds(units: units, options: .init(folds: 4, seed: 3))
        let tested = folds.flatMap(\.testZones)
        let eligible = (0..<m.rows).filter { r in (0..<m.columns).filter { m[r, $0] > 0 }.count >= 2 }
        #expect(tested.sorted() == eligible)
        for fold in folds {
            for (z, zone) in fold.testZones.enumerated() {
                let present = (0..<m.columns).filter { m[zone, $0] > 0 }
                #expect(fold.hidden[z].count == max(1, present.count / 2))
                #expect((fold.hidden[z] + fold.kept[z]).sorted() == present)
            }
        }
    }

    @Test func termUnitsHideTogether() throws {
        // Zone 0 lists 纺织服装 (two industries) and 机械; hiding the term hides both of its industries.
        let units: [[[Int]]] = [[[0, 1], [2]], [[0], [1], [2], [3]], [[2], [2, 3]], [[0, 1]]]
        for seed in UInt64(1)...6 {
            let folds = try RelatednessBacktest.folds(units: units, options: .init(folds: 2, seed: seed))
            #expect(folds.flatMap(\.testZones).sorted() == [0, 1, 2])   // zone 3 has one term only
            for fold in folds {
                for (z, zone) in fold.testZones.enumerated() where zone == 0 {
                    #expect([[[0, 1]], [[2]]].contains([fold.hidden[z]]))
                    #expect(!(fold.kept[z].contains(0) && fold.hidden[z].contains(1)))   // no sibling left behind
                }
                for (z, zone) in fold.testZones.enumerated() where zone == 2 {
                    // Hiding [2] keeps [2, 3]: industry 2 is still given by a kept term, so nothing is hidden.
                    #expect(Set(fold.hidden[z]).isSubset(of: [3]))
                }
            }
        }
    }

    @Test func backtestIsDeterministicForASeed() throws {
        let units = RelatednessBacktest.industryUnits(presence: Self.synthetic())
        let a = try RelatednessBacktest.run(units: units, industries: 12, unit: .industries, options: .init(folds: 3, seed: 11))
        let b = try RelatednessBacktest.run(units: units, industries: 12, unit: .industries, options: .init(folds: 3, seed: 11))
        let c = try RelatednessBacktest.run(units: units, industries: 12, unit: .industries, options: .init(folds: 3, seed: 12))
        #expect(a == b)
        #expect(a != c)
        #expect(a.density.rocAUC > a.random.rocAUC)   // the blocks are learnable
    }

    @Test func cooccurrenceByHand() throws {
        // Industries 0 and 1 co-occur in one of two zones with 0; 2 sits alone.
        let m = DoubleMatrix([[1, 1, 0], [1, 0, 0], [0, 0, 1]])
        let c = try RelatednessBacktest.cooccurrence(presence: m)
        // Zone 1 has industry 0: P(1 | 0) = 1/2, P(2 | 0) = 0. Zone 0 has 0 and 1: P(0 | 1) = 1 for industry 0.
        #expect(c[1, 1] == 0.5 && c[1, 2] == 0)
        #expect(c[0, 0] == 1 && c[0, 1] == 0.5)
    }

    @Test func backtestDoesNotLeakHiddenUnits() throws {
        let m = Self.synthetic()
        // Pair industries into two-industry terms so that siblings exist.
        let units: [[[Int]]] = (0..<m.rows).map { r in
            let present = (0..<m.columns).filter { m[r, $0] > 0 }
            return stride(from: 0, to: present.count, by: 2).map { Array(present[$0..<min($0 + 2, present.count)]) }
        }
        let full = RelatednessBacktest.presence(units: units, industries: m.columns)
        let folds = try RelatednessBacktest.folds(units: units, options: .init(folds: 3, seed: 5))
        for fold in folds {
            let train = RelatednessBacktest.training(full, fold: fold)
            for (zone, hidden) in zip(fold.testZones, fold.hidden) { #expect(hidden.allSatisfy { train[zone, $0] == 0 }) }
            // Scores from the full matrix equal scores from a matrix where the hidden units were never there.
            let withHidden = try RelatednessBacktest.scores(presence: full, fold: fold, seed: 1)
            let blind = try RelatednessBacktest.scores(presence: train, fold: fold, seed: 1)
            for scorer in RelatednessBacktest.Scorer.allCases where !scorer.needsContext {
                let x = withHidden[scorer]!, y = blind[scorer]!
                #expect(x.count == y.count)
                for (p, q) in zip(x, y) { #expect(p.map(\.industry) == q.map(\.industry) && p.map(\.score) == q.map(\.score)) }
            }
            for (z, hidden) in fold.hidden.enumerated() {
                #expect(Set(hidden).isSubset(of: Set(withHidden[.density]![z].map(\.industry))))
            }
        }
    }

    @Test func relatednessAgainstPopularityOnTheRealCatalogue() throws {
        let (datasets, v) = try load()
        let zones = PlaceIndustryMatrix.zones(datasets.parks, vocabulary: v)
        // Hiding single industries (a term such as 冶金 leaves its sibling 有色金属 behind when 钢铁 is hidden):
        // density beats popularity on PR-AUC by about a quarter and on precision@10 by a hair.
        let byIndustry = try RelatednessBacktest.run(units: RelatednessBacktest.industryUnits(presence: zones.presence),
                                                     industries: v.ids.count, unit: .industries, options: .init(folds: 5, seed: 1))
        #expect(byIndustry.zones > 2300)
        #expect(byIndustry.density.prAUC > byIndustry.popularity.prAUC * 1.15, "PR-AUC density \(byIndustry.density.prAUC) vs popularity \(byIndustry.popularity.prAUC)")
        #expect(byIndustry.density.precisionAt10 > byIndustry.popularity.precisionAt10)
        // Hiding whole catalogue terms (no sibling left behind): co-occurrence relatedness beats popularity on
        // every ranking measure; density does not (see README, Relatedness).
        let byTerm = try RelatednessBacktest.run(units: RelatednessBacktest.termUnits(datasets.parks, vocabulary: v),
                                                 industries: v.ids.count, unit: .terms, options: .init(folds: 5, seed: 1))
        #expect(byTerm.zones > 2200)
        #expect(byTerm.cooccurrence.rocAUC > byTerm.popularity.rocAUC)
        #expect(byTerm.cooccurrence.prAUC > byTerm.popularity.prAUC * 1.3)
        #expect(byTerm.cooccurrence.precisionAt10 > byTerm.popularity.precisionAt10)
        #expect(byTerm.density.rocAUC > 0.7 && byTerm.random.rocAUC < 0.55)
    }

    // MARK: Scoring

    @Test func relatednessBlockInARealRanking() throws {
        let engine = try Recommender.load(from: Self.location)
        let index = try #require(engine.relatedness)
        #expect(engine.layout.relatednessIDs == index.ids)
        let campaign = try engine.campaign(named: "qh-golmud-salt-lake-lithium")
        // The Golmud zone lists 盐湖化工、新能源、冶金.
        let present = Set(index.presentIndustries(park: campaign.parkID, province: campaign.province).map { index.ids[$0] })
        #expect(present == ["salt_chemicals", "steel", "nonferrous", "new_energy"])
        let list = try engine.rank([campaign], top: 50)[0]
        let start = engine.layout.range(of: .relatedness).lowerBound
        // The campaign side: 1 for the zone's own industries within the campaign's theme, the uptake
        // probability for the theme's other industries, 0 outside the theme.
        let side = try index.campaignSide(campaign, taxonomy: engine.models.taxonomy)
        let uptake = try index.uptake(park: campaign.parkID, province: campaign.province)
        for (i, v) in side.enumerated() {
            #expect(v == 0 || v == uptake[i])
            if present.contains(index.ids[i]) { #expect(uptake[i] == 1) } else { #expect(uptake[i] >= 0 && uptake[i] < 1) }
        }
        #expect(side[index.vocabulary.index["salt_chemicals"]!] == 1)
        let onTheme = list.results.filter { r in
            side.indices.contains { side[$0] > 0 && engine.encoding.features[r.row, start + $0] > 0 }
        }
        #expect(!onTheme.isEmpty)
        for r in onTheme { #expect(r.breakdown[.relatedness] > 0, "\(r.enterprise.name) has no relatedness credit") }
        // Enterprise rows stay within unit length in the block.
        for row in 0..<engine.encoding.features.rows {
            let norm = engine.layout.range(of: .relatedness).reduce(Float(0)) { $0 + engine.encoding.features[row, $1] * engine.encoding.features[row, $1] }
            #expect(norm <= 1.0001)
        }
        // The reason sentence names the industry and what the park has of it.
        let first = try #require(onTheme.first)
        let x = engine.layout.range(of: .relatedness).map { engine.encoding.features[first.row, $0] }
        let reason = try #require(index.reason(x: x, campaign: campaign, taxonomy: engine.models.taxonomy))
        let named = index.vocabulary.index[reason.industry]!
        #expect(abs(reason.uptake - Double(uptake[named])) < 1e-6)
        // The industry named is one the campaign side credits, and the one with the largest credit.
        #expect(side[named] > 0)
        #expect(side.indices.allSatisfy { x[$0] * side[$0] <= x[named] * side[named] })
        let sentence = index.sentence(reason, chinese: true)
        #expect(sentence.hasPrefix("产业关联：") && sentence.unicodeScalars.allSatisfy { !($0.properties.isAlphabetic && $0.isASCII) }, "\(sentence)")
        #expect(index.reason(x: [Float](repeating: 0, count: index.ids.count), campaign: campaign, taxonomy: engine.models.taxonomy) == nil)
        // A province-only campaign reads the province row.
        let density = index.density(park: nil, province: "青海省")
        #expect(density.count == index.ids.count && density.contains { $0 > 0 })
    }
}
