import ChainMatch
import Foundation

let relatednessBuildCommand = Command(
    name: "relatedness build",
    summary: "rebuild the industry vocabulary and the learned proximity (models/relatedness/)",
    discussion: """
    Maps every leading-industry term of datasets/parks.csv to canonical industries (models/industry_canonical.csv,
    models/industry_synonyms.csv), writes models/industry_vocabulary.csv, learns the industry proximity from the
    zone × industry matrix and writes models/relatedness/{proximity.csv,industries.csv,provenance.json}.
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
