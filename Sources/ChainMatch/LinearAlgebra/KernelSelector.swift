import Foundation

/// Makes OpenBLAS run on the kernel this CPU deserves, by re-executing the process when needed.
///
/// ```swift
/// // first line of main, before any BLAS call:
/// if let message = KernelSelector.ensureBestKernel() { print(message) }
/// ```
///
/// Debian's OpenBLAS 0.3.21 does not recognise recent Intel CPUs and falls back to its generic
/// `Prescott` kernels, about four times slower. OpenBLAS reads `OPENBLAS_CORETYPE` only when the
/// library loads, so setting it from inside the process is too late: when the CPU supports AVX-512
/// (or AVX2 with FMA), the kernel is generic, and the user has not set the variable, this sets it to
/// `SkylakeX` (or `Haswell`) and re-executes the same binary with the same arguments. The new process
/// checks a small GEMM against a plain loop before trusting the kernel; if that check fails it
/// re-executes once more without the variable. A value the user set always wins.
public enum KernelSelector {
    /// Environment variable marking a process started by the switch: `1` switched, `failed` fell back.
    static let markerVariable = "CHAINMATCH_KERNEL_SWITCH"
    /// Set to `0` to keep whatever kernel OpenBLAS chose.
    static let disableVariable = "CHAINMATCH_KERNEL_AUTO"
    /// For tests of the switch on machines where OpenBLAS already picks a good kernel: the core name
    /// to act as if OpenBLAS had chosen (for example `Prescott`).
    static let assumeVariable = "CHAINMATCH_ASSUME_CORE"

    /// OpenBLAS core names that mean "generic x86-64 kernels".
    static let genericCores: Set<String> = ["Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Katmai", "Coppermine", "Northwood", "Banias", "Atom", "unknown"]

    /// What happened at start-up, for `doctor` and `--verbose`.
    public struct Status: Sendable {
        public var coreName: String
        public var userSetCoreType: String?
        public var switched: Bool
        public var fellBack: Bool
        public var selfCheckPassed: Bool?
        public var cpuFeatures: [String]
        public var threads: Int

        public var summary: String {
            if let user = userSetCoreType, !switched {
                return "OpenBLAS kernel \(coreName) (OPENBLAS_CORETYPE=\(user) set by the user)"
            }
            if fellBack {
                return "OpenBLAS kernel \(coreName): the faster kernel failed its self-check, kept the default"
            }
            if switched {
                return "OpenBLAS kernel switched to \(coreName) (re-executed with OPENBLAS_CORETYPE=\(coreName)); self-check \(selfCheckPassed == true ? "passed" : "not run")"
            }
            return "OpenBLAS kernel \(coreName) (chosen by OpenBLAS)"
        }
    }

    /// The CPU's relevant instruction-set flags, read from /proc/cpuinfo.
    public static func cpuFeatures() -> [String] {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return [] }
        let wanted: Set<String> = ["sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512_bf16", "amx_tile"]
        return line.split(separator: ":").last.map { $0.split(separator: " ").map(String.init).filter(wanted.contains) } ?? []
    }

    /// The OpenBLAS core type this CPU should use, or `nil` when OpenBLAS's own choice is fine.
    static func preferredCore(features: [String], current: String) -> String? {
        guard genericCores.contains(current) else { return nil }
        let f = Set(features)
        if f.contains("avx512f") && f.contains("avx512bw") && f.contains("avx512vl") { return "SkylakeX" }
        if f.contains("avx2") && f.contains("fma") { return "Haswell" }
        return nil
    }

    /// The status of this process: the kernel facts computed once, at first use (reading /proc/cpuinfo
    /// and running the self-check again on every access cost each caller both); the thread count live.
    public static var status: Status {
        var s = cachedStatus
        s.threads = BLAS.threads
        return s
    }
    private static let cachedStatus: Status = computeStatus()

    static func computeStatus() -> Status {
        let env = ProcessInfo.processInfo.environment
        let marker = env[markerVariable]
        return Status(
            coreName: BLAS.coreName,
            userSetCoreType: marker == "1" ? nil : env["OPENBLAS_CORETYPE"],
            switched: marker == "1",
            fellBack: marker == "failed",
            selfCheckPassed: marker == "1" ? selfCheck() : nil,
            cpuFeatures: cpuFeatures(),
            threads: BLAS.threads)
    }

    /// Re-executes the process on a better kernel when that is needed and allowed.
    ///
    /// Returns a one-line description of what happened (for verbose output), or `nil` when nothing
    /// was done. Does not return when it re-executes.
    @discardableResult
    public static func ensureBestKernel() -> String? {
        let env = ProcessInfo.processInfo.environment
        if env[disableVariable] == "0" { return nil }
        switch env[markerVariable] {
        case "1":
            // We are the re-executed process: trust the kernel only after a check.
            if selfCheck() { return status.summary }
            unsetenv("OPENBLAS_CORETYPE")
            setenv(markerVariable, "failed", 1)
            reexecute()
            return "OpenBLAS kernel \(BLAS.coreName) failed its self-check and re-execution failed"
        case "failed":
            return status.summary
        default:
            break
        }
        if let user = env["OPENBLAS_CORETYPE"], !user.isEmpty { return nil }
        let current = env[assumeVariable] ?? BLAS.coreName
        guard let core = preferredCore(features: cpuFeatures(), current: current) else { return nil }
        setenv("OPENBLAS_CORETYPE", core, 1)
        setenv(markerVariable, "1", 1)
        reexecute()
        // execv returned: it failed. Undo and carry on with the generic kernel.
        unsetenv("OPENBLAS_CORETYPE")
        unsetenv(markerVariable)
        return "could not re-execute to switch OpenBLAS to \(core); running on \(BLAS.coreName)"
    }

    static func reexecute() {
        let argv = CommandLine.unsafeArgv
        execv("/proc/self/exe", argv)
    }

    /// Compares a small sgemm with a plain loop; true when they agree to 1e-4 relative.
    public static func selfCheck() -> Bool {
        let m = 67, k = 45, n = 33
        var generator = SplitMix64(seed: 0x5EED)
        let a = Matrix(rows: m, columns: k, storage: (0..<(m * k)).map { _ in generator.nextFloat() * 2 - 1 })
        let b = Matrix(rows: k, columns: n, storage: (0..<(k * n)).map { _ in generator.nextFloat() * 2 - 1 })
        guard let c = try? BLAS.multiply(a, b) else { return false }
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k { sum += Double(a[i, p]) * Double(b[p, j]) }
                if abs(Double(c[i, j]) - sum) > 1e-4 * max(1, abs(sum)) { return false }
            }
        }
        return true
    }
}
