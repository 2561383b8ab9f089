import Foundation

/// Reads and validates the placement tables in `models/evidence/` (see `PlacementModel`).
///
/// ```swift
/// let placement = try PlacementModelReader.read(folder: "models/evidence", taxonomy: taxonomy)
/// placement.nameTerms.count
/// ```
///
/// Each file must have exactly its header; every node and chain must exist in the taxonomy, every
/// role and specificity be one of the known words, every basis be non-empty, no (key, node) pair
/// appear twice, a name term have at least two characters and a leader's nodes belong to its chain.
/// Errors name the file, line, column and field.
public enum PlacementModelReader {
    public static let folder = "evidence"
    public static let shenwanFile = "shenwan_nodes.csv"
    public static let conceptFile = "concept_nodes.csv"
    public static let nameTermFile = "name_terms.csv"
    public static let productFile = "products.csv"
    public static let productsCompleteFile = "products_complete.csv"
    public static let leaderFile = "chain_leaders.csv"
    public static let groupLinkFile = "group_links.csv"

    static let headers: [String: [String]] = [
        shenwanFile: ["sw_l3_code", "sw_l3_name", "node", "role", "specificity", "basis"],
        conceptFile: ["board", "node", "role", "specificity", "basis"],
        nameTermFile: ["term", "node", "role", "specificity", "not_inside", "basis"],
        productFile: ["enterprise_id", "name", "node", "role", "specificity", "basis"],
        productsCompleteFile: ["enterprise_id", "name", "basis"],
        leaderFile: ["chain", "enterprise_id", "name", "nodes", "basis"],
        groupLinkFile: ["group_id", "group_name", "member_id", "member_name", "basis"],
    ]

