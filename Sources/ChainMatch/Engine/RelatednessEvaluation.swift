import Foundation

/// `chainmatch evaluate relatedness`: the zone backtest on the bundled catalogue plus the listed-company
/// cross-check, rendered as text or JSON.
///
/// ```swift
/// let evaluation = try RelatednessEvaluation.run(location: DataLocation.resolve(), options: .init(folds: 5, seed: 1))
/// print(evaluation.text())
/// ```
public struct RelatednessEvaluation: Sendable {
    public var report: RelatednessBacktest.Report
    public var coverage: IndustryVocabulary.Coverage
    /// Zones in the catalogue (rows of the matrix), tested or not.
    public var catalogueZones: Int
    public var listedCrossCheck: (pairs: Int, positives: Int, rocAUC: Double)

    public static func run(location: DataLocation, options: RelatednessBacktest.Options, unit: RelatednessBacktest.Unit = .terms) throws -> RelatednessEvaluation {
        let datasets = try Datasets.load(from: location)
        let vocabulary = try IndustryVocabulary.load(from: location)
        let zones = PlaceIndustryMatrix.zones(datasets.parks, vocabulary: vocabulary)
        let units = unit == .terms ? RelatednessBacktest.termUnits(datasets.parks, vocabulary: vocabulary)
                                   : RelatednessBacktest.industryUnits(presence: zones.presence)
        let report = try RelatednessBacktest.run(units: units, industries: vocabulary.ids.count, unit: unit, options: options,
                                                context: ZoneContext(parks: datasets.parks))
        let provinces = try RelatednessMeasures(PlaceIndustryMatrix.provinces(datasets.parks, vocabulary: vocabulary),
                                                proximity: EconomicComplexity.proximity(presence: zones.presence))
        let listed = PlaceIndustryMatrix.listedProvinces(datasets.enterprises, vocabulary: vocabulary)
        return RelatednessEvaluation(report: report, coverage: vocabulary.coverage, catalogueZones: zones.places.count,
                                     listedCrossCheck: RelatednessBacktest.listedCrossCheck(catalogue: provinces, listed: listed))
    }

    static func r(_ v: Double) -> Double { (v * 10_000).rounded() / 10_000 }

    public func json() throws -> Data {
        var object: [String: Any] = [
            "folds": report.options.folds, "seed": report.options.seed, "hide_fraction": report.options.hideFraction,
            "hide": report.unit.rawValue, "zones": report.zones, "unchanged_zones": report.unchangedZones, "catalogue_zones": catalogueZones, "industries": report.industries,
            "hidden_pairs": report.hiddenPairs, "candidate_pairs": report.candidatePairs, "base_rate": Self.r(report.baseRate),
            "vocabulary_mention_coverage": Self.r(coverage.mentionShare),
            "listed_crosscheck": ["pairs": listedCrossCheck.pairs, "positives": listedCrossCheck.positives, "roc_auc": Self.r(listedCrossCheck.rocAUC)],
        ]
        for s in report.scorers { object[s.rawValue] = report.metrics(s)!.dictionary.mapValues(Self.r) }
        if report.metrics(.density) != nil && report.metrics(.popularity) != nil { object["by_training_size"] = report.byTrainingSize.map {
            ["kept": $0.kept, "or_more": $0.kept == report.byTrainingSize.last?.kept, "zones": $0.zones,
             "density_roc_auc": Self.r($0.densityROCAUC), "popularity_roc_auc": Self.r($0.popularityROCAUC)] as [String: Any]
        } }
        var data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        data.append(0x0A)
        return data
    }

    public func text() -> String {
        var lines = [
            "relatedness backtest: \(report.options.folds) folds by zone, seed \(report.options.seed), hide \(Int(report.options.hideFraction * 100))% of each test zone's \(report.unit == .terms ? "catalogue terms" : "industries") (rounded down)",
            "zones tested \(report.zones) of \(catalogueZones) (\(report.unchangedZones) more hid only industries they keep); industries \(report.industries); hidden pairs \(report.hiddenPairs) among \(report.candidatePairs) candidates (base rate \(String(format: "%.4f", report.baseRate)))",
            "",
        ]
        var t = TextTable(header: ["scorer", "ROC-AUC", "zone AUC", "PR-AUC", "P@5", "P@10", "R@10"])
        for s in report.scorers {
            let m = report.metrics(s)!
            t.append([s.rawValue] + [m.rocAUC, m.rocAUCZoneMean, m.prAUC, m.precisionAt5, m.precisionAt10, m.recallAt10].map { String(format: "%.4f", $0) })
        }
        lines.append(t.render())
        if report.metrics(.density) != nil && report.metrics(.popularity) != nil {
            lines.append("ROC-AUC by industries left in the test zone's training row (density / popularity):")
        }
        for st in report.byTrainingSize where report.metrics(.density) != nil && report.metrics(.popularity) != nil {
            lines.append(String(format: "  %d%@: %d zones, %.4f / %.4f", st.kept, st.kept == report.byTrainingSize.last?.kept ? "+" : "", st.zones, st.densityROCAUC, st.popularityROCAUC))
        }
        lines.append(String(format: "listed-company cross-check: province density vs listed RCA ≥ 1 on %d new pairs (%d positive): ROC-AUC %.4f",
                            listedCrossCheck.pairs, listedCrossCheck.positives, listedCrossCheck.rocAUC))
        return lines.joined(separator: "\n") + "\n"
    }
}
