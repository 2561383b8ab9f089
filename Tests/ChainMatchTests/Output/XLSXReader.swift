import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import ChainMatch

/// Reads back what `XLSXWriter` writes, the way a spreadsheet program would: from the zip, through
/// the content types, the package and workbook relationships, to each sheet's cells.
///
/// ```swift
/// let book = try XLSXReader(data)
/// book.sheets[0].name          // "名单"
/// book.sheets[0].cells[1][3]   // Cell(type: "n", style: nil, text: "77.752396")
/// ```
///
/// Every part must parse as XML; cells are placed by their `r` reference, so a wrong reference
/// shows up as a cell in the wrong place.
struct XLSXReader {
    struct Cell: Equatable {
        var type: String?
        var style: String?
        var text: String
    }

    struct Sheet {
        var name: String
        var part: String
        /// Rows from row 1 (the header), each as long as its last written cell; missing cells are nil.
        var cells: [[Cell?]]
        var pane: [String: String]
        var widths: [Double]
        var dimension: String
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Collects elements (name and attributes) and the text inside `<v>` and `<t>` of each `<c>`.
    final class Parser: NSObject, XMLParserDelegate {
        var elements: [(String, [String: String])] = []
        var cells: [(ref: String, cell: Cell)] = []
        var current: (ref: String, cell: Cell)?
        var inValue = false
        var error: Error?

        func parser(_ p: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            elements.append((name, attributes))
            if name == "c" { current = (attributes["r"] ?? "", Cell(type: attributes["t"], style: attributes["s"], text: "")) }
            if name == "v" || name == "t" { inValue = true }
        }

        func parser(_ p: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "v" || name == "t" { inValue = false }
            if name == "c", let c = current { cells.append(c); current = nil }
        }

        func parser(_ p: XMLParser, foundCharacters string: String) { if inValue { current?.cell.text += string } }
        func parser(_ p: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }
    }

    let zip: ZipReader
    var sheets: [Sheet] = []

    static func parse(_ data: Data, part: String) throws -> Parser {
        let parser = XMLParser(data: data)
        let collector = Parser()
        parser.delegate = collector
        guard parser.parse() else { throw Failure(description: "\(part) is not well-formed XML: \(String(describing: collector.error))") }
        return collector
    }

    init(_ data: Data) throws {
        zip = try ZipReader(data)
        for entry in zip.entries where entry.name.hasSuffix(".xml") || entry.name.hasSuffix(".rels") { _ = try Self.parse(entry.data, part: entry.name) }
        let types = try Self.parse(try zip.entry("[Content_Types].xml"), part: "types").elements
        let overridden = Set(types.compactMap { $0.1["PartName"] })
        let package = try Self.parse(try zip.entry("_rels/.rels"), part: "rels").elements
        guard package.contains(where: { $0.1["Target"] == "xl/workbook.xml" }) else { throw Failure(description: "no office document relationship") }
        let rels = try Self.parse(try zip.entry("xl/_rels/workbook.xml.rels"), part: "workbook rels").elements
        let targets = Dictionary(rels.compactMap { e in e.1["Id"].map { ($0, e.1["Target"] ?? "") } }, uniquingKeysWith: { a, _ in a })
        for (_, attributes) in try Self.parse(try zip.entry("xl/workbook.xml"), part: "workbook").elements where attributes["sheetId"] != nil {
            guard let id = attributes["r:id"], let target = targets[id], let name = attributes["name"] else { throw Failure(description: "sheet without a relationship: \(attributes)") }
            let part = "xl/" + target
            guard overridden.contains("/" + part) else { throw Failure(description: "\(part) has no content type") }
            sheets.append(try Self.sheet(name: name, part: part, data: try zip.entry(part)))
        }
    }

    static func sheet(name: String, part: String, data: Data) throws -> Sheet {
        let parsed = try parse(data, part: part)
        var cells: [[Cell?]] = []
        for (ref, cell) in parsed.cells {
            guard let (row, column) = position(ref) else { throw Failure(description: "\(part): bad cell reference '\(ref)'") }
            while cells.count <= row { cells.append([]) }
            while cells[row].count <= column { cells[row].append(nil) }
            guard cells[row][column] == nil else { throw Failure(description: "\(part): \(ref) written twice") }
            cells[row][column] = cell
        }
        return Sheet(name: name, part: part, cells: cells,
                     pane: parsed.elements.first { $0.0 == "pane" }?.1 ?? [:],
                     widths: parsed.elements.filter { $0.0 == "col" }.map { Double($0.1["width"] ?? "") ?? -1 },
                     dimension: parsed.elements.first { $0.0 == "dimension" }?.1["ref"] ?? "")
    }

    /// "B7" → (6, 1), zero-based.
    static func position(_ ref: String) -> (Int, Int)? {
        let letters = ref.prefix { $0.isLetter && $0.isASCII }
        guard !letters.isEmpty, let row = Int(ref.dropFirst(letters.count)), row >= 1 else { return nil }
        let column = letters.uppercased().unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 }
        return (row - 1, column - 1)
    }

    func sheet(_ name: String) throws -> Sheet {
        guard let s = sheets.first(where: { $0.name == name }) else { throw Failure(description: "no sheet \(name)") }
        return s
    }
}
