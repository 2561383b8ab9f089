import Foundation
import Testing
@testable import ChainMatch

/// A hand-built pipeline of nine targets whose funnel, rates, periods and rank bands are worked out by hand.
@Suite struct PipelineReportTests {
    /// Campaign A is in Qinghai (targets 90/70/40%), B in Gansu (no rate targets). Row 9 is contacted in 2026.
    static let csv = """
    campaign,enterprise,stage,contacted_on,visited_on,negotiating_on,signed_on,started_on,funded_on,dropped_on,signed_cny_100m,funded_cny_100m,list_rank
    A,E1,funded,2025-01-05,2025-01-20,2025-02-10,2025-03-31,2025-04-01,2025-06-30,,10,6,1
    A,E2,started,2025-01-31,,,2025-04-15,2025-07-01,,,5,,5
    A,E3,signed,2025-02-01,,2025-03-01,2025-09-30,,,,5,,12
    A,E4,dropped,2025-02-15,2025-03-01,,2025-05-01,,,2025-10-01,4,,25
    A,E5,negotiating,2025-03-10,2025-04-01,2025-05-20,,,,,,,40
    B,E1,dropped,2025-04-01,2025-04-20,,,,,2025-06-30,,,3
    B,E6,contacted,2025-12-31,,,,,,,,,
    B,E7,funded,2025-06-30,2025-07-01,2025-07-01,2025-10-01,2025-12-01,2025-12-31,,20,2,31
    B,E8,visited,2026-01-02,2026-01-10,,,,,,,,

    """
    static let places = [
        "A": PipelineReport.Place(name: "甲", province: "青海省", city: "青海省 格尔木昆仑"),
        "B": PipelineReport.Place(name: "乙", province: "甘肃省", city: "甘肃省 金昌"),
    ]

    static func report(asOf: String?) throws -> PipelineReport {
        let file = try PipelineReader.parse(Data(csv.utf8), path: "hand.csv")
        return PipelineReport(file: file, places: places, asOf: asOf.map { CalendarDay(iso: $0)! })
    }

    static func counts(_ f: PipelineFunnel) -> [Int] { PipelineStage.allCases.map { f[$0] } }

    @Test func funnelAndRatesAtTheYearEnd() throws {
        let r = try Self.report(asOf: "2025-12-31")
        #expect(r.notYetContacted == 1)
        let t = r.total.funnel
        // contacted, visited, negotiating, signed, started, funded, dropped
        #expect(Self.counts(t) == [8, 7, 6, 5, 3, 2, 2])
        #expect(t.performing == 4 && t.signed100m == 44 && t.funded100m == 8)
        #expect(t.performanceRate == 0.8 && t.startRate == 0.6 && t.signingRate == 0.625)
        #expect(abs(t.fundingRate! - 8.0 / 44) < 1e-12)
        #expect(r.total.targets == nil, "two provinces: no one target")

        let a = r.campaigns.first { $0.key == "A" }!, b = r.campaigns.first { $0.key == "B" }!
        #expect(Self.counts(a.funnel) == [5, 5, 5, 4, 2, 1, 1])
        #expect(a.funnel.performanceRate == 0.75 && a.funnel.startRate == 0.5 && a.funnel.fundingRate == 0.25)
        #expect(a.targets == PipelineTargets.qinghai && b.targets == nil)
        #expect(Self.counts(b.funnel) == [3, 2, 1, 1, 1, 1, 1])
        #expect(b.funnel.performanceRate == 1 && b.funnel.startRate == 1 && b.funnel.fundingRate == 0.1)
        #expect(r.cities.map(\.key) == ["甘肃省 金昌", "青海省 格尔木昆仑"])
        #expect(Self.counts(r.cities[1].funnel) == Self.counts(a.funnel))
    }

    @Test func midYearCountsEachTargetAsItStoodThen() throws {
        let r = try Self.report(asOf: "2025-06-30")
        #expect(r.notYetContacted == 2)
        let t = r.total.funnel
        #expect(Self.counts(t) == [7, 6, 5, 3, 1, 1, 1])
        #expect(t.performing == 3 && t.signed100m == 19 && t.funded100m == 6)
        #expect(t.performanceRate == 1 && abs(t.startRate! - 1.0 / 3) < 1e-12)
        // Without --as-of the report is as of the file's latest date.
        #expect(try Self.report(asOf: nil).asOf == CalendarDay(iso: "2026-01-10"))
    }

