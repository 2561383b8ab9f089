import Foundation
import Testing
@testable import ChainMatch

/// A clock and an output the test controls.
final class ProgressHarness: @unchecked Sendable {
    private let lock = NSLock()
    private var now = 100.0
    private var text = ""
    var clock: @Sendable () -> Double { { [self] in lock.withLock { now } } }
    var write: @Sendable (String) -> Void { { [self] s in lock.withLock { text += s } } }
    func tick(_ seconds: Double) { lock.withLock { now += seconds } }
    var output: String { lock.withLock { text } }
    var lines: [String] { output.split(separator: "\n").map(String.init) }
}

@Suite struct ProgressReporterTests {
    @Test func plainLinesEveryTenthOrInterval() {
        let h = ProgressHarness()
        let p = ProgressReporter(label: "scoring", total: 1000, unit: "rows", style: .lines, lineInterval: 5, clock: h.clock, write: h.write)
        h.tick(1); p.update(50)                 // under 10 %, under 5 s: silent
        #expect(h.output.isEmpty)
        h.tick(1); p.update(100)                // 10 %
        #expect(h.lines == ["scoring: 10% 100/1,000 rows  50 rows/s  ETA 0:18"])
        h.tick(1); p.update(150)                // neither
        h.tick(5); p.update(160)                // 6 s since the last line
        #expect(h.lines.count == 2)
        #expect(h.lines[1] == "scoring: 16% 160/1,000 rows  20 rows/s  ETA 0:42")
        p.update(155)                           // going backwards is ignored
        h.tick(0.5); p.advance(by: 640)         // 80 %: one line although several tenths were crossed
        #expect(h.lines.count == 3)
        #expect(h.lines[2].hasPrefix("scoring: 80% 800/1,000 rows"))
        h.tick(0.5); p.update(1000)
        #expect(h.lines[3].hasPrefix("scoring: 100% 1,000/1,000 rows"))
        h.tick(1); p.finish()
        #expect(h.lines.last == "scoring: 1,000 rows in 10.0 s (100 rows/s)")
        p.update(2000); p.finish()              // after finish: nothing
        #expect(h.lines.count == 5)
        #expect(!h.output.contains("\r"))
    }

    @Test func unknownTotalShowsCountAndRate() {
        let h = ProgressHarness()
        let p = ProgressReporter(label: "reading", total: 0, unit: "lines", style: .lines, lineInterval: 2, clock: h.clock, write: h.write)
        h.tick(2); p.update(1_234_567)
        #expect(h.lines == ["reading: 1,234,567 lines  617,284 lines/s"])
    }

    @Test func quietWritesNothing() {
        let h = ProgressHarness()
        let p = ProgressReporter(label: "x", total: 10, style: .quiet, clock: h.clock, write: h.write)
        for _ in 0..<10 { h.tick(10); p.advance() }
        p.finish()
        #expect(h.output.isEmpty)
    }

    @Test func barRedrawsInPlaceAtMostTenTimesASecond() {
        let h = ProgressHarness()
        let p = ProgressReporter(label: "merge", total: 48, unit: "files", style: .bar, clock: h.clock, write: h.write)
        h.tick(0.2); p.update(12)
        h.tick(0.01); p.update(13)              // too soon: no redraw
        #expect(h.output == "\rmerge [######------------------] 25% 12/48 files  60 files/s  ETA 0:01\u{1B}[K")
        h.tick(0.2); p.update(48)
        h.tick(0.1); p.finish()
        #expect(h.output.hasSuffix("\rmerge: 48 files in 0.5 s (94 files/s)\u{1B}[K\n"))
        #expect(h.output.components(separatedBy: "\r").count == 4)
    }

    @Test func writesToAFileHandleAsPlainLines() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("log.txt")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        let h = ProgressHarness()
        let p = ProgressReporter(label: "shard 0/2", total: 4, unit: "blocks", output: handle, clock: h.clock)
        #expect(p.style == .lines)              // a file is not a terminal
        for _ in 0..<4 { h.tick(1); p.advance() }
        p.finish()
        try handle.close()
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.first == "shard 0/2: 25% 1/4 blocks  1 blocks/s  ETA 0:03")
        #expect(lines.last == "shard 0/2: 4 blocks in 4.0 s (1 blocks/s)")
        #expect(ProgressReporter(label: "q", total: 1, quiet: true, output: handle).style == .quiet)
    }

    @Test func safeFromManyThreads() {
        let h = ProgressHarness()
        let p = ProgressReporter(label: "t", total: 20_000, style: .lines, clock: h.clock, write: h.write)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<5000 { p.advance() }
        }
        p.finish()
        #expect(h.lines.last?.hasPrefix("t: 20,000 items") == true)
        #expect(h.lines.count == 11)            // ten tenths and the summary
    }

    @Test func formatting() {
        #expect(ProgressReporter.grouped(0) == "0")
        #expect(ProgressReporter.grouped(999) == "999")
        #expect(ProgressReporter.grouped(1000) == "1,000")
        #expect(ProgressReporter.grouped(-1_234_567) == "-1,234,567")
        #expect(ProgressReporter.duration(59.6) == "1:00")
        #expect(ProgressReporter.duration(3725) == "1:02:05")
        #expect(ProgressReporter.duration(.infinity) == "--")
    }
}
