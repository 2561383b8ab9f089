/// The lists an enterprise belongs to, as bits, so list filters are one AND.
///
/// ```swift
/// let lists: ListMembership = [.global500, .listed]
/// lists.contains(.listed)   // true
/// ```
public struct ListMembership: OptionSet, Hashable, Sendable, Codable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let global500 = ListMembership(rawValue: 1 << 0)    // 世界500强
    public static let china500 = ListMembership(rawValue: 1 << 1)     // 中国企业500强
    public static let private500 = ListMembership(rawValue: 1 << 2)   // 民营企业500强
    public static let centralSOE = ListMembership(rawValue: 1 << 3)   // 央企
    public static let listed = ListMembership(rawValue: 1 << 4)       // 上市公司
    public static let chainLeader = ListMembership(rawValue: 1 << 5)  // 链主

    /// Stable names used in data files and output, in bit order.
    public static let names: [(ListMembership, String)] = [
        (.global500, "global500"), (.china500, "china500"), (.private500, "private500"),
        (.centralSOE, "central_soe"), (.listed, "listed"), (.chainLeader, "chain_leader"),
    ]

    /// The lists that come from data files (`enterprises.csv`), in file order; chain leadership is
    /// computed by the encoder instead.
    public static let dataNames: [(ListMembership, String)] = Array(names.prefix(5))

    public init?(name: String) {
        guard let match = Self.names.first(where: { $0.1 == name }) else { return nil }
        self = match.0
    }

    public var names: [String] { Self.names.filter { contains($0.0) }.map(\.1) }

    /// Semicolon-separated data-file names, e.g. "global500;private500;listed".
    public var text: String { Self.dataNames.filter { contains($0.0) }.map(\.1).joined(separator: ";") }

    /// Parses the semicolon-separated data-file form; nil on an unknown name.
    public init?(text: String) {
        self = []
        for part in text.parts(separatedBy: UInt8(ascii: ";")) {
            guard let flag = Self.dataNames.first(where: { $0.1 == part })?.0 else { return nil }
            insert(flag)
        }
    }
}
