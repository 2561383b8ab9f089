import Foundation

/// Reads a bureau's pipeline file against the data and campaigns, and builds its report.
///
/// ```swift
/// let report = try PipelineReview.report(path: "pipeline.csv", location: DataLocation.resolve(),
///                                        asOf: CalendarDay(iso: "2026-06-30"))
/// let text = PipelineReportWriter.text(report)
/// ```
///
/// The file is checked strictly (`PipelineReader`): its campaign ids against the campaigns in
/// `campaignsFolder` (default: the bundled ones), its enterprise ids against `datasets/enterprises.csv`
/// (or `enterprisesPath`). Each campaign's city is its park's, from `datasets/parks.csv`.
public enum PipelineReview {
    public static func report(path: String, location: DataLocation, campaignsFolder: String? = nil, enterprisesPath: String? = nil,
                              asOf: CalendarDay? = nil, campaign: String? = nil) throws -> PipelineReport {
        let dir = location.datasets
        let parks = try DatasetReader.parks(CSVReader.read(path: dir + "/parks.csv"))
        let parksByID = Dictionary(parks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let models = try ModelReader.load(from: location)
        let campaigns = try CampaignReader.readAll(folder: campaignsFolder ?? dir + "/campaigns", models: models, parks: parksByID)
        let enterprises = try DatasetReader.enterprises(CSVReader.read(path: enterprisesPath ?? dir + "/enterprises.csv"), checkingParents: false)
        var file = try PipelineReader.read(path: path, campaigns: Set(campaigns.map(\.id)), enterprises: Set(enterprises.map(\.id)))
        if let campaign {
            guard campaigns.contains(where: { $0.id == campaign }) else {
                let hint = ArgumentParser.closest(to: campaign, among: campaigns.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
                throw ChainMatchError.usage("--campaign: no campaign '\(campaign)'\(hint)")
            }
            file.entries = file.entries.filter { $0.campaignID == campaign }
        }
        return PipelineReport(file: file, places: PipelineReport.places(campaigns: campaigns, parks: parksByID), asOf: asOf)
    }
}
