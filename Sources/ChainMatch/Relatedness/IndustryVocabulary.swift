import Foundation

/// The controlled industry vocabulary: canonical industries and the mapping of every catalogue term.
///
/// ```swift
/// let vocabulary = try IndustryVocabulary.load(from: DataLocation.resolve())
/// vocabulary.industries(for: "汽车及零部件")     // [index of "automotive"]
/// vocabulary.coverage.mentionShare             // share of zone–industry mentions mapped
/// ```
///
/// Three files under `models/`: `industry_canonical.csv` (curated: canonical industries with names,
/// GB/T 4754 codes, chains, nodes and Tushare classes), `industry_synonyms.csv` (curated: surface
/// forms → canonical ids with a basis, synonym or judgement), and `industry_vocabulary.csv`, generated
/// from the catalogue by `IndustryVocabularyBuilder` (`chainmatch relatedness build`): every raw term,
/// its mentions, the canonical ids and the method that mapped it.
public struct IndustryVocabulary: Sendable, Codable {
    public static let canonicalFile = "industry_canonical.csv"
    public static let synonymsFile = "industry_synonyms.csv"
    public static let vocabularyFile = "industry_vocabulary.csv"

    public let canonical: [CanonicalIndustry]
    public let entries: [VocabularyEntry]
    public let index: [String: Int]
    private let byTerm: [String: [Int]]
    /// Canonical industry ids in column order (kept, not mapped on each use: reasons read it per listed place).
    public let ids: [String]

    public init(canonical: [CanonicalIndustry], entries: [VocabularyEntry]) throws {
        self.canonical = canonical
        self.entries = entries
        ids = canonical.map(\.id)
        var index: [String: Int] = [:]
        for (i, c) in canonical.enumerated() { index[c.id] = i }
        self.index = index
        var byTerm: [String: [Int]] = [:]
        for e in entries {
            byTerm[e.term] = try e.industries.map { id in
                guard let i = index[id] else {
                    throw ChainMatchError.unknownReference(SourceLocation(file: Self.vocabularyFile, field: e.term), kind: "canonical industry", id: id)
                }
                return i
            }
        }
        self.byTerm = byTerm
    }


    /// Canonical industry indices for a raw catalogue term (empty when unmapped or unknown).
    public func industries(for term: String) -> [Int] { byTerm[term] ?? [] }

    /// Loads the canonical table and the generated vocabulary from `models/`.
    public static func load(from location: DataLocation) throws -> IndustryVocabulary {
        let canonical = try readCanonical(path: location.models + "/" + canonicalFile)
        let entries = try readEntries(path: location.models + "/" + vocabularyFile)
        return try IndustryVocabulary(canonical: canonical, entries: entries)
    }

