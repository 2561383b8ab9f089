/// A day of the Gregorian calendar (no time, no zone), read and written as ISO `yyyy-mm-dd`.
///
/// ```swift
/// let d = CalendarDay(iso: "2025-03-31")!
/// d.adding(days: 1).iso        // "2025-04-01"
/// d.monthKey, d.quarterKey     // "2025-03", "2025Q1"
/// CalendarDay(iso: "2025-02-29")   // nil: not a real date
/// ```
///
/// `dayNumber` counts days from 1970-01-01, so differences and ordering are plain integer arithmetic.
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A real calendar date; nil for 2025-02-29, month 13, day 0 and the like.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= Self.daysIn(month: month, year: year) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// Parses exactly `yyyy-mm-dd` (ten characters, digits and two hyphens).
    public init?(iso text: String) {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        let digits = [0, 1, 2, 3, 5, 6, 8, 9]
        guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[$0]) }) else { return nil }
        func number(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + Int(b[$1] - UInt8(ascii: "0")) } }
        self.init(year: number(0..<4), month: number(5..<7), day: number(8..<10))
    }

    /// The day `dayNumber` days after 1970-01-01 (negative before it).
    public init(dayNumber: Int) {
        // Civil-from-days (proleptic Gregorian), eras of 400 years.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0); month = m; day = d
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public func adding(days: Int) -> CalendarDay { CalendarDay(dayNumber: dayNumber + days) }

    public static func daysIn(month: Int, year: Int) -> Int {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    public var iso: String {
        let y = String(year), m = String(month), d = String(day)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + (m.count < 2 ? "0" : "") + m + "-" + (d.count < 2 ? "0" : "") + d
    }

    public var description: String { iso }

    /// 1…4: January–March is quarter 1.
    public var quarter: Int { (month - 1) / 3 + 1 }
    /// "2025-03".
    public var monthKey: String { String(iso.prefix(7)) }
    /// "2025Q1".
    public var quarterKey: String { "\(year)Q\(quarter)" }
    /// The first day of this day's month.
    public var monthStart: CalendarDay { CalendarDay(year: year, month: month, day: 1)! }
    /// The last day of this day's month.
    public var monthEnd: CalendarDay { CalendarDay(year: year, month: month, day: Self.daysIn(month: month, year: year))! }
    /// The first day of this day's quarter.
    public var quarterStart: CalendarDay { CalendarDay(year: year, month: (quarter - 1) * 3 + 1, day: 1)! }
    /// The last day of this day's quarter.
    public var quarterEnd: CalendarDay { CalendarDay(year: year, month: quarter * 3, day: 1)!.monthEnd }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a yyyy-mm-dd date: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }
}
