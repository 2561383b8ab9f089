import ChainMatch
import Foundation

let relatednessBuildCommand = Command(
    name: "relatedness build",
    summary: "rebuild the industry vocabulary, the learned proximity and the uptake model (models/relatedness/)",
    discussion: """
    Maps every leading-industry term of datasets/parks.csv to canonical industries (models/industry_canonical.csv,
    models/industry_synonyms.csv), writes models/industry_vocabulary.csv, learns the industry proximity from the
    zone × industry matrix, fits the uptake model (logistic regression on zone × industry pair features) and
    writes models/relatedness/{proximity.csv,industries.csv,pair_model.csv,provenance.json}.
    """,
    options: [
        OptionSpec("--date", value: "YYYY-MM-DD", help: "build date recorded in provenance.json (default: today, UTC)"),
        OptionSpec("--dry-run", help: "report coverage without writing files"),
    ]
) { args, context in
    let location = try context.dataLocation()
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd"
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.locale = Locale(identifier: "en_US_POSIX")
    let date = args.string("--date") ?? formatter.string(from: Date())
    let built = try RelatednessModel.build(from: location, date: date)
    let c = built.vocabulary.coverage
    print(String(format: "vocabulary: %d terms, %d mapped (%.1f%%); %d mentions, %d mapped (%.2f%%); %d canonical industries",
                 c.terms, c.mappedTerms, 100 * c.termShare, c.mentions, c.mappedMentions, 100 * c.mentionShare, built.vocabulary.canonical.count))
    for m in VocabularyMethod.allCases { print("  \(m.rawValue): \(c.mentionsByMethod[m] ?? 0) mentions") }
    if context.verbose {
        for e in built.vocabulary.entries where e.method == .unmapped { context.detail("unmapped: \(e.term) (\(e.mentions))") }
    }
    if !args.flag("--dry-run") {
        try built.write(to: location)
        for f in built.files { print("wrote \(f.path) (\(f.data.count) bytes)") }
    }
    return 0
}

let relatednessShowCommand = Command(
    name: "relatedness show",
    summary: "a park's or province's industries, densities and outlook gains (产业关联)",
    discussion: """
    Lists the industries the place has (a park: its approved leading industries; a province: RCA ≥ 1 over its
    zones), then the industries it lacks by density ω — how much of each industry's neighbourhood it already
    has — with the complexity outlook gain of adding it.
    """,
    options: [
        OptionSpec("--park", value: "ID", help: "park id (catalogue code, e.g. G631211)"),
        OptionSpec("--province", value: "NAME", help: "province (full name, e.g. 青海省) when no park is given"),
        OptionSpec("--top", value: "N", help: "absent industries to list", defaultValue: "10"),
        OptionSpec("--format", value: "FORMAT", help: "table or json", defaultValue: "table"),
    ]
) { args, context in
    let park = args.string("--park"), province = args.string("--province")
    guard park != nil || province != nil else { throw ChainMatchError.usage("relatedness show needs --park ID or --province NAME") }
    let top = try args.int("--top", in: 0...1000)!
    let format = try args.choice("--format", ["table", "json"])!
    let location = try context.dataLocation()
    let datasets = try Datasets.load(from: location)
    guard let index = try RelatednessIndex.load(from: location, parks: datasets.parks) else {
        throw ChainMatchError.missingInput(path: location.models + "/" + IndustryVocabulary.vocabularyFile, "no industry vocabulary; run 'chainmatch relatedness build'")
    }
    let profile = try index.profile(park: park, province: province)
    let present = profile.rows.filter(\.present)
    let absent = profile.rows.filter { !$0.present }.prefix(top)
    let name = park.flatMap { id in datasets.parks.first { $0.id == id }?.name } ?? profile.place
    if format == "json" {
        var data = try CommandReports.relatedness(place: profile.place, name: name, present: present, candidates: Array(absent))
        data.append(0x0A)
        FileHandle.standardOutput.write(data)
        return 0
    }
    print("\(name)  [\(profile.place)]")
    print("已有产业 present: " + present.map { $0.industry.nameZh }.joined(separator: "、"))
    var t = TextTable(header: ["#", "产业 industry", "English", "关联度 ω", "复杂度增益 COG"], rightAligned: [0, 3, 4])
    for (i, r) in absent.enumerated() {
        t.append([String(i + 1), r.industry.nameZh, r.industry.nameEn, String(format: "%.3f", r.density), String(format: "%.3f", r.outlookGain)])
    }
    print(t.render(), terminator: "")
    return 0
}
