import Foundation
import Testing
@testable import ChainMatch

/// Paths the bundled-model tests read, found from this file's location.
enum TestPaths {
    /// The repository root: this file is `Tests/ChainMatchTests/Domain/ModelTests.swift`.
    static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let models = root + "/models"
    /// Shared raw data next to the checkout, present on development machines only.
    static let tushare = root + "/../shared/data/listed/stock_basic_2025-04.csv"
    static let global500 = root + "/../shared/data/global500/global500_2024_zh.csv"
    /// The cleaned GB/T 4754-2017 table another part of the project adds to `datasets/`.
    static let industries = root + "/datasets/industries.csv"

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// One column of a small UTF-8 CSV (quotes respected, BOM dropped), by header name.
    static func column(_ name: String, of path: String) throws -> [String] {
        guard var text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var rows = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { splitCSVLine(String($0)) }
        guard !rows.isEmpty, let c = rows.removeFirst().firstIndex(of: name) else { return [] }
        return rows.compactMap { c < $0.count ? $0[c] : nil }
    }

    static func splitCSVLine(_ line: String) -> [String] {
        var fields: [String] = [], field = "", quoted = false
        var chars = line.makeIterator()
        while let ch = chars.next() {
            if quoted {
                if ch == "\"" { quoted = false } else { field.append(ch) }
            } else if ch == "\"" {
                quoted = true
            } else if ch == "," {
                fields.append(field); field = ""
            } else if ch != "\r" {
                field.append(ch)
            }
        }
        fields.append(field)
        return fields
    }
}

@Suite struct TaxonomyModelTests {
    let taxonomy: ChainTaxonomy

    init() throws {
        taxonomy = try ModelReader.readTaxonomy(path: TestPaths.models + "/chains.json")
    }

    @Test func bundledTaxonomyIsLargeEnough() {
        #expect(taxonomy.chains.count >= 15)
        #expect(taxonomy.nodes.count >= 120)
        #expect(taxonomy.linkCount >= 200)
        #expect(taxonomy.chains.allSatisfy { !$0.nodeIDs.isEmpty && !$0.policy.isEmpty })
    }

    @Test func everyLinkResolvesAndNoneIsASelfLoop() {
        let ids = Set(taxonomy.nodes.map(\.id))
        #expect(ids.count == taxonomy.nodes.count)
        for node in taxonomy.nodes {
            for up in node.upstream {
                #expect(ids.contains(up), "\(node.id) ← \(up)")
                #expect(up != node.id)
            }
        }
    }

