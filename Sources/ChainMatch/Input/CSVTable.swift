import Foundation

/// A parsed CSV file: its header, its rows as strings, and where each row started.
///
/// ```swift
/// let table = try CSVReader.read(path: "datasets/parks.csv")
/// let name = try table.column("name")
/// for (i, row) in table.rows.enumerated() where row[name].isEmpty {
///     throw ChainMatchError.badData(table.location(row: i, column: name), "empty name")
/// }
/// ```
///
/// Every row has exactly `header.count` fields unless the table was parsed with
/// `allowRaggedRows: true`.
public struct CSVTable: Sendable {
    /// The path the bytes came from, used in error messages.
    public let path: String
    /// The first record, with a leading byte-order mark removed.
    public let header: [String]
    /// The records after the header.
    public let rows: [[String]]
    /// The 1-based line number where each row starts (a quoted field may span several lines).
    public let lines: [Int]

    public init(path: String, header: [String], rows: [[String]], lines: [Int]) {
        self.path = path
        self.header = header
        self.rows = rows
        self.lines = lines
    }

    /// The 0-based index of the column called `name`.
    ///
    /// Throws `.badData` naming the file, line 1 and the missing column.
    public func column(_ name: String) throws -> Int {
        if let index = header.firstIndex(of: name) { return index }
        throw ChainMatchError.badData(
            SourceLocation(file: path, line: 1, field: name),
            "missing column '\(name)' (header: \(header.joined(separator: ",")))")
    }

    /// The location of a cell: `row` and `column` are 0-based indices into `rows` and `header`;
    /// the result has the file, the row's starting line, the 1-based column and the field name.
    public func location(row: Int, column: Int) -> SourceLocation {
        let line = row >= 0 && row < lines.count ? lines[row] : nil
        let field = column >= 0 && column < header.count ? header[column] : nil
        return SourceLocation(file: path, line: line, column: column + 1, field: field)
    }
}
