import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ChainMatch

@Suite struct ReportTests {
    final class Collector: NSObject, XMLParserDelegate {
        var text = ""
        var error: Error?
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }
    }

    @Test func htmlIsWellFormedAndListsEveryEnterprise() throws {
        let engine = try BundledEngine.get()
        let campaign = try engine.campaign(named: "qh-golmud-salt-lake-lithium")
        let list = try engine.rank([campaign])[0]
        let scenario = Scenario(name: "更多用地 <&> \"quoted\"")
        var changed = scenario
        changed.landMu = 10_000
        let whatIf = try engine.whatIf(campaign: campaign, scenario: changed)
        let html = HTMLReport.page(list: list, chainMap: try engine.chainMap(campaign: campaign), whatIf: whatIf)
        // Parse as XML after dropping the doctype line.
        let body = html.split(separator: "\n", maxSplits: 1)[1]
        let parser = XMLParser(data: Data(body.utf8))
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "\(String(describing: collector.error))")
        for r in list.results { #expect(collector.text.contains(r.enterprise.name)) }
        #expect(collector.text.contains("更多用地 <&> \"quoted\""))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"))
    }

    @Test func csvRoundTripsWithBOMAndNeutralisedCells() throws {
        let engine = try BundledEngine.get()
        var list = try engine.rank([try engine.campaign(named: "yn-kunming-biomedicine")])[0]
        list.results[0].enterprise.name = "=HYPERLINK(\"x\")"
        list.results[1].enterprise.name = "@SUM(1,2)"
        let data = RankingWriter.csv(list)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let table = try CSVReader.parse(data, path: "list.csv")
        #expect(table.header == RankingWriter.csvHeader)
        #expect(table.rows.count == list.results.count)
        let nameColumn = try table.column("name")
        #expect(table.rows[0][nameColumn] == "'=HYPERLINK(\"x\")")
        #expect(table.rows[1][nameColumn] == "'@SUM(1,2)")
        #expect(table.rows[2][nameColumn] == list.results[2].enterprise.name)
        let reasons = try table.column("reasons")
        #expect(table.rows[2][reasons] == list.results[2].reasons.joined(separator: "\n"))
    }

    @Test func terminalTableAlignsChineseText() {
        var t = TextTable(header: ["名", "x"], rightAligned: [1])
        t.append(["宁德时代", "1"])
        t.append(["ab", "22"])
        let lines = t.render().split(separator: "\n").map(String.init)
        let widths = Set(lines.map(TextTable.displayWidth))
        #expect(widths.count == 1, "\(lines)")
        #expect(TextTable.displayWidth("宁德时代") == 8)
        #expect(TextTable.truncate("青海盐湖工业股份有限公司", to: 9) == "青海盐湖…")
    }

    /// Trailing white space goes as the pattern `\s+$` takes it: ASCII space, tab, vertical tab, line breaks, form
    /// feed, NEL, the Unicode separators (ideographic and no-break space), but not a zero-width space or a
    /// combining mark.
    @Test(arguments: ["", "   ", "宁德时代  ", "a\t \n", "a\u{3000}", "a\u{A0}\u{2028}", "a \u{0B}", "a\u{85}", "a \u{301}",
                      "a b", " lead", "x\r\n", "a\u{0C}", "end\u{2029} ", "数据港 \u{200B}"])
    func trailingSpaceIsDroppedAsThePatternDrops(text: String) {
        let pattern = text.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        #expect(text.droppingTrailingSpace() == pattern, "\(Array(text.unicodeScalars))")
    }
}
