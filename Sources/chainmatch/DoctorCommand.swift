import ChainMatch
import Foundation

let doctorCommand = Command(
    name: "doctor",
    summary: "show the BLAS kernel, threads and CPU features in use",
    discussion: """
    ChainMatch switches Debian's OpenBLAS from its generic Prescott kernels to SkylakeX (AVX-512) or
    Haswell (AVX2) by re-executing itself with OPENBLAS_CORETYPE set, when the CPU supports it and you
    have not set the variable. Set OPENBLAS_CORETYPE yourself to choose; CHAINMATCH_KERNEL_AUTO=0 turns
    the switch off.
    """,
    options: [OptionSpec("--format", value: "FORMAT", help: "text or json", defaultValue: "text")]
) { args, context in
    let format = try args.choice("--format", ["text", "json"])
    let status = KernelSelector.status
    let check = KernelSelector.selfCheck()
    let env = ProcessInfo.processInfo.environment
    if format == "json" {
        let data = try CommandReports.kernel(status, selfCheckPassed: check, coreTypeEnv: env["OPENBLAS_CORETYPE"])
        print(String(decoding: data, as: UTF8.self))
    } else {
        print("""
        chainmatch \(ChainMatchInfo.version)
        kernel:        \(status.coreName)
        switch:        \(status.summary)
        threads:       \(status.threads) (cores online: \(ProcessInfo.processInfo.activeProcessorCount))
        cpu features:  \(status.cpuFeatures.joined(separator: " "))
        openblas:      \(BLAS.configuration)
        self-check:    \(check ? "sgemm agrees with a plain loop" : "FAILED: sgemm disagrees with a plain loop")
        """)
    }
    return check ? 0 : 70
}
