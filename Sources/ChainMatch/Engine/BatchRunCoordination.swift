import Foundation

/// A coordinated run's reports: per province, `coordination-<province>.txt`, `.csv`, `.json`, `.html` (and
/// `.xlsx` with workbooks), named in the manifest with their SHA-256.
extension BatchRunWriter {
    /// The manifest's record of a coordinated run (absent from runs that were not coordinated).
    public struct CoordinationEntry: Codable, Equatable, Sendable {
        public var max_campaigns: Int
        public var provinces: [ProvinceEntry]
    }

    public struct ProvinceEntry: Codable, Equatable, Sendable {
        public var province: String
        /// The campaigns ranked together, in run order.
        public var campaigns: [String]
        public var reports: [ReportFile]
    }

    public struct ReportFile: Codable, Equatable, Sendable {
        public var name: String
        public var sha256: String
    }

    /// The province's report files, in the language of the run's reasons.
    static func reportFiles(_ r: ProvinceCoordination, workbooks: Bool, language: Reasons.Language) throws -> [(name: String, data: Data)] {
        let base = "coordination-" + r.province
        try checkFileName(base)
        var files: [(name: String, data: Data)] = [
            (base + ".txt", Data(CoordinationWriter.text(r, language: language).utf8)),
            (base + ".csv", CoordinationWriter.csv(r)),
            (base + ".json", try CoordinationWriter.json(r)),
            (base + ".html", Data(CoordinationPage.page(r, language: language).utf8)),
        ]
        if workbooks { files.append((base + ".xlsx", try XLSXWriter.data(CoordinationWorkbook.workbook(r, language: language)))) }
        return files
    }

    /// The reports' files and the manifest entry naming them; refuses a report whose name a list already has.
    static func coordinationFiles(_ coordination: (maxCampaigns: Int, reports: [ProvinceCoordination]), listNames: Set<String>,
                                  workbooks: Bool, language: Reasons.Language) throws -> (files: [(name: String, data: Data)], entry: CoordinationEntry) {
        var files: [(name: String, data: Data)] = []
        var provinces: [ProvinceEntry] = []
        for report in coordination.reports {
            let own = try reportFiles(report, workbooks: workbooks, language: language)
            if let clash = own.first(where: { listNames.contains($0.name) }) {
                throw ChainMatchError.badData(SourceLocation(file: "campaign \(clash.name)"), "a campaign's list has the name of a coordination report; rename the campaign")
            }
            files += own
            provinces.append(ProvinceEntry(province: report.province, campaigns: report.lists.map(\.campaign.id),
                                           reports: own.map { ReportFile(name: $0.name, sha256: SHA256.digest($0.data).hex) }))
        }
        return (files, CoordinationEntry(max_campaigns: coordination.maxCampaigns, provinces: provinces))
    }

    /// The manifest's coordination record, read strictly; nil when the run was not coordinated.
    static func readCoordination(_ m: StrictJSONObject) throws -> CoordinationEntry? {
        guard m.has("coordination") else { return nil }
        let c = try m.object("coordination")
        return CoordinationEntry(
            max_campaigns: try c.wholeNumber("max_campaigns", in: 1...Int.max),
            provinces: try c.objects("provinces", labelKey: "province").map { p in
                ProvinceEntry(province: try p.string("province"), campaigns: try p.strings("campaigns"),
                              reports: try p.objects("reports", labelKey: "name").map { f in
                                  ReportFile(name: try f.string("name"), sha256: try f.string("sha256"))
                              })
            })
    }
}
