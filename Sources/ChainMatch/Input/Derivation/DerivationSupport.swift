import Foundation

/// Small deterministic functions shared by the dataset derivations.
enum Derive {
    /// Fixed formatting for derived numbers: rounded to `decimals`, trailing zeros removed,
    /// "-0" written as "0". The same Double always gives the same text.
    static func number(_ value: Double?, decimals: Int) -> String {
        guard let value, value.isFinite else { return "" }
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text == "-0" { text = "0" }
        return text
    }

    static func int(_ value: Int?) -> String { value.map(String.init) ?? "" }

    /// Parses a number as written in the raw exports: spaces and thousands separators removed.
    static func parseNumber(_ text: String) -> Double? {
        let cleaned = text.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)
        guard !cleaned.isEmpty else { return nil }
        return Double(cleaned)
    }

    /// FNV-1a 64-bit hash of the UTF-8 bytes, as 16 lowercase hex digits.
    static func fnv1a64(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Full-width ASCII → half-width, ideographic space → space, both bracket styles → ASCII.
    static func halfWidth(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            switch s.value {
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(s.value - 0xFEE0)!)
            case 0x3000: scalars.append(" ")
            case 0x3010, 0x3014: scalars.append("(")   // 【 〔
            case 0x3011, 0x3015: scalars.append(")")   // 】 〕
            default: scalars.append(s)
            }
        }
        return String(scalars)
    }

    /// A company name cleaned for display-independent comparison: half-width, no spaces.
    static func cleanName(_ name: String) -> String {
        halfWidth(name).replacingOccurrences(of: " ", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Legal-form and group suffixes removed from the end, repeatedly (longest first).
    static let suffixes = [
        "股份有限公司", "有限责任公司", "集团有限公司", "控股有限公司", "有限公司", "股份公司", "集团公司", "总公司",
        "控股公司", "公司", "(集团)", "集团", "控股", "股份",
    ]

    /// The matching key of a company name: `cleanName`, "(集团)" removed anywhere, other brackets
    /// dropped with their text kept, A-share markers removed (*ST, ST, trailing A/B, -U/-W), then
    /// the suffixes in `suffixes` stripped from the end until none is left.
    static func nameKey(_ name: String) -> String {
        var s = cleanName(name).uppercased()
        s = s.replacingOccurrences(of: "(集团)", with: "")
        s = s.replacingOccurrences(of: "(", with: "").replacingOccurrences(of: ")", with: "")
        for prefix in ["*ST", "ST", "XD", "XR", "DR"] where s.hasPrefix(prefix) && s.count > prefix.count + 1 {
            s.removeFirst(prefix.count); break
        }
        for marker in ["-UWD", "-UW", "-WD", "-U", "-W"] where s.hasSuffix(marker) {
            s.removeLast(marker.count); break
        }
        let scalars = Array(s.unicodeScalars)
        if scalars.count > 2, scalars.last == "A" || scalars.last == "B", isCJK(scalars[scalars.count - 2]) {
            s = String(String.UnicodeScalarView(scalars.dropLast()))
        }
        if let first = s.unicodeScalars.first, first == "C" || first == "N",
           s.unicodeScalars.count > 2, isCJK(s.unicodeScalars.dropFirst().first!) {
            s = String(s.unicodeScalars.dropFirst())
        }
        var changed = true
        while changed {
            changed = false
            for suffix in suffixes where s.hasSuffix(suffix) && s.count > suffix.count {
                s.removeLast(suffix.count)
                changed = true
                break
            }
        }
        return s
    }

    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value) || (0x20000...0x2FFFF).contains(s.value)
    }

    /// A name with only its legal form removed (股份有限公司, 有限责任公司, 有限公司, 股份公司, 公司) and
    /// brackets dropped; 集团 and 控股 stay.
    static func legalFormKey(_ name: String) -> String {
        var s = cleanName(name).replacingOccurrences(of: "(", with: "").replacingOccurrences(of: ")", with: "")
        var changed = true
        while changed {
            changed = false
            for suffix in ["股份有限公司", "有限责任公司", "有限公司", "股份公司", "公司"] where s.hasSuffix(suffix) && s.count > suffix.count {
                s.removeLast(suffix.count); changed = true; break
            }
        }
        return s
    }

    /// True when a legal name is a joint-stock company (股份有限公司 / 股份公司). A-share issuers must be.
    static func isJointStock(_ name: String) -> Bool {
        let s = cleanName(name)
        return s.hasSuffix("股份有限公司") || s.hasSuffix("股份公司")
    }
}
