import ChainMatch
import Foundation

/// One `chainmatch` command: its name (may be two words, `data build`), help and what it runs.
struct Command {
    let name: String
    let summary: String
    /// Positional arguments as shown in usage, e.g. `RUN_A RUN_B`; empty when none.
    var positionals: String = ""
    /// Longer help text printed under the usage line.
    var discussion: String = ""
    var options: [OptionSpec] = []
    let run: (ParsedArguments, CommandContext) throws -> Int32

    var allOptions: [OptionSpec] { options + CommandContext.globalOptions }

    var usage: String {
        var lines = ["usage: chainmatch \(name)\(options.isEmpty ? "" : " [options]")\(positionals.isEmpty ? "" : " \(positionals)")", "", summary]
        if !discussion.isEmpty { lines += ["", discussion] }
        lines += ["", "options:"]
        let rows = allOptions.map { spec -> (String, String) in
            let left = spec.value.map { "\(spec.name) \($0)" } ?? spec.name
            let right = spec.help + (spec.defaultValue.map { " (default: \($0))" } ?? "")
            return (left, right)
        }
        let width = rows.map(\.0.count).max() ?? 0
        lines += rows.map { "  " + $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
        return lines.joined(separator: "\n")
    }
}

/// What every command gets besides its arguments: where data lives, how chatty to be.
struct CommandContext {
    static let globalOptions = [
        OptionSpec("--data-root", value: "DIR", help: "folder holding datasets/ and models/ (default: found from the current directory)"),
        OptionSpec("--verbose", help: "say more on stderr (kernel choice, timings)"),
        OptionSpec("--quiet", help: "print nothing on stderr but errors"),
        OptionSpec("--no-snapshot", help: "parse datasets/ and models/ instead of reading the load snapshot (also CHAINMATCH_SNAPSHOT=0)"),
        OptionSpec("--help", help: "show this help"),
    ]

    let arguments: ParsedArguments

    var verbose: Bool { arguments.flag("--verbose") }
    var quiet: Bool { arguments.flag("--quiet") }

    func dataLocation() throws -> DataLocation {
        try DataLocation.resolve(explicit: arguments.string("--data-root"))
    }

    /// The engine over the data: read from the load snapshot when it is current, else loaded and the
    /// snapshot written (`--verbose` says which and why).
    func engine() throws -> Recommender {
        let location = try dataLocation()
        // The idle workers would spin on one of the two cores through the whole load. The load's products are
        // small: one BLAS thread, set before the workers stop (setting a new count starts them again).
        BLAS.threads = 1
        BLAS.stopIdleThreads()
        guard !arguments.flag("--no-snapshot"), let folder = LoadSnapshot.defaultFolder() else {
            return Self.keptUntilExit(try Recommender.load(from: location))
        }
        let (engine, note) = try LoadSnapshot(location: location, folder: folder).recommender()
        detail(note)
        return Self.keptUntilExit(engine)
    }

    /// Engines a command loaded, held until the process exits: freeing thousands of records and strings
    /// object by object only to exit costs a short command a few milliseconds; the exit returns the memory whole.
    nonisolated(unsafe) private static var kept: [Recommender] = []

    private static func keptUntilExit(_ engine: Recommender) -> Recommender {
        kept.append(engine)
        return engine
    }

    /// Prints a line on stderr unless `--quiet`.
    func note(_ message: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Prints a line on stderr only with `--verbose`.
    func detail(_ message: String) {
        guard verbose, !quiet else { return }
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// Writes command output to standard output, or atomically to `--output PATH` when given.
func emit(_ data: Data, output: String?) throws {
    if let output, output != "-" {
        try AtomicFile.write(data, to: output)
    } else {
        FileHandle.standardOutput.write(data)
    }
}

func emit(_ text: String, output: String?) throws { try emit(Data(text.utf8), output: output) }