    @Test func monthsAndQuartersSplitAtTheirEdges() throws {
        let r = try Self.report(asOf: "2025-12-31")
        #expect(r.months.map(\.key) == (1...12).map { String(format: "2025-%02d", $0) })
        let m = Dictionary(uniqueKeysWithValues: r.months.map { ($0.key, $0) })
        #expect(m["2025-01"]!.new[.contacted] == 2 && m["2025-02"]!.new[.contacted] == 2)   // 01-31 in January, 02-01 in February
        #expect(m["2025-03"]!.new[.signed] == 1 && m["2025-03"]!.new.signed100m == 10)      // signed on 03-31
        #expect(m["2025-04"]!.new[.started] == 1 && m["2025-04"]!.new[.signed] == 1)        // started 04-01, signed 04-15
        #expect(m["2025-06"]!.new[.funded] == 1 && m["2025-06"]!.new.funded100m == 6 && m["2025-06"]!.new[.dropped] == 1)
        #expect(m["2025-07"]!.new[.started] == 1 && m["2025-07"]!.new[.visited] == 1 && m["2025-07"]!.new[.negotiating] == 1)
        #expect(m["2025-03"]!.cumulative.signed == 1 && m["2025-04"]!.cumulative.signed == 2 && m["2025-04"]!.cumulative.started == 1)
        #expect(m["2025-12"]!.asOf == CalendarDay(iso: "2025-12-31") && Self.counts(m["2025-12"]!.cumulative) == Self.counts(r.total.funnel))

        #expect(r.quarters.map(\.key) == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"])
        let q = r.quarters
        #expect(q[0].new[.contacted] == 5 && q[0].new[.signed] == 1 && q[0].end == CalendarDay(iso: "2025-03-31"))
        #expect(q[1].new[.contacted] == 2 && q[1].new[.signed] == 2 && q[1].new[.started] == 1 && q[1].new[.funded] == 1 && q[1].new[.dropped] == 1)
        #expect(q[2].new[.signed] == 1 && q[2].new[.started] == 1 && q[2].cumulative.signed == 4 && q[2].cumulative.performanceRate == 1)
        #expect(q[3].new[.signed] == 1 && q[3].new[.dropped] == 1 && q[3].new[.contacted] == 1 && q[3].cumulative.performanceRate == 0.8)
        // A period still running ends at the report's day: 06-30 events are not in a report as of 06-15.
        let mid = try Self.report(asOf: "2025-06-15")
        #expect(mid.months.last!.key == "2025-06" && mid.months.last!.asOf == CalendarDay(iso: "2025-06-15"))
        #expect(mid.months.last!.new[.funded] == 0 && mid.quarters.last!.new[.dropped] == 0)
    }

    @Test func rankBands() throws {
        let r = try Self.report(asOf: "2025-12-31")
        #expect(r.rankBands.map(\.key) == ["1-10", "11-20", "21-30", "31+", "unknown"])
        #expect(r.rankBands.map(\.funnel.contacted) == [3, 1, 1, 2, 1])
        #expect(r.rankBands.map(\.funnel.signed) == [2, 1, 1, 1, 0])
        #expect(r.rankBands[0].funnel.started == 2 && r.rankBands[2].funnel.dropped == 1 && r.rankBands[3].funnel.funded == 1)
        for (rank, band) in [(1, "1-10"), (10, "1-10"), (11, "11-20"), (20, "11-20"), (21, "21-30"), (30, "21-30"), (31, "31+"), (5000, "31+")] {
            #expect(PipelineReport.rankBand(rank) == band, "\(rank)")
        }
        #expect(PipelineReport.rankBand(nil) == "unknown")
        let finding = PipelineReportWriter.rankFinding(r)
        #expect(finding.contains("第1–10名 66.7%（2/3）") && finding.contains("第31名以后 50.0%（1/2）") && finding.contains("样本少"))
    }
}
