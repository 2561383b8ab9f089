/// Why a feature store cannot be used; each case is a distinct reason to rebuild it.
///
/// ```swift
/// do { _ = try FeatureStore.open(path: p, expectedSourceDigest: d) }
/// catch let error as FeatureStoreError { print(error); exit(error.exitCode) }   // "…: stale: …"
/// ```
///
/// `chainMatchError` maps a case onto the house error (missing input 66, everything else bad data 65)
/// for commands that report rather than rebuild.
public enum FeatureStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No file at the path.
    case missing(path: String)
    /// The file exists but cannot be opened, read or mapped.
    case unreadable(path: String, String)
    /// The file is shorter than its header says (an interrupted copy, a full disk).
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    /// The file does not start with the feature-store magic: not a feature store at all.
    case badMagic(path: String)
    /// A feature store of a format version this build does not read.
    case unsupportedVersion(path: String, found: UInt32, supported: UInt32)
    /// The header's own checksum does not match its bytes.
    case headerChecksumMismatch(path: String)
    /// The header checks out but describes something impossible, or the file has trailing bytes.
    case corrupt(path: String, String)
    /// The feature payload does not match the checksum in the header.
    case payloadChecksumMismatch(path: String, stored: UInt64, computed: UInt64)
    /// The store was built from other source data than the current one.
    case staleSource(path: String, stored: String, expected: String)

    public var path: String {
        switch self {
        case .missing(let p), .unreadable(let p, _), .truncated(let p, _, _), .badMagic(let p),
             .unsupportedVersion(let p, _, _), .headerChecksumMismatch(let p), .corrupt(let p, _),
             .payloadChecksumMismatch(let p, _, _), .staleSource(let p, _, _):
            return p
        }
    }

    /// A short label for logs and manifests: `missing`, `truncated`, `stale`, …
    public var reason: String {
        switch self {
        case .missing: return "missing"
        case .unreadable: return "unreadable"
        case .truncated: return "truncated"
        case .badMagic: return "not a feature store"
        case .unsupportedVersion: return "unsupported version"
        case .headerChecksumMismatch: return "header checksum mismatch"
        case .corrupt: return "corrupt"
        case .payloadChecksumMismatch: return "payload checksum mismatch"
        case .staleSource: return "stale"
        }
    }

    public var description: String {
        let head = "\(path): feature store \(reason)"
        switch self {
        case .missing:
            return head
        case .unreadable(_, let why), .corrupt(_, let why):
            return "\(head): \(why)"
        case .truncated(_, let expected, let actual):
            return "\(head): \(actual) bytes, expected \(expected)"
        case .badMagic:
            return head
        case .unsupportedVersion(_, let found, let supported):
            return "\(head): version \(found), this build reads version \(supported)"
        case .headerChecksumMismatch:
            return head
        case .payloadChecksumMismatch(_, let stored, let computed):
            return "\(head): header says \(String(stored, radix: 16)), content hashes to \(String(computed, radix: 16))"
        case .staleSource(_, let stored, let expected):
            return "\(head): built from sources \(stored), current sources are \(expected)"
        }
    }

    /// The house error for this case: `.missingInput` for a missing file, `.badData` otherwise.
    public var chainMatchError: ChainMatchError {
        switch self {
        case .missing: return .missingInput(path: path, "feature store missing")
        default: return .badData(SourceLocation(file: path), String(description.dropFirst(path.count + 2)))
        }
    }

    public var exitCode: Int32 { chainMatchError.exitCode }
}
