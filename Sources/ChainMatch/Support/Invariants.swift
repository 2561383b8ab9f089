/// Invariant checks of the engine's structures: compiled into debug builds, and so run by every test,
/// and out of release builds, where the hot loops stay as measured.
///
/// ```swift
/// Invariants.check(top.checkInvariants(), "top-k heap order")
/// Invariants.enabled     // true in a debug build (`swift build`, `swift test`), false with -O
/// ```
///
/// A failed check stops the program with its message, file and line (Swift's `assert`): a broken
/// invariant is a bug in the engine, not bad input, which gets a typed `ChainMatchError` instead.
public enum Invariants {
    /// Whether checks run in this build.
    public static var enabled: Bool {
        var on = false
        assert({ on = true; return true }())
        return on
    }

    /// Checks `condition` in debug builds; evaluates nothing in release builds.
    @inlinable
    public static func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                             file: StaticString = #file, line: UInt = #line) {
        assert(condition(), message(), file: file, line: line)
    }
}
