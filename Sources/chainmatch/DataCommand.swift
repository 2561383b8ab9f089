import ChainMatch
import Foundation

let dataBuildCommand = Command(
    name: "data build",
    summary: "rebuild datasets/*.csv and datasets/README.md from the raw public sources",
    discussion: """
    Reads the raw copies (zones/, listed/, global500/, china500/, central_soe/, gbt4754/, admin_divisions/,
    power_gdp_population/) and writes enterprises.csv, parks.csv, regions.csv, industries.csv and README.md.
    The output is deterministic: the same sources give the same bytes. Each file is replaced atomically.
    """,
    options: [
        OptionSpec("--sources", value: "DIR", help: "folder with the raw sources (default: ../shared/data next to the data root)"),
        OptionSpec("--output", value: "DIR", help: "folder to write the datasets into (default: datasets/ under the data root)"),
    ]
) { args, context in
    let explicitSources = args.string("--sources"), explicitOutput = args.string("--output")
    let root = (explicitSources == nil || explicitOutput == nil) ? try context.dataLocation() : nil
    let sources = explicitSources ?? URL(fileURLWithPath: root!.root + "/../shared/data").standardizedFileURL.path
    let output = explicitOutput ?? root!.datasets
    context.detail("sources: \(sources)\noutput:  \(output)")
    let start = Date()
    let report = try DatasetBuilder.build(sharedData: sources, outputDatasets: output)
    print(report.summary)
    context.detail(report.statistics.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }.joined(separator: "\n"))
    context.note(String(format: "wrote %@ to %@ in %.2f s", report.files.joined(separator: ", "), output, Date().timeIntervalSince(start)))
    return 0
}

let dataCheckCommand = Command(
    name: "data check",
    summary: "load and validate datasets/*.csv and the placement tables, print row counts",
    discussion: """
    Every cell is checked (provinces, numbers, ids, references); the first problem is reported with file, line and
    field. The placement tables in models/evidence/, datasets/gold_lists.csv and gold_judged.csv must name enterprises that exist,
    under their names in datasets/enterprises.csv.
    """
) { _, context in
    let location = try context.dataLocation()
    let start = Date()
    let data = try Datasets.load(from: location)
    let models = try ModelReader.load(from: location)
    try PlacementModelReader.check(models.placement, against: data.enterprises,
                                   folder: location.models + "/" + PlacementModelReader.folder)
    let gold = try ListEvaluation.readReviewed(path: location.datasets + "/" + ListEvaluation.reviewedFile, enterprises: data.enterprises)
    _ = try ListEvaluation.readJudged(path: location.datasets + "/" + ListEvaluation.judgedFile, enterprises: data.enterprises)
    let parksByID = Dictionary(data.parks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let campaigns = try CampaignReader.readAll(folder: location.datasets + "/campaigns", models: models, parks: parksByID)
    print("enterprises \(data.enterprises.count) · parks \(data.parks.count) · regions \(data.regions.count) · industries \(data.industries.count) · campaigns \(campaigns.count)")
    for campaign in campaigns {
        for note in CampaignReader.contradictions(campaign, taxonomy: models.taxonomy) { print("note: " + note) }
    }
    print("placement: \(models.placement.shenwan.count) Shenwan industries · \(models.placement.concepts.count) concept boards · "
        + "\(models.placement.products.count) reviewed firms (\(models.placement.productsComplete.count) in full) · \(models.placement.nameTerms.count) name terms · "
        + "\(models.placement.leaders.count) chain leaders · \(models.placement.groupLinks.count) group links · gold lists for \(gold.count) campaigns")
    context.detail(String(format: "loaded %@ in %.1f ms", location.datasets, Date().timeIntervalSince(start) * 1000))
    return 0
}
