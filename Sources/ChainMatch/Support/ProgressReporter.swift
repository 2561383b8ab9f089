import Foundation

/// Progress of long work on stderr: a redrawn bar on a terminal, sparse plain lines in logs.
///
/// ```swift
/// let progress = ProgressReporter(label: "scoring", total: store.rows, unit: "rows", quiet: context.quiet)
/// let tops = try scorer.rank(rows: r, rowCount: n, featureCount: f, weights: w,
///                            progress: { done, _ in progress.update(done) })
/// progress.finish()     // "scoring: 1,000,000 rows in 4.2 s (238,095 rows/s)"
/// ```
///
/// On a terminal (`isatty` on the output) one line is redrawn in place at most ten times a second.
/// Otherwise (CI logs, Kubernetes, Slurm output files) a plain line is written when another tenth of
/// the work is done or `lineInterval` seconds have passed since the last line, whichever comes first.
/// `.quiet` writes nothing. Each report shows the rate and, with a known total, the ETA. All methods
/// may be called from any thread; the clock and the output are injectable for tests.
public final class ProgressReporter: @unchecked Sendable {
    public enum Style: Sendable {
        /// `.bar` if the output is a terminal, else `.lines`.
        case automatic
        case bar
        case lines
        case quiet
    }

    public let label: String
    public let total: Int
    public let unit: String
    public let style: Style
    public let lineInterval: Double

    private let write: @Sendable (String) -> Void
    private let clock: @Sendable () -> Double
    private let lock = NSLock()
    private let start: Double
    private var done = 0
    private var lastReport: Double
    private var lastDecile = 0
    private var reportedDone = 0
    private var finished = false

    /// A reporter writing to `output` (standard error by default).
    public convenience init(label: String, total: Int, unit: String = "items", style: Style = .automatic,
                            quiet: Bool = false, output: FileHandle = .standardError, lineInterval: Double = 5,
                            clock: @escaping @Sendable () -> Double = ResourceUsage.now) {
        let resolved: Style = quiet ? .quiet : (style == .automatic ? (isatty(output.fileDescriptor) == 1 ? .bar : .lines) : style)
        self.init(label: label, total: total, unit: unit, style: resolved, lineInterval: lineInterval, clock: clock) { text in
            output.write(Data(text.utf8))
        }
    }

    /// A reporter handing its text to `write` (`.automatic` means `.lines` here).
    public init(label: String, total: Int, unit: String = "items", style: Style, lineInterval: Double = 5,
                clock: @escaping @Sendable () -> Double = ResourceUsage.now, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.total = max(0, total)
        self.unit = unit
        self.style = style == .automatic ? .lines : style
        self.lineInterval = lineInterval
        self.clock = clock
        self.write = write
        start = clock()
        lastReport = start
    }

    /// Sets the amount done so far (values below the current one are ignored).
    public func update(_ value: Int) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished, value > done else { return }
        done = value
        report(final: false)
    }

    /// Adds `amount` to the amount done.
    public func advance(by amount: Int = 1) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished, amount > 0 else { return }
        done += amount
        report(final: false)
    }

    /// Writes the closing report (elapsed time and rate). Later updates are ignored.
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        report(final: true)
        finished = true
    }

    /// Must be called with the lock held.
    private func report(final: Bool) {
        if style == .quiet { return }
        let now = clock()
        let elapsed = max(0, now - start)
        if final {
            let rate = elapsed > 0 ? " (\(Self.grouped(Int((Double(done) / elapsed).rounded()))) \(unit)/s)" : ""
            let summary = "\(label): \(Self.grouped(done)) \(unit) in \(String(format: "%.1f", elapsed)) s\(rate)"
            write(style == .bar ? "\r\(summary)\u{1B}[K\n" : summary + "\n")
            return
        }
        switch style {
        case .bar:
            guard now - lastReport >= 0.1 || done >= total && total > 0 else { return }
            lastReport = now
            write("\r" + barLine(elapsed: elapsed) + "\u{1B}[K")
        default:
            let decile = total > 0 ? min(10, done * 10 / total) : 0
            guard done > reportedDone, decile > lastDecile || now - lastReport >= lineInterval else { return }
            lastDecile = max(lastDecile, decile)
            lastReport = now
            reportedDone = done
            write(plainLine(elapsed: elapsed) + "\n")
        }
    }

    private func rateAndETA(elapsed: Double) -> String {
        guard elapsed > 0, done > 0 else { return "" }
        let rate = Double(done) / elapsed
        var text = "  \(Self.grouped(Int(rate.rounded()))) \(unit)/s"
        if total > 0 {
            text += "  ETA \(Self.duration(Double(max(0, total - done)) / rate))"
        }
        return text
    }

    private func plainLine(elapsed: Double) -> String {
        guard total > 0 else { return "\(label): \(Self.grouped(done)) \(unit)\(rateAndETA(elapsed: elapsed))" }
        let percent = min(100, done * 100 / total)
        return "\(label): \(percent)% \(Self.grouped(done))/\(Self.grouped(total)) \(unit)\(rateAndETA(elapsed: elapsed))"
    }

    private func barLine(elapsed: Double) -> String {
        guard total > 0 else { return plainLine(elapsed: elapsed) }
        let width = 24
        let filled = min(width, done * width / total)
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let percent = min(100, done * 100 / total)
        return "\(label) [\(bar)] \(percent)% \(Self.grouped(done))/\(Self.grouped(total)) \(unit)\(rateAndETA(elapsed: elapsed))"
    }

    /// `1234567` → `1,234,567` (locale-independent).
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// Seconds as `m:ss` or `h:mm:ss`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--" }
        let s = Int(seconds.rounded())
        let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, sec) : String(format: "%d:%02d", m, sec)
    }
}
