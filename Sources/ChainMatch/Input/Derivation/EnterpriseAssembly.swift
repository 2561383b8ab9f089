import Foundation

extension EnterprisesDerivation {
    /// The enterprises being assembled from the sources, the indexes the record matcher joins through
    /// and the statistics the README reports. `derive` runs one loader per source in turn, then assigns
    /// ids, parents and ownership (`rows`).
    ///
    /// ```swift
    /// let assembly = try Assembly(sharedData: "../shared/data")
    /// try assembly.loadListed()              // A-shares first: the later lists join to them
    /// assembly.entities.count
    /// ```
    final class Assembly {
        typealias Entity = EnterprisesDerivation.Entity
        typealias Match = EnterprisesDerivation.Match
        typealias RevenueCandidate = EnterprisesDerivation.RevenueCandidate

        let sharedData: String
        let admin: AdminLookup
        var entities: [Entity] = []
        var byCode: [String: Entity] = [:]
        var cleanIndex: [String: [Entity]] = [:]     // exact cleaned legal names
        var keyIndex: [String: [Entity]] = [:]       // normalised keys of legal names
        var listedKeyIndex: [String: [Entity]] = [:] // normalised keys of A-share short names
        var counts: [String: Int] = [:]
        var doubtful: [Match] = []
        var matchKinds: [String: [String: Int]] = [:]
        /// New Beijing code → the code it replaced.
        var oldForNew: [String: String] = [:]
        /// SASAC order → the central SOE group.
        var groups: [Int: Entity] = [:]
        var unmatchedYangqi: [String] = []
        var subsidiaryDuplicates: [String] = []
        var subsidiaryCodesMissing: [String] = []
        var provinceFixes: [String] = []
        var placeholderRevenues: [String] = []
        var ownershipConflicts: [String] = []
        var provinceConflicts: [String] = []

        init(sharedData: String) throws {
            self.sharedData = sharedData
            admin = try AdminLookup(sharedData: sharedData)
        }

        /// Indexes `e` under a legal name, exactly and normalised (once each).
        func index(_ e: Entity, legalName: String) {
            let clean = Derive.cleanName(legalName), key = Derive.nameKey(legalName)
            if !(cleanIndex[clean]?.contains { $0 === e } ?? false) { cleanIndex[clean, default: []].append(e) }
            if !(keyIndex[key]?.contains { $0 === e } ?? false) { keyIndex[key, default: []].append(e) }
        }
    }
}
