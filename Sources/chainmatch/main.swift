import ChainMatch
import Foundation

// Switch OpenBLAS to the kernel this CPU deserves before any BLAS call (may re-execute the process).
let kernelSwitch = KernelSelector.ensureBestKernel()

func printUsage() {
    var lines = [
        "chainmatch \(ChainMatchInfo.version) — rank target enterprises for investment-promotion campaigns",
        "",
        "usage: chainmatch COMMAND [options]",
        "",
        "commands:",
    ]
    let width = commandTable.map(\.name.count).max() ?? 0
    lines += commandTable.map { "  " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.summary }
    lines += ["", "Run 'chainmatch COMMAND --help' for a command's options.", ""]
    print(lines.joined(separator: "\n"))
}

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("chainmatch: \(message)\n".utf8))
    exit(code)
}

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.isEmpty || arguments == ["--help"] || arguments == ["-h"] || arguments == ["help"] {
    printUsage()
    exit(0)
}
if arguments == ["--version"] {
    print("chainmatch \(ChainMatchInfo.version)")
    exit(0)
}

// Longest match first, so `data build` wins over a hypothetical `data`.
let command = commandTable
    .sorted { $0.name.count > $1.name.count }
    .first { cmd in
        let words = cmd.name.split(separator: " ").map(String.init)
        return arguments.count >= words.count && Array(arguments.prefix(words.count)) == words
    }
guard let command else {
    let word = arguments[0]
    // The first word of two-word commands (`pipeline`, `data`): name them.
    let family = commandTable.map(\.name).filter { $0.hasPrefix(word + " ") }
    if !family.isEmpty {
        fail("'\(word)' needs a second word: \(family.map { "'\($0)'" }.joined(separator: ", ")). Run 'chainmatch --help' for the list.", code: 64)
    }
    let suggestion = ArgumentParser.closest(to: word, among: commandTable.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
    fail("unknown command '\(word)'\(suggestion). Run 'chainmatch --help' for the list.", code: 64)
}
arguments.removeFirst(command.name.split(separator: " ").count)

do {
    let parsed = try ArgumentParser.parse(arguments, options: command.allOptions)
    if parsed.flag("--help") {
        print(command.usage)
        exit(0)
    }
    let context = CommandContext(arguments: parsed)
    if let kernelSwitch { context.detail(kernelSwitch) }
    exit(try command.run(parsed, context))
} catch let error as ChainMatchError {
    fail(error.description, code: error.exitCode)
} catch let error as CocoaError where error.isFileError {
    // A file-system failure the library did not type: reading is 66, anything else cannot create output (73).
    let path = error.filePath ?? error.url?.path ?? "?"
    let reading = [.fileReadNoSuchFile, .fileNoSuchFile, .fileReadNoPermission, .fileReadCorruptFile, .fileReadUnknown].contains(error.code)
    fail("\(path): \(Folders.sentence(for: error))", code: reading ? 66 : 73)
} catch {
    fail("internal error: \(error)", code: 70)
}
