/// Where in an input file something went wrong: file, 1-based line and column, and field name.
///
/// ```swift
/// let at = SourceLocation(file: "datasets/parks.csv", line: 12, column: 3, field: "area_mu")
/// print(at) // datasets/parks.csv:12:3 (field area_mu)
/// ```
public struct SourceLocation: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var field: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, field: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
    }

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if let column { s += ":\(column)" }
        if let field { s += " (field \(field))" }
        return s
    }
}

/// Every error ChainMatch reports, each with a message for people and a process exit code.
///
/// ```swift
/// do { try work() } catch let error as ChainMatchError {
///     print(error)          // "datasets/parks.csv:12:3 (field area_mu): not a number: \"abc\""
///     exit(error.exitCode)  // 65
/// }
/// ```
///
/// Exit codes follow BSD `sysexits.h`: 64 usage, 65 bad data, 66 missing input, 73 cannot create
/// output, 70 internal error, 1 anything else.
public enum ChainMatchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The command line is wrong: unknown command or option, missing or malformed value.
    case usage(String)
    /// An input file exists but its content is wrong.
    case badData(SourceLocation, String)
    /// An input file or directory does not exist or cannot be read.
    case missingInput(path: String, String)
    /// An output file or directory cannot be created or written.
    case cannotCreateOutput(path: String, String)
    /// A reference to something that does not exist (a park, chain, node or enterprise id).
    case unknownReference(SourceLocation?, kind: String, id: String)
    /// Shapes of matrices or vectors do not agree; a programming error surfaced as a value.
    case dimensionMismatch(String)
    /// Something inside ChainMatch failed that should not have (a failed self-check, say).
    case internalFailure(String)

    public var exitCode: Int32 {
        switch self {
        case .usage: return 64
        case .badData, .unknownReference: return 65
        case .missingInput: return 66
        case .cannotCreateOutput: return 73
        case .internalFailure, .dimensionMismatch: return 70
        }
    }

    public var description: String {
        switch self {
        case .usage(let message):
            return "usage: \(message)"
        case .badData(let location, let message):
            return "\(location): \(message)"
        case .missingInput(let path, let message):
            return "\(path): \(message)"
        case .cannotCreateOutput(let path, let message):
            return "cannot write \(path): \(message)"
        case .unknownReference(let location, let kind, let id):
            let prefix = location.map { "\($0): " } ?? ""
            return "\(prefix)unknown \(kind) '\(id)'"
        case .dimensionMismatch(let message):
            return "dimension mismatch: \(message)"
        case .internalFailure(let message):
            return "internal error: \(message)"
        }
    }
}
