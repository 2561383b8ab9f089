import Foundation

/// One canonical industry of the controlled vocabulary (`models/industry_canonical.csv`).
public struct CanonicalIndustry: Equatable, Sendable, Codable {
    public var id: String
    public var nameZh: String
    public var nameEn: String
    /// GB/T 4754-2017 codes (may be empty for categories the standard lacks, such as 新材料).
    public var gbt4754: [String]
    /// Chain ids of `models/chains.json` the industry belongs to.
    public var chains: [String]
    /// Chain-node ids whose activity counts as this industry.
    public var nodes: [String]
    /// Tushare `industry` classes of listed companies that belong to this industry.
    public var listedIndustries: [String]
    public var note: String
}

/// How a catalogue term was mapped to canonical industries.
public enum VocabularyMethod: String, Sendable, CaseIterable, Codable {
    /// The normalised term is a canonical industry's Chinese name.
    case exact
    /// The term is in the curated synonym table as a synonym.
    case synonym
    /// The term is in the synonym table, mapped by judgement (a broader or ambiguous term).
    case judgement
    /// The term splits mechanically into known forms and fillers (及, 加工, 制品 …).
    case compound
    /// No mapping: the term is too generic (加工, 制造) or not an industry (在建).
    case unmapped
}

/// One catalogue term (主导产业 word) and the canonical industries it maps to.
public struct VocabularyEntry: Equatable, Sendable, Codable {
    public var term: String
    /// Times the term appears in the catalogue (zone–industry mentions).
    public var mentions: Int
    public var normalised: String
    /// Canonical industry ids, in vocabulary order.
    public var industries: [String]
    public var method: VocabularyMethod
    /// For a compound term, the known forms it was split into.
    public var parts: [String]
}