    /// Whether the vocabulary files are present under `location`.
    public static func isPresent(at location: DataLocation) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: location.models + "/" + canonicalFile) && fm.fileExists(atPath: location.models + "/" + vocabularyFile)
    }

    static func list(_ text: String) -> [String] { text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }

    public static func readCanonical(path: String) throws -> [CanonicalIndustry] {
        let table = try CSVReader.read(path: path)
        let cols = try ["industry_id", "name_zh", "name_en", "gbt4754", "chains", "nodes", "listed_industries", "note"].map { try table.column($0) }
        var seen = Set<String>()
        return try table.rows.enumerated().map { r, row in
            let id = row[cols[0]]
            guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
                throw ChainMatchError.badData(table.location(row: r, column: cols[0]), "industry id must be lowercase ascii, got '\(id)'")
            }
            guard seen.insert(id).inserted else { throw ChainMatchError.badData(table.location(row: r, column: cols[0]), "duplicate industry id '\(id)'") }
            guard !row[cols[1]].isEmpty, !row[cols[2]].isEmpty else {
                throw ChainMatchError.badData(table.location(row: r, column: cols[1]), "industry '\(id)' needs name_zh and name_en")
            }
            return CanonicalIndustry(id: id, nameZh: row[cols[1]], nameEn: row[cols[2]], gbt4754: list(row[cols[3]]),
                                     chains: list(row[cols[4]]), nodes: list(row[cols[5]]), listedIndustries: list(row[cols[6]]), note: row[cols[7]])
        }
    }

    public static let vocabularyHeader = ["term", "mentions", "normalised", "industries", "industries_zh", "industries_en", "method", "parts", "chains", "nodes", "gbt4754"]

    public static func readEntries(path: String) throws -> [VocabularyEntry] {
        let table = try CSVReader.read(path: path)
        let cols = try ["term", "mentions", "normalised", "industries", "method", "parts"].map { try table.column($0) }
        return try table.rows.enumerated().map { r, row in
            guard let mentions = Int(row[cols[1]]), mentions >= 0 else {
                throw ChainMatchError.badData(table.location(row: r, column: cols[1]), "mentions must be a count, got '\(row[cols[1]])'")
            }
            guard let method = VocabularyMethod(rawValue: row[cols[4]]) else {
                throw ChainMatchError.badData(table.location(row: r, column: cols[4]), "unknown method '\(row[cols[4]])'")
            }
            let industries = list(row[cols[3]])
            if (method == .unmapped) != industries.isEmpty {
                throw ChainMatchError.badData(table.location(row: r, column: cols[3]), "method \(method.rawValue) with industries '\(row[cols[3]])'")
            }
            return VocabularyEntry(term: row[cols[0]], mentions: mentions, normalised: row[cols[2]], industries: industries,
                                   method: method, parts: row[cols[5]].split(separator: "+").map(String.init))
        }
    }

    /// Coverage of the catalogue: mentions and distinct terms mapped.
    public struct Coverage: Equatable, Sendable {
        public var mentions: Int
        public var mappedMentions: Int
        public var terms: Int
        public var mappedTerms: Int
        public var mentionsByMethod: [VocabularyMethod: Int]
        public var mentionShare: Double { mentions == 0 ? 0 : Double(mappedMentions) / Double(mentions) }
        public var termShare: Double { terms == 0 ? 0 : Double(mappedTerms) / Double(terms) }
    }

    public var coverage: Coverage {
        var c = Coverage(mentions: 0, mappedMentions: 0, terms: entries.count, mappedTerms: 0, mentionsByMethod: [:])
        for e in entries {
            c.mentions += e.mentions
            c.mentionsByMethod[e.method, default: 0] += e.mentions
            if !e.industries.isEmpty { c.mappedMentions += e.mentions; c.mappedTerms += 1 }
        }
        return c
    }

    /// Canonical industry indices per Tushare class.
    public var listedClassIndustries: [String: Int] {
        var out: [String: Int] = [:]
        for (i, c) in canonical.enumerated() { for cls in c.listedIndustries { out[cls] = i } }
        return out
    }

    /// Canonical industry indices per chain node.
    public var nodeIndustries: [String: [Int]] {
        var out: [String: [Int]] = [:]
        for (i, c) in canonical.enumerated() { for n in c.nodes { out[n, default: []].append(i) } }
        return out
    }
}

/// Builds `industry_vocabulary.csv` from the catalogue's raw terms, the canonical table and the
/// curated synonym table. The mechanical part is here: normalisation and splitting into known forms.
///
/// A term is normalised (spaces dropped, full-width letters and digits folded, a trailing 产业 or 行业
/// removed), then looked up: a synonym-table form (method synonym or judgement, as the table says),
/// else a canonical Chinese name (exact), else split greedily, longest match first, into known forms
/// and fillers (及, 和, 加工, 制品, 配套 …); when nothing but known forms and fillers remain, the term
/// maps to the union of its forms' industries (compound). Otherwise it stays unmapped.
public struct IndustryVocabularyBuilder: Sendable {
    public struct Synonym: Equatable, Sendable {
        public var form: String
        public var industries: [String]
        public var method: VocabularyMethod
        public var note: String
    }

    /// Words that carry no industry of their own inside a compound term.
    public static let fillers = ["精深加工", "深加工", "精加工", "加工", "酿造", "制造", "制品", "产品", "及", "和", "与", "配套", "生产", "开发",
                                 "研发", "应用", "综合利用", "利用", "一体化", "零部件", "零配件", "配件", "销售", "产业", "工业", "采选"]

    public let canonical: [CanonicalIndustry]
    public let synonyms: [Synonym]
    private let forms: [String: (industries: [String], method: VocabularyMethod)]
    private let maxFormLength: Int

    public init(canonical: [CanonicalIndustry], synonyms: [Synonym]) throws {
        self.canonical = canonical
        self.synonyms = synonyms
        let ids = Set(canonical.map(\.id))
        var forms: [String: (industries: [String], method: VocabularyMethod)] = [:]
        for c in canonical { forms[Self.normalise(c.nameZh)] = ([c.id], .exact) }
        for s in synonyms {
            for id in s.industries where !ids.contains(id) {
                throw ChainMatchError.unknownReference(SourceLocation(file: IndustryVocabulary.synonymsFile, field: s.form), kind: "canonical industry", id: id)
            }
            forms[Self.normalise(s.form)] = (s.industries, s.method)   // the curated table wins over a name
        }
        self.forms = forms
        maxFormLength = max(forms.keys.map(\.count).max() ?? 1, Self.fillers.map(\.count).max() ?? 1)
    }

