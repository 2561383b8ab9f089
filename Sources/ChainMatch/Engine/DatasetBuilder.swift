import Foundation

/// Rebuilds `datasets/*.csv` and `datasets/README.md` from the raw public sources.
///
/// ```swift
/// let report = try DatasetBuilder.build(sharedData: "../shared/data", outputDatasets: "datasets")
/// print(report.summary)   // enterprises 6575 · parks 2543 · regions 31 · industries 1958
/// ```
///
/// The output is deterministic: the same sources give the same bytes. Files are UTF-8 with a
/// byte-order mark and LF line endings (see `CSVWriter`), rows sorted by their id, numbers in fixed
/// formatting. Cells are written as data (no formula neutralisation: numbers such as "-0.5" and names
/// must read back unchanged). Each file is replaced atomically; on an error nothing is half-written.
public enum DatasetBuilder {
    /// Counts of what was built, for printing.
    public struct BuildReport: Sendable, Equatable {
        public var enterprises: Int
        public var parks: Int
        public var regions: Int
        public var industries: Int
        /// Named join and quality statistics (the same figures as in datasets/README.md).
        public var statistics: [String: Int]
        public var files: [String]

        public var summary: String {
            "enterprises \(enterprises) · parks \(parks) · regions \(regions) · industries \(industries)"
        }
    }

    public static let fileNames = ["enterprises.csv", "parks.csv", "regions.csv", "industries.csv", "README.md"]

    /// Derives every dataset from `sharedData` (the folder holding zones/, listed/, …) and writes them
    /// into `outputDatasets`. Throws `.missingInput` when a source file is absent and `.badData` naming
    /// file, line and field when a source value cannot be used.
    public static func build(sharedData: String, outputDatasets: String) throws -> BuildReport {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: sharedData, isDirectory: &isDir), isDir.boolValue else {
            throw ChainMatchError.missingInput(path: sharedData, "raw source folder not found")
        }
        let enterprises = try EnterprisesDerivation.derive(sharedData: sharedData)
        let parks = try ParksDerivation.derive(sharedData: sharedData)
        let regions = try RegionsDerivation.derive(sharedData: sharedData)
        let industries = try IndustriesDerivation.derive(sharedData: sharedData)

        let outputs: [(String, Data)] = [
            ("enterprises.csv", CSVWriter.encode(header: EnterprisesDerivation.header, rows: enterprises.rows, neutralizeFormulas: false)),
            ("parks.csv", CSVWriter.encode(header: ParksDerivation.header, rows: parks.rows, neutralizeFormulas: false)),
            ("regions.csv", CSVWriter.encode(header: RegionsDerivation.header, rows: regions.rows, neutralizeFormulas: false)),
            ("industries.csv", CSVWriter.encode(header: IndustriesDerivation.header, rows: industries.rows, neutralizeFormulas: false)),
            ("README.md", Data(DatasetReadme.render(enterprises: enterprises, parks: parks, regions: regions, industries: industries).utf8)),
        ]
        for (name, data) in outputs { try AtomicFile.write(data, to: outputDatasets + "/" + name) }
        var stats = enterprises.counts
        stats["parks_address_province_mismatch"] = parks.mismatches
        stats["parks_shared_points"] = parks.sharedPoints
        stats["parks_on_shared_points"] = parks.sharedRows
        stats["doubtful_matches"] = enterprises.doubtful.count
        return BuildReport(enterprises: enterprises.rows.count, parks: parks.rows.count, regions: regions.rows.count,
                           industries: industries.rows.count, statistics: stats, files: outputs.map(\.0))
    }
}
