import Foundation
import Testing
@testable import ChainMatch

@Suite struct CSVReaderTests {
    func parse(_ text: String) throws -> CSVTable {
        try CSVReader.parse(Data(text.utf8), path: "t.csv")
    }

    func badData(_ body: () throws -> Void) -> (ChainMatch.SourceLocation, String)? {
        do { try body() } catch let ChainMatchError.badData(at, message) { return (at, message) } catch { return nil }
        return nil
    }

    @Test func plainLFAndCRLF() throws {
        let lf = try parse("a,b\n1,2\n3,4\n")
        let crlf = try parse("a,b\r\n1,2\r\n3,4")
        #expect(lf.header == ["a", "b"])
        #expect(lf.rows == [["1", "2"], ["3", "4"]])
        #expect(crlf.rows == lf.rows)
        #expect(lf.lines == [2, 3])
        #expect(crlf.lines == [2, 3])
    }

    @Test func quotedCommasDoubledQuotesAndNewlines() throws {
        let t = try parse("name,note\r\n\"Acme, Inc.\",\"He said \"\"hi\"\"\"\r\n\"two\nlines\",\"a\r\nb\"\r\nlast,\"\"\n")
        #expect(t.rows == [["Acme, Inc.", "He said \"hi\""], ["two\nlines", "a\r\nb"], ["last", ""]])
        #expect(t.lines == [2, 3, 6])
    }

    @Test func emptyFieldsAndTrailingComma() throws {
        let t = try parse("a,b,c\n,,\n1,,\n")
        #expect(t.rows == [["", "", ""], ["1", "", ""]])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let t = try parse("a,b\n\n1,2\n\n")
        #expect(t.rows == [["1", "2"]])
        #expect(t.lines == [3])
    }

    @Test func byteOrderMarkIsStripped() throws {
        let t = try CSVReader.parse(Data([0xEF, 0xBB, 0xBF] + Array("省份,代码\n青海省,63\n".utf8)), path: "bom.csv")
        #expect(t.header == ["省份", "代码"])
        #expect(try t.column("省份") == 0)
        #expect(t.rows == [["青海省", "63"]])
    }

    @Test func gb18030Bytes() throws {
        // "省份,代码\n青海省,63𠀀\n" as `iconv -f UTF-8 -t GB18030` writes it: two-byte GBK characters plus
        // the four-byte sequence 0x95 0x32 0x82 0x36 = U+20000 (𠀀), which GBK cannot encode.
        let bytes: [UInt8] = [0xCA, 0xA1, 0xB7, 0xDD, 0x2C, 0xB4, 0xFA, 0xC2, 0xEB, 0x0A,
                              0xC7, 0xE0, 0xBA, 0xA3, 0xCA, 0xA1, 0x2C, 0x36, 0x33, 0x95, 0x32, 0x82, 0x36, 0x0A]
        let t = try CSVReader.parse(Data(bytes), path: "gb.csv")
        #expect(t.header == ["省份", "代码"])
        #expect(t.rows == [["青海省", "63\u{20000}"]])
    }

    @Test func raggedRowNamesLineAndColumn() {
        let short = badData { _ = try parse("a,b,c\n1,2,3\n4,5\n") }
        #expect(short?.0 == ChainMatch.SourceLocation(file: "t.csv", line: 3, column: 3, field: "c"))
        let long = badData { _ = try parse("a,b\n\"x\ny\",2\n1,2,3\n") }
        #expect(long?.0 == ChainMatch.SourceLocation(file: "t.csv", line: 4, column: 3, field: nil))
        #expect(long?.1.contains("3 fields") == true)
    }

    @Test func raggedRowsAllowedOnRequest() throws {
        let t = try CSVReader.parse(Data("a\n1,2\n".utf8), path: "w.csv", allowRaggedRows: true)
        #expect(t.rows == [["1", "2"]])
    }

    @Test func unterminatedQuoteNamesWhereItOpened() {
        let e = badData { _ = try parse("a,b\n1,2\n3,\"open\n\nmore") }
        #expect(e?.0 == ChainMatch.SourceLocation(file: "t.csv", line: 3, column: 3))
        #expect(e?.1.contains("not terminated") == true)
    }

    @Test func quoteInsideUnquotedField() {
        let e = badData { _ = try parse("a,b\n青海,ab\"c\n") }
        #expect(e?.0 == ChainMatch.SourceLocation(file: "t.csv", line: 2, column: 6))
    }

    @Test func textAfterClosingQuote() {
        let e = badData { _ = try parse("a\n\"x\"y\n") }
        #expect(e?.0 == ChainMatch.SourceLocation(file: "t.csv", line: 2, column: 4))
    }

    @Test func missingColumnAndLocation() throws {
        let t = try parse("a,b\n1,2\n")
        #expect(throws: ChainMatchError.self) { _ = try t.column("c") }
        let e = badData { _ = try t.column("c") }
        #expect(e?.0 == ChainMatch.SourceLocation(file: "t.csv", line: 1, field: "c"))
        #expect(t.location(row: 0, column: 1) == ChainMatch.SourceLocation(file: "t.csv", line: 2, column: 2, field: "b"))
    }

    @Test func missingFile() {
        #expect(throws: ChainMatchError.missingInput(path: "/nonexistent/x.csv", "no such file")) {
            _ = try CSVReader.read(path: "/nonexistent/x.csv")
        }
    }

    @Test func invalidBytesAreRejected() {
        let e = badData { _ = try CSVReader.parse(Data([0x61, 0x0A, 0xFF, 0xFF, 0xFF, 0x0A]), path: "x.csv") }
        #expect(e != nil)
    }

    @Test func emptyInput() throws {
        let t = try CSVReader.parse(Data(), path: "e.csv")
        #expect(t.header.isEmpty && t.rows.isEmpty)
    }
}