    public static func load(from location: DataLocation) throws -> IndustryVocabularyBuilder {
        let canonical = try IndustryVocabulary.readCanonical(path: location.models + "/" + IndustryVocabulary.canonicalFile)
        let path = location.models + "/" + IndustryVocabulary.synonymsFile
        let table = try CSVReader.read(path: path)
        let cols = try ["form", "industries", "basis", "note"].map { try table.column($0) }
        var seen = Set<String>()
        let synonyms = try table.rows.enumerated().map { r, row -> Synonym in
            let form = row[cols[0]]
            guard !form.isEmpty, seen.insert(normalise(form)).inserted else {
                throw ChainMatchError.badData(table.location(row: r, column: cols[0]), "empty or duplicate form '\(form)'")
            }
            guard let method = VocabularyMethod(rawValue: row[cols[2]]), method == .synonym || method == .judgement else {
                throw ChainMatchError.badData(table.location(row: r, column: cols[2]), "basis must be synonym or judgement, got '\(row[cols[2]])'")
            }
            let ids = IndustryVocabulary.list(row[cols[1]])
            guard !ids.isEmpty else { throw ChainMatchError.badData(table.location(row: r, column: cols[1]), "no industries for '\(form)'") }
            return Synonym(form: form, industries: ids, method: method, note: row[cols[3]])
        }
        return try IndustryVocabularyBuilder(canonical: canonical, synonyms: synonyms)
    }

    /// Spaces dropped, full-width ASCII folded, a trailing 产业 / 行业 removed.
    public static func normalise(_ term: String) -> String {
        var scalars = String.UnicodeScalarView()
        for s in term.unicodeScalars {
            if s.properties.isWhitespace || s.value == 0x3000 { continue }
            if (0xFF01...0xFF5E).contains(s.value), let folded = Unicode.Scalar(s.value - 0xFEE0) { scalars.append(folded) } else { scalars.append(s) }
        }
        var t = String(scalars)
        for suffix in ["产业", "行业"] where t.hasSuffix(suffix) && t.count > suffix.count + 1 { t.removeLast(suffix.count) }
        return t
    }

    /// Maps one raw term.
    public func map(_ term: String) -> (normalised: String, industries: [String], method: VocabularyMethod, parts: [String]) {
        let t = Self.normalise(term)
        if let f = forms[t] { return (t, order(f.industries), f.method, []) }
        // Greedy longest match of known forms and fillers.
        let chars = Array(t)
        var i = 0
        var parts: [String] = []
        var ids: [String] = []
        let fillers = Set(Self.fillers)
        while i < chars.count {
            var matched = false
            for length in stride(from: min(maxFormLength, chars.count - i), through: 1, by: -1) {
                let piece = String(chars[i..<(i + length)])
                if let f = forms[piece] {
                    parts.append(piece); ids += f.industries; i += length; matched = true; break
                }
                if fillers.contains(piece) { i += length; matched = true; break }
            }
            if !matched { return (t, [], .unmapped, []) }
        }
        if parts.isEmpty { return (t, [], .unmapped, []) }
        return (t, order(ids), .compound, parts)
    }

    /// Unique ids in canonical order.
    private func order(_ ids: [String]) -> [String] {
        let set = Set(ids)
        return canonical.map(\.id).filter { set.contains($0) }
    }

    /// The vocabulary for a catalogue: every distinct term, most mentioned first (ties by term).
    public func build(parks: [Park]) throws -> IndustryVocabulary {
        var mentions: [String: Int] = [:]
        for p in parks { for t in p.leadingIndustries where !t.isEmpty { mentions[t, default: 0] += 1 } }
        let terms = mentions.keys.sorted { mentions[$0]! != mentions[$1]! ? mentions[$0]! > mentions[$1]! : $0 < $1 }
        let entries = terms.map { term -> VocabularyEntry in
            let m = map(term)
            return VocabularyEntry(term: term, mentions: mentions[term]!, normalised: m.normalised, industries: m.industries, method: m.method, parts: m.parts)
        }
        return try IndustryVocabulary(canonical: canonical, entries: entries)
    }
}

extension IndustryVocabulary {
    /// `industry_vocabulary.csv` bytes: UTF-8 with BOM, one row per term, canonical details repeated for reading.
    public func csv() -> Data {
        let byID = Dictionary(uniqueKeysWithValues: canonical.map { ($0.id, $0) })
        let rows = entries.map { e -> [String] in
            let cs = e.industries.compactMap { byID[$0] }
            func union(_ f: (CanonicalIndustry) -> [String]) -> String {
                var seen = Set<String>(); var out: [String] = []
                for c in cs { for v in f(c) where seen.insert(v).inserted { out.append(v) } }
                return out.joined(separator: ";")
            }
            return [e.term, String(e.mentions), e.normalised, e.industries.joined(separator: ";"), cs.map(\.nameZh).joined(separator: ";"), cs.map(\.nameEn).joined(separator: ";"),
                    e.method.rawValue, e.parts.joined(separator: "+"), union(\.chains), union(\.nodes), union(\.gbt4754)]
        }
        return CSVWriter.encode(header: Self.vocabularyHeader, rows: rows, neutralizeFormulas: false)
    }
}