    /// Reads the seven tables from `folder`.
    public static func read(folder: String, taxonomy: ChainTaxonomy) throws -> PlacementModel {
        let t = Tables(folder: folder, nodes: Dictionary(taxonomy.nodes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }),
                       chains: Set(taxonomy.chains.map(\.id)))
        let products = try t.keyed(productFile, key: "enterprise_id")
        return PlacementModel(shenwan: try t.keyed(shenwanFile, key: "sw_l3_code"), concepts: try t.keyed(conceptFile, key: "board"),
                              nameTerms: try t.nameTerms(), products: products, productsComplete: try t.complete(products: products),
                              leaders: try t.leaders(), groupLinks: try t.groupLinks())
    }

    /// One folder's tables, read with the checks every table shares (header, known nodes, roles and
    /// specificities, non-empty basis).
    struct Tables {
        let folder: String
        let nodes: [String: ChainNode]
        let chains: Set<String>

        func table(_ file: String) throws -> (CSVTable, [String: Int]) {
            let t = try CSVReader.read(path: folder + "/" + file)
            let want = headers[file]!
            guard t.header == want else {
                throw ChainMatchError.badData(SourceLocation(file: t.path, line: 1), "header must be \(want.joined(separator: ",")), got \(t.header.joined(separator: ","))")
            }
            return (t, Dictionary(uniqueKeysWithValues: want.enumerated().map { ($1, $0) }))
        }
        func cell(_ t: CSVTable, _ c: [String: Int], _ row: Int, _ name: String, required: Bool = true) throws -> String {
            let value = t.rows[row][c[name]!].trimmingCharacters(in: .whitespaces)
            if required && value.isEmpty { throw ChainMatchError.badData(t.location(row: row, column: c[name]!), "empty \(name)") }
            return value
        }
        func rule(_ t: CSVTable, _ c: [String: Int], _ row: Int) throws -> PlacementModel.Rule {
            let node = try cell(t, c, row, "node")
            guard nodes[node] != nil else {
                throw ChainMatchError.unknownReference(t.location(row: row, column: c["node"]!), kind: "chain node", id: node)
            }
            let roleText = try cell(t, c, row, "role")
            guard let role = PlacementModel.Role(rawValue: roleText) else {
                throw ChainMatchError.badData(t.location(row: row, column: c["role"]!), "unknown role '\(roleText)' (want producer, supplier or customer)")
            }
            let specText = try cell(t, c, row, "specificity")
            guard let spec = PlacementModel.Specificity(rawValue: specText) else {
                throw ChainMatchError.badData(t.location(row: row, column: c["specificity"]!), "unknown specificity '\(specText)' (want exact, partial or broad)")
            }
            return PlacementModel.Rule(node: node, role: role, specificity: spec, basis: try cell(t, c, row, "basis"))
        }
        func keyed(_ file: String, key: String) throws -> [String: [PlacementModel.Rule]] {
            let (t, c) = try table(file)
            var result: [String: [PlacementModel.Rule]] = [:]
            for row in t.rows.indices {
                let k = try cell(t, c, row, key)
                let r = try rule(t, c, row)
                if result[k]?.contains(where: { $0.node == r.node }) ?? false {
                    throw ChainMatchError.badData(t.location(row: row, column: c["node"]!), "'\(k)' → \(r.node) appears twice")
                }
                result[k, default: []].append(r)
            }
            return result
        }

        func complete(products: [String: [PlacementModel.Rule]]) throws -> Set<String> {
            var complete = Set<String>()
            let (t, c) = try table(productsCompleteFile)
            for row in t.rows.indices {
                let id = try cell(t, c, row, "enterprise_id")
                guard products[id] != nil else {
                    throw ChainMatchError.badData(t.location(row: row, column: c["enterprise_id"]!), "\(id) has no rows in \(productFile): its products cannot replace its class")
                }
                guard complete.insert(id).inserted else {
                    throw ChainMatchError.badData(t.location(row: row, column: c["enterprise_id"]!), "\(id) appears twice")
                }
                _ = try cell(t, c, row, "basis")
            }
            return complete
        }

        func nameTerms() throws -> [PlacementModel.NameTerm] {
            var terms: [PlacementModel.NameTerm] = []
            let (t, c) = try table(nameTermFile)
            var seen = Set<String>()
            for row in t.rows.indices {
                let term = try cell(t, c, row, "term")
                guard term.unicodeScalars.count >= 2 else {
                    throw ChainMatchError.badData(t.location(row: row, column: c["term"]!), "a name term needs at least two characters, got '\(term)'")
                }
                let r = try rule(t, c, row)
                guard seen.insert(term + "\u{0}" + r.node).inserted else {
                    throw ChainMatchError.badData(t.location(row: row, column: c["term"]!), "'\(term)' → \(r.node) appears twice")
                }
                let notInside = try cell(t, c, row, "not_inside", required: false).split(separator: ";").map(String.init)
                for word in notInside where !word.contains(term) {
                    throw ChainMatchError.badData(t.location(row: row, column: c["not_inside"]!), "'\(word)' does not contain the term '\(term)'")
                }
                terms.append(PlacementModel.NameTerm(term: term, rule: r, notInside: notInside))
            }
            return terms
        }

        func leaders() throws -> [PlacementModel.ChainLeader] {
            var leaders: [PlacementModel.ChainLeader] = []
            let (t, c) = try table(leaderFile)
            var seen = Set<String>()
            for row in t.rows.indices {
                let chain = try cell(t, c, row, "chain")
                guard chains.contains(chain) else {
                    throw ChainMatchError.unknownReference(t.location(row: row, column: c["chain"]!), kind: "chain", id: chain)
                }
                let id = try cell(t, c, row, "enterprise_id")
                guard seen.insert(chain + "\u{0}" + id).inserted else {
                    throw ChainMatchError.badData(t.location(row: row, column: c["enterprise_id"]!), "\(id) is listed twice for chain \(chain)")
                }
                let leaderNodes = try cell(t, c, row, "nodes").split(separator: ";").map(String.init)
                for n in leaderNodes where nodes[n]?.chain != chain {
                    throw ChainMatchError.badData(t.location(row: row, column: c["nodes"]!),
                                                  nodes[n] == nil ? "unknown chain node '\(n)'" : "node \(n) is not in chain \(chain)")
                }
                leaders.append(PlacementModel.ChainLeader(chain: chain, enterpriseID: id, name: try cell(t, c, row, "name"),
                                                         nodes: leaderNodes, basis: try cell(t, c, row, "basis")))
            }
            return leaders
        }

        func groupLinks() throws -> [PlacementModel.GroupLink] {
            var links: [PlacementModel.GroupLink] = []
            let (t, c) = try table(groupLinkFile)
            var members = Set<String>()
            for row in t.rows.indices {
                let member = try cell(t, c, row, "member_id"), group = try cell(t, c, row, "group_id")
                guard member != group else {
                    throw ChainMatchError.badData(t.location(row: row, column: c["member_id"]!), "an enterprise cannot be its own group")
                }
                guard members.insert(member).inserted else {
                    throw ChainMatchError.badData(t.location(row: row, column: c["member_id"]!), "\(member) is linked to a group twice")
                }
                links.append(PlacementModel.GroupLink(groupID: group, groupName: try cell(t, c, row, "group_name"), memberID: member,
                                                      memberName: try cell(t, c, row, "member_name"), basis: try cell(t, c, row, "basis")))
            }
            return links
        }
    }

    /// Checks the enterprise ids and names the tables quote against an enterprise set: every product row,
    /// leader and group link must name an enterprise that exists, under its name in the set.
    public static func check(_ placement: PlacementModel, against enterprises: [Enterprise], folder: String) throws {
        let byID = Dictionary(enterprises.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for file in [productFile, productsCompleteFile] {
            let table = try CSVReader.read(path: folder + "/" + file)
            let (pid, pname) = (try table.column("enterprise_id"), try table.column("name"))
            for (i, row) in table.rows.enumerated() {
                guard let e = byID[row[pid]] else { throw ChainMatchError.unknownReference(table.location(row: i, column: pid), kind: "enterprise", id: row[pid]) }
                guard e.name == row[pname] else { throw ChainMatchError.badData(table.location(row: i, column: pname), "\(row[pid]) is '\(e.name)', not '\(row[pname])'") }
            }
        }
        for (i, l) in placement.leaders.enumerated() {
            let at = SourceLocation(file: folder + "/" + leaderFile, line: i + 2, field: "enterprise_id")
            guard let e = byID[l.enterpriseID] else { throw ChainMatchError.unknownReference(at, kind: "enterprise", id: l.enterpriseID) }
            guard e.name == l.name else { throw ChainMatchError.badData(at, "\(l.enterpriseID) is '\(e.name)', not '\(l.name)'") }
        }
        for (i, g) in placement.groupLinks.enumerated() {
            for (id, name, field) in [(g.groupID, g.groupName, "group_id"), (g.memberID, g.memberName, "member_id")] {
                let at = SourceLocation(file: folder + "/" + groupLinkFile, line: i + 2, field: field)
                guard let e = byID[id] else { throw ChainMatchError.unknownReference(at, kind: "enterprise", id: id) }
                guard e.name == name else { throw ChainMatchError.badData(at, "\(id) is '\(e.name)', not '\(name)'") }
            }
        }
    }
}
