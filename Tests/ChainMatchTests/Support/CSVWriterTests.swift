import Foundation
import Testing
@testable import ChainMatch

@Suite struct CSVWriterTests {
    @Test func byteOrderMarkAndLF() {
        let data = CSVWriter.encode(header: ["a"], rows: [["1"]])
        #expect(Array(data) == [0xEF, 0xBB, 0xBF] + Array("a\n1\n".utf8))
        let plain = CSVWriter.encode(header: ["a"], rows: [["1"]], byteOrderMark: false)
        #expect(String(decoding: plain, as: UTF8.self) == "a\n1\n")
    }

    @Test func quotingOnlyWhenNeeded() {
        let data = CSVWriter.encode(header: ["x"], rows: [["a,b"], ["say \"hi\""], ["two\nlines"], [" pad"], ["plain"]],
                                    byteOrderMark: false)
        #expect(String(decoding: data, as: UTF8.self) == "x\n\"a,b\"\n\"say \"\"hi\"\"\"\n\"two\nlines\"\n\" pad\"\nplain\n")
    }

    @Test func formulaNeutralisation() {
        #expect(CSVWriter.needsNeutralizing("=SUM(A1)"))
        #expect(CSVWriter.needsNeutralizing("+86 10 1234"))
        #expect(CSVWriter.needsNeutralizing("-cmd"))
        #expect(CSVWriter.needsNeutralizing("@A1"))
        #expect(CSVWriter.needsNeutralizing("\tx"))
        #expect(CSVWriter.needsNeutralizing("\rx"))
        #expect(CSVWriter.needsNeutralizing("-"))
        #expect(CSVWriter.needsNeutralizing("-1+2"))
        #expect(!CSVWriter.needsNeutralizing("-3.5"))
        #expect(!CSVWriter.needsNeutralizing("+2"))
        #expect(!CSVWriter.needsNeutralizing("-1.2e-3"))
        #expect(!CSVWriter.needsNeutralizing("-.5"))
        #expect(!CSVWriter.needsNeutralizing("宁德时代"))
        #expect(!CSVWriter.needsNeutralizing(""))
        let off = CSVWriter.encode(header: ["x"], rows: [["=1"]], byteOrderMark: false, neutralizeFormulas: false)
        #expect(String(decoding: off, as: UTF8.self) == "x\n=1\n")
    }

    @Test func roundTripThroughReader() throws {
        let header = ["名称", "note", "value"]
        let rows = [["宁德时代新能源科技股份有限公司", "a,\"b\"\r\nc", "-3.5"],
                    ["=HYPERLINK(\"x\")", "@cmd", "+1"],
                    ["", " lead", "\ttab"]]
        let data = CSVWriter.encode(header: header, rows: rows)
        let table = try CSVReader.parse(data, path: "rt.csv")
        #expect(table.header == header)
        #expect(table.rows[0] == rows[0])
        #expect(table.rows[1] == ["'=HYPERLINK(\"x\")", "'@cmd", "+1"])
        #expect(table.rows[2] == ["", " lead", "'\ttab"])
        let raw = CSVWriter.encode(header: header, rows: rows, neutralizeFormulas: false)
        #expect(try CSVReader.parse(raw, path: "rt.csv").rows == rows)
    }
}