    @Test func adjacencyMatchesLinks() throws {
        let a = taxonomy.adjacency()
        #expect(a.rows == taxonomy.nodes.count && a.columns == taxonomy.nodes.count)
        #expect(Int(a.storage.reduce(0, +)) == taxonomy.linkCount)
        let carbonate = try #require(taxonomy.nodeIndex["li.carbonate"])
        let cathode = try #require(taxonomy.nodeIndex["li.cathode"])
        #expect(a[carbonate, cathode] == 1)
        #expect(a[cathode, carbonate] == 0)
        for i in 0..<a.rows { #expect(a[i, i] == 0) }
    }

    @Test func chainsTheBriefNamesArePresent() {
        for id in ["li", "pv", "al", "sl", "h2", "dc", "cc", "nf", "re", "bio", "agri", "pl", "tour", "lg", "rc", "eq", "fc", "hq"] {
            #expect(taxonomy.chain(id) != nil, "missing chain \(id)")
        }
        for id in ["li.brine", "li.carbonate", "li.cathode", "li.anode", "li.electrolyte", "li.separator", "li.cell", "li.pack",
                   "li.ess", "li.ev", "li.recycling", "pv.metal_si", "pv.polysilicon", "pv.wafer", "pv.cell", "pv.module",
                   "pv.station", "al.smelting", "cc.carbide", "cc.pvc", "cc.pva", "cc.bdo", "cc.olefins", "cc.carbon",
                   "nf.nickel_cobalt", "h2.green", "dc.idc", "bio.ethnic", "agri.wine", "pl.yak", "pl.barley", "pl.goji"] {
            #expect(taxonomy.node(id) != nil, "missing node \(id)")
        }
    }

    @Test func everyNodeIsMappedAndDocumented() {
        for n in taxonomy.nodes {
            #expect(!n.gbt4754.isEmpty, "\(n.id) has no GB/T 4754 code")
            #expect(n.gbt4754.allSatisfy(ChainTaxonomy.isWellFormedGBT4754), "\(n.id)")
            #expect(!n.keywords.isEmpty, "\(n.id) has no keywords")
            #expect(n.id.hasPrefix(n.chain + "."), "\(n.id) is not named after its chain \(n.chain)")
            for text in [n.basis.land, n.basis.energy, n.basis.water, n.basis.twoHigh] {
                #expect(!text.isEmpty)
            }
        }
    }

    @Test func keywordsAvoidBankAndRealEstateWords() {
        let generic = ["银行", "地产", "置业", "证券", "保险", "投资", "控股", "集团", "科技", "发展", "实业", "建设"]
        for n in taxonomy.nodes {
            for k in n.keywords {
                #expect(!generic.contains(where: { k.contains($0) }), "\(n.id) keyword '\(k)' is too generic")
            }
        }
    }

    @Test(.enabled(if: TestPaths.exists(TestPaths.industries),
                   "datasets/industries.csv is absent: GB/T 4754 codes checked for shape only"))
    func gbtCodesExistInTheIndustryTable() throws {
        var known = Set<String>()
        for name in ["code", "gbt4754", "gbt_code"] {
            known.formUnion(try TestPaths.column(name, of: TestPaths.industries))
        }
        try #require(!known.isEmpty, "datasets/industries.csv has no code column")
        // The table may store codes with or without the section letter.
        let digitsOnly = Set(known.map { String($0.drop { $0.isLetter }) })
        for n in taxonomy.nodes {
            for code in n.gbt4754 {
                #expect(known.contains(code) || digitsOnly.contains(String(code.dropFirst())), "\(n.id): \(code) not in datasets/industries.csv")
            }
        }
    }

    @Test(.enabled(if: TestPaths.exists(TestPaths.tushare),
                   "../shared/data/listed/stock_basic_2025-04.csv is absent: Tushare class strings not checked"))
    func listedIndustriesAreRealTushareClasses() throws {
        let classes = Set(try TestPaths.column("industry", of: TestPaths.tushare)).subtracting([""])
        #expect(classes.count > 100)
        for n in taxonomy.nodes {
            for c in n.listedIndustries {
                #expect(classes.contains(c), "\(n.id): '\(c)' is not a Tushare industry class")
            }
        }
    }

    @Test func everyNeedsNumberSaysItIsJudgement() {
        // No needs number is a table lookup yet; a sourced value must replace "judgement" with its source.
        for n in taxonomy.nodes {
            for (key, text) in [("land", n.basis.land), ("energy", n.basis.energy), ("water", n.basis.water)] {
                #expect(text.hasPrefix("judgement") || text.hasPrefix("source:"), "\(n.id).basis.\(key) names no source and is not marked judgement")
            }
        }
    }

    @Test(.enabled(if: TestPaths.exists(TestPaths.tushare),
                   "../shared/data/listed/stock_basic_2025-04.csv is absent: keyword hits on banks and real estate not checked"))
    func keywordsHitNoListedBankOrRealEstateCompany() throws {
        let names = try TestPaths.column("name", of: TestPaths.tushare)
        let classes = try TestPaths.column("industry", of: TestPaths.tushare)
        let excluded: Set<String> = ["银行", "全国地产", "区域地产", "房产服务", "证券", "保险", "多元金融"]
        let keywords = Set(taxonomy.nodes.flatMap(\.keywords))
        for (name, cls) in zip(names, classes) where excluded.contains(cls) {
            let hits = keywords.filter { name.contains($0) }
            #expect(hits.isEmpty, "\(name) (\(cls)) matches keywords \(hits.sorted())")
        }
    }

    @Test(.enabled(if: TestPaths.exists(TestPaths.global500),
                   "../shared/data/global500/global500_2024_zh.csv is absent: Global 500 industries not checked"))
    func global500IndustriesAreRealStrings() throws {
        let industries = Set(try TestPaths.column("industry_zh", of: TestPaths.global500))
        #expect(industries.count > 40)
        for n in taxonomy.nodes {
            for c in n.global500Industries {
                #expect(industries.contains(c), "\(n.id): '\(c)' is not a Global 500 industry")
            }
        }
    }

    @Test func bundledFileRejectsAnInjectedUnknownKey() throws {
        let path = TestPaths.models + "/chains.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let anchor = "\"id\": \"li.cathode\","
        #expect(text.contains(anchor))
        let broken = text.replacingOccurrences(of: anchor, with: anchor + " \"stgae\": \"midstream\",")
        do {
            _ = try ModelReader.parseTaxonomy(data: Data(broken.utf8), file: "models/chains.json")
            Issue.record("expected an error")
        } catch let error as ChainMatchError {
            #expect(error.description.contains("nodes[li.cathode].stgae"))
            let line = text.components(separatedBy: "\n").firstIndex { $0.contains(anchor) }.map { $0 + 1 }
            #expect(error.description.contains("models/chains.json:\(line ?? -1):"))
        }
    }
}

@Suite struct ProfileAndPriorModelTests {
    @Test func bundledProfilesLoadWithNonNegativeWeights() throws {
        let profiles = try ModelReader.readProfiles(folder: TestPaths.models + "/profiles")
        #expect(profiles.map(\.name) == ["balanced", "chain-first", "green-power", "headquarters", "resource-led"])
        for p in profiles {
            for (key, w) in p.namedWeights { #expect(w >= 0 && w.isFinite, "\(p.name).\(key) = \(w)") }
            let blockSum = p.blocks.chain + p.blocks.endowment + p.blocks.relatedness + p.blocks.profile
            #expect(abs(blockSum - 1) < 1e-9, "\(p.name) block weights sum to \(blockSum)")
            #expect(!p.descriptionZh.isEmpty && !p.descriptionEn.isEmpty)
        }
    }

    @Test func bundledPriorCoversAllProvincesWithinUnitInterval() throws {
        let taxonomy = try ModelReader.readTaxonomy(path: TestPaths.models + "/chains.json")
        let prior = try ModelReader.readPrior(path: TestPaths.models + "/endowment_prior.json", resources: taxonomy.resources)
        #expect(prior.provinces.count == 31)
        #expect(Set(prior.provinces) == Set(EndowmentPrior.mainlandProvinces))
        let priorResources = taxonomy.resources.filter { $0.source == .prior }.map(\.id)
        #expect(Set(prior.resources) == Set(priorResources))
        for province in prior.provinces {
            for r in priorResources {
                let v = try #require(prior.value(province: province, resource: r), "\(province) lacks \(r)")
                #expect((0...1).contains(v), "\(province).\(r) = \(v)")
                if v >= ModelReader.priorBasisThreshold {
                    #expect(!(prior.basis(province: province, resource: r) ?? "").isEmpty)
                }
            }
        }
        #expect(prior.value(province: "青海省", resource: "lithium") == 1)
        #expect(prior.value(province: "甘肃省", resource: "nickel_cobalt") == 1)
        #expect(prior.value(province: "内蒙古自治区", resource: "rare_earth") == 1)
    }

    @Test func priorRejectsOutOfRangeValuesAndUnknownProvinces() throws {
        let taxonomy = try ModelReader.readTaxonomy(path: TestPaths.models + "/chains.json")
        let text = try String(contentsOfFile: TestPaths.models + "/endowment_prior.json", encoding: .utf8)
        let tooBig = text.replacingOccurrences(of: "\"lithium\": 1.0", with: "\"lithium\": 1.5")
        #expect(tooBig != text)
        do {
            _ = try ModelReader.parsePrior(data: Data(tooBig.utf8), file: "prior.json", resources: taxonomy.resources)
            Issue.record("expected an error")
        } catch let error as ChainMatchError {
            #expect(error.description.contains("[0, 1]"))
        }
        let renamed = text.replacingOccurrences(of: "\"内蒙古自治区\"", with: "\"内蒙古\"")
        #expect(throws: ChainMatchError.self) {
            try ModelReader.parsePrior(data: Data(renamed.utf8), file: "prior.json", resources: taxonomy.resources)
        }
        let extra = text.replacingOccurrences(of: "\"kind\": \"prior\",", with: "\"kind\": \"prior\", \"measured\": true,")
        do {
            _ = try ModelReader.parsePrior(data: Data(extra.utf8), file: "prior.json", resources: taxonomy.resources)
            Issue.record("expected an error")
        } catch let error as ChainMatchError {
            #expect(error.description.contains("measured"))
        }
    }

    @Test func wholeModelsFolderLoadsFromADataLocation() throws {
        let models = try ModelReader.load(from: DataLocation(root: TestPaths.root))
        #expect(models.taxonomy.nodes.count >= 120)
        #expect(models.profiles.count == 5)
        #expect(models.profile("balanced")?.spill.alpha == 1)
        #expect(models.prior.provinces.count == 31)
    }
}
