/// One option a command accepts: a flag (`--quiet`) or an option with a value (`--top 50`).
///
/// ```swift
/// let top = OptionSpec("--top", value: "N", help: "how many to keep", defaultValue: "50")
/// ```
public struct OptionSpec: Sendable, Equatable {
    public let name: String
    /// The placeholder shown in help (`N`, `PATH`); `nil` for a flag that takes no value.
    public let value: String?
    public let help: String
    public let defaultValue: String?
    /// Whether the option may be given more than once (values are collected in order).
    public let repeatable: Bool

    public init(_ name: String, value: String? = nil, help: String, defaultValue: String? = nil, repeatable: Bool = false) {
        precondition(name.hasPrefix("--"), "option names start with --")
        self.name = name
        self.value = value
        self.help = help
        self.defaultValue = defaultValue
        self.repeatable = repeatable
    }

    public var isFlag: Bool { value == nil }
}

/// The command line after parsing against a list of `OptionSpec`s.
///
/// ```swift
/// let args = try ArgumentParser.parse(["--top", "10", "x.json"], options: [top])
/// let n = try args.int("--top")   // 10
/// args.positionals                // ["x.json"]
/// ```
public struct ParsedArguments: Sendable, Equatable {
    public var values: [String: [String]] = [:]
    public var flags: Set<String> = []
    public var positionals: [String] = []
    let specs: [String: OptionSpec]

    init(specs: [OptionSpec]) {
        self.specs = Dictionary(uniqueKeysWithValues: specs.map { ($0.name, $0) })
    }

    /// Whether a flag was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The last value given for an option, else its default, else `nil`.
    public func string(_ name: String) -> String? {
        values[name]?.last ?? specs[name]?.defaultValue
    }

    /// Every value given for a repeatable option, in order.
    public func strings(_ name: String) -> [String] { values[name] ?? [] }

    /// The option's value as an integer within `range`; a usage error names the option otherwise.
    public func int(_ name: String, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int? {
        guard let text = string(name) else { return nil }
        // Digits only ("1,0" is not ten, nor "1e3" a thousand); underscores group digits as in Swift (1_000).
        let cleaned = text.replacingOccurrences(of: "_", with: "")
        guard !text.hasPrefix("_"), !text.hasSuffix("_"), !text.contains("__"), let value = Int(cleaned) else {
            throw ChainMatchError.usage("\(name) expects an integer, got '\(text)'")
        }
        guard range.contains(value) else {
            throw ChainMatchError.usage("\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
        return value
    }

    /// The option's value as a number; a usage error names the option otherwise.
    public func double(_ name: String) throws -> Double? {
        guard let text = string(name) else { return nil }
        guard let value = Double(text), value.isFinite else {
            throw ChainMatchError.usage("\(name) expects a number, got '\(text)'")
        }
        return value
    }

    /// The option's value, which must be one of `choices`.
    public func choice(_ name: String, _ choices: [String]) throws -> String? {
        guard let text = string(name) else { return nil }
        guard choices.contains(text) else {
            throw ChainMatchError.usage("\(name) must be one of \(choices.joined(separator: ", ")), got '\(text)'")
        }
        return text
    }
}

/// A small, strict command-line parser: `--name value`, `--name=value`, flags, and `--` to end options.
///
/// ```swift
/// let specs = [OptionSpec("--top", value: "N", help: "results"), OptionSpec("--quiet", help: "no progress")]
/// let parsed = try ArgumentParser.parse(["--top=5", "--quiet"], options: specs)
/// ```
///
/// An unknown option, a missing value or a value given to a flag is a `ChainMatchError.usage` that
/// names the option (exit code 64). A single `-` is a positional (standard input or output).
public enum ArgumentParser {
    public static func parse(_ arguments: [String], options: [OptionSpec]) throws -> ParsedArguments {
        var parsed = ParsedArguments(specs: options)
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            guard argument.hasPrefix("--") else {
                throw ChainMatchError.usage("unknown option '\(argument)' (options are spelled --name)")
            }
            var name = argument
            var inlineValue: String?
            if let eq = argument.firstIndex(of: "=") {
                name = String(argument[..<eq])
                inlineValue = String(argument[argument.index(after: eq)...])
            }
            guard let spec = parsed.specs[name] else {
                let suggestion = closest(to: name, among: options.map(\.name)).map { "; did you mean \($0)?" } ?? ""
                throw ChainMatchError.usage("unknown option '\(name)'\(suggestion)")
            }
            if spec.isFlag {
                if inlineValue != nil {
                    throw ChainMatchError.usage("option '\(name)' is a flag and takes no value")
                }
                parsed.flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else {
                    throw ChainMatchError.usage("option '\(name)' needs a value (\(spec.value ?? "VALUE"))")
                }
                value = arguments[index]
                index += 1
            }
            if !spec.repeatable, parsed.values[name] != nil {
                throw ChainMatchError.usage("option '\(name)' given more than once")
            }
            parsed.values[name, default: []].append(value)
        }
        return parsed
    }

    /// The candidate within edit distance 2 of `word`, if exactly one is closest.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let d = editDistance(word, candidate)
            if d <= 2, best == nil || d < best!.1 { best = (candidate, d) }
        }
        return best?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
