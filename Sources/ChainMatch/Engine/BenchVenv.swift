import Foundation

/// A Python venv under the bench's work folder holding what an outside comparison imports; never a dependency.
///
/// ```swift
/// switch BenchVenv.ensure(work + "/faiss-venv", packages: ["numpy", "scipy"], imports: ["numpy", "scipy"], log: { print($0) }) {
/// case .success(let python): print(python)      // work/faiss-venv/bin/python
/// case .failure(let why): print(why)
/// }
/// ```
///
/// Nothing is installed when the venv's python already imports every module. Otherwise the venv is made
/// (`python3 -m venv`) when missing and `pip install` adds the packages, keeping those it has, so faiss
/// and the scipy/numpy peers share one venv. Only then are python3 and a reachable package index needed.
public enum BenchVenv {
    public static func ensure(_ venv: String, packages: [String], imports: [String], log: (String) -> Void) -> Result<String, ChainMatchError> {
        let python = venv + "/bin/python"
        let check = ["-c", "import " + imports.joined(separator: ", ")]
        if FileManager.default.isExecutableFile(atPath: python), shell([python] + check, quiet: true).status == 0 {
            return .success(python)
        }
        if !FileManager.default.isExecutableFile(atPath: python) {
            log("bench venv: creating \(venv) (python3 -m venv)")
            let made = shell(["/usr/bin/env", "python3", "-m", "venv", venv], quiet: true)
            guard made.status == 0 else { return .failure(.missingInput(path: venv, "python3 -m venv failed: \(made.output.suffix(300))")) }
        }
        log("bench venv: pip install \(packages.joined(separator: " ")) into \(venv)")
        let pip = shell([venv + "/bin/pip", "install", "--quiet"] + packages, quiet: true)
        guard pip.status == 0 else {
            return .failure(.missingInput(path: venv, "pip install \(packages.joined(separator: " ")) failed: \(pip.output.suffix(300))"))
        }
        let after = shell([python] + check, quiet: true)
        guard after.status == 0 else { return .failure(.missingInput(path: venv, "still cannot import \(imports.joined(separator: ", ")): \(after.output.suffix(300))")) }
        return .success(python)
    }

    /// Runs `arguments` and returns its exit status and standard output (and standard error when `quiet`;
    /// otherwise that goes to this process's standard error).
    static func shell(_ arguments: [String], quiet: Bool, environment: [String: String]? = nil) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = quiet ? pipe : FileHandle.standardError
        do { try process.run() } catch { return (127, "\(arguments[0]): \(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
