import Testing
@testable import ChainMatch

@Suite struct ArgumentParserTests {
    let specs = [
        OptionSpec("--top", value: "N", help: "", defaultValue: "50"),
        OptionSpec("--format", value: "F", help: ""),
        OptionSpec("--exclude", value: "ID", help: "", repeatable: true),
        OptionSpec("--quiet", help: ""),
    ]

    @Test func parsesValuesFlagsAndPositionals() throws {
        let p = try ArgumentParser.parse(["a", "--top", "7", "--quiet", "--format=json", "-", "--exclude", "x", "--exclude=y", "--", "--top"], options: specs)
        #expect(try p.int("--top") == 7)
        #expect(p.flag("--quiet"))
        #expect(p.string("--format") == "json")
        #expect(p.strings("--exclude") == ["x", "y"])
        #expect(p.positionals == ["a", "-", "--top"])
    }

    @Test func defaultsApplyWhenAbsent() throws {
        let p = try ArgumentParser.parse([], options: specs)
        #expect(try p.int("--top") == 50)
        #expect(p.string("--format") == nil)
        #expect(!p.flag("--quiet"))
    }

    @Test func errorsNameTheOption() {
        func message(_ args: [String]) -> String {
            do { _ = try ArgumentParser.parse(args, options: specs); return "" } catch { return "\(error)" }
        }
        #expect(message(["--tpo", "3"]).contains("'--tpo'"))
        #expect(message(["--tpo", "3"]).contains("did you mean --top"))
        #expect(message(["--top"]).contains("needs a value"))
        #expect(message(["--quiet=1"]).contains("takes no value"))
        #expect(message(["--top", "1", "--top", "2"]).contains("more than once"))
        #expect(message(["-x"]).contains("'-x'"))
        #expect(throws: ChainMatchError.usage("--top expects an integer, got 'ten'")) {
            try ArgumentParser.parse(["--top", "ten"], options: specs).int("--top")
        }
        #expect(throws: ChainMatchError.self) { try ArgumentParser.parse(["--top", "0"], options: specs).int("--top", in: 1...10) }
        #expect(throws: ChainMatchError.self) { try ArgumentParser.parse(["--format", "xml"], options: specs).choice("--format", ["csv", "json"]) }
    }

    @Test func usageErrorsExitWith64() {
        #expect(ChainMatchError.usage("x").exitCode == 64)
        #expect(ChainMatchError.badData(SourceLocation(file: "f"), "x").exitCode == 65)
        #expect(ChainMatchError.missingInput(path: "p", "x").exitCode == 66)
        #expect(ChainMatchError.cannotCreateOutput(path: "p", "x").exitCode == 73)
        #expect(SourceLocation(file: "a.csv", line: 3, column: 2, field: "land").description == "a.csv:3:2 (field land)")
    }
}
