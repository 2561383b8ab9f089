import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ChainMatch

/// The pipeline report's four formats carry the same figures; the page is self-contained and well-formed.
@Suite struct PipelineReportOutputTests {
    static func report(synthetic: Bool = false) throws -> PipelineReport {
        var text = PipelineReportTests.csv
        var path = "hand.csv"
        if synthetic {
            let lines = text.split(separator: "\n").map(String.init)
            text = ([lines[0] + ",synthetic"] + lines.dropFirst().map { $0 + ",1" }).joined(separator: "\n") + "\n"
            path = "hand.synthetic.csv"
        }
        let file = try PipelineReader.parse(Data(text.utf8), path: path)
        return PipelineReport(file: file, places: PipelineReportTests.places, asOf: CalendarDay(iso: "2025-12-31"))
    }

    @Test func csvIsOneFileWithSectionsAndABOM() throws {
        let data = PipelineReportWriter.csv(try Self.report())
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let table = try CSVReader.parse(data, path: "r.csv")
        #expect(table.header == PipelineReportWriter.csvHeader)
        let sections = table.rows.map { $0[0] }
        #expect(sections == ["total", "campaign", "campaign", "city", "city"] + Array(repeating: "month", count: 12)
                + Array(repeating: "quarter", count: 4) + Array(repeating: "rank_band", count: 5))
        let column = { (name: String) in table.header.firstIndex(of: name)! }
        let a = table.rows[1]
        #expect(a[column("key")] == "A" && a[column("signed")] == "4" && a[column("performance_rate")] == "0.7500")
        #expect(a[column("target_start_rate")] == "0.7000" && table.rows[2][column("target_start_rate")] == "")
        let q2 = table.rows.first { $0[0] == "quarter" && $0[1] == "2025Q2" }!
        #expect(q2[column("new_signed")] == "2" && q2[column("signed")] == "3" && q2[column("as_of")] == "2025-06-30")
        #expect(table.rows.allSatisfy { $0[column("synthetic")] == "0" })
    }

    @Test func jsonCarriesTheSameFigures() throws {
        let report = try Self.report()
        let json = try JSONSerialization.jsonObject(with: PipelineReportWriter.json(report)) as! [String: Any]
        let total = (json["total"] as! [String: Any])["funnel"] as! [String: Any]
        #expect(total["signed"] as? Int == 5 && total["performance_rate"] as? Double == 0.8 && total["funding_rate"] as? Double == 0.181818)
        #expect(json["as_of"] as? String == "2025-12-31" && json["synthetic"] as? Bool == false)
        #expect((json["total"] as! [String: Any])["targets"] is NSNull)
        #expect((json["months"] as! [Any]).count == 12 && (json["rank_bands"] as! [Any]).count == 5)
    }

    final class Collector: NSObject, XMLParserDelegate {
        var text = ""
        var elements: [String: Int] = [:]
        var error: Error?
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            elements[name, default: 0] += 1
        }
        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }
    }

    @Test func pageIsSelfContainedWithTheFunnelAndTrendDrawn() throws {
        let html = PipelineReportPage.page(try Self.report())
        let body = html.split(separator: "\n", maxSplits: 1)[1]
        let parser = XMLParser(data: Data(body.utf8))
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "\(String(describing: collector.error))")
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script") && !html.contains("src="))
        #expect(collector.elements["svg"] == 4 && collector.elements["polyline"] ?? 0 >= 2)
        #expect(collector.text.contains("招商漏斗") && collector.text.contains("履约率") && collector.text.contains("75.0%✗"))
        #expect(!collector.text.contains("合成数据"))
        #expect(PipelineReportPage.page(try Self.report(synthetic: true)).contains("合成数据 SYNTHETIC"))
    }

    @Test func textShowsRatesAgainstTargetsAndMarksSyntheticData() throws {
        let text = PipelineReportWriter.text(try Self.report())
        #expect(text.contains("截至 2025-12-31") && text.contains("75.0%✗") && text.contains("50.0%✗") && text.contains("25.0%✗"))
        #expect(text.contains("项目履约率90%、开工率70%、资金到位率40%以上") && text.contains("另有 1 个"))
        #expect(!text.contains("SYNTHETIC"))
        let synthetic = try Self.report(synthetic: true)
        #expect(PipelineReportWriter.text(synthetic).contains("【合成数据 SYNTHETIC】"))
        let csv = try CSVReader.parse(PipelineReportWriter.csv(synthetic), path: "r.csv")
        #expect(csv.rows.allSatisfy { $0.last == "1" })
    }
}
