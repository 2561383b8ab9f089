import Foundation

/// Wall-clock time and memory readings for benchmarks and batch manifests.
///
/// ```swift
/// let t0 = ResourceUsage.now()
/// work()
/// print(ResourceUsage.now() - t0, ResourceUsage.peakResidentBytes())
/// ```
public enum ResourceUsage {
    /// Seconds on a monotonic clock.
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// The process's peak resident set size so far, in bytes (VmHWM).
    public static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int(usage.ru_maxrss) * 1024
    }

    /// Hands memory the allocator holds but no longer uses back to the system (glibc `malloc_trim`),
    /// so a phase that freed a large table does not keep counting against the resident set.
    public static func returnFreeMemory() {
        typealias Trim = @convention(c) (Int) -> Int32
        if let f = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") { _ = unsafeBitCast(f, to: Trim.self)(0) }
    }

    /// Resets the peak resident set size (VmHWM) to the current one, so a later
    /// `peakResidentBytesSinceReset` covers one phase; false where the kernel does not allow it.
    @discardableResult
    public static func resetPeak() -> Bool {
        let fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, "5", 1) == 1
    }

    /// VmHWM from /proc/self/status: the peak resident set size since start or the last `resetPeak`.
    public static func peakResidentBytesSinceReset() -> Int { statusField("VmHWM:") }

    static func statusField(_ name: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) })
        else { return 0 }
        return (line.split(separator: " ").compactMap { Int($0) }.first ?? 0) * 1024
    }

    /// The process's current resident set size, in bytes (VmRSS).
    public static func currentResidentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return kb * 1024
    }
}
