/// The 31 provincial-level divisions of mainland China, by their full official names.
///
/// ```swift
/// Province.canonical("内蒙")      // "内蒙古自治区"
/// Province.canonical("青海")      // "青海省"
/// Province.english["青海省"]      // "Qinghai"
/// Province.isCanonical("广西")    // false — datasets always use the full name
/// ```
///
/// Every dataset stores a province as one of these 31 full names (青海省, 内蒙古自治区, 北京市 …).
/// Hong Kong, Macao and Taiwan are not provinces in this sense; enterprises headquartered there
/// carry it in `country` (中国香港, 中国澳门, 中国台湾) with an empty province.
public enum Province {
    /// Full name, short name, English name; in the order of the national statistical code (11 … 65).
    public static let all: [(full: String, short: String, english: String)] = [
        ("北京市", "北京", "Beijing"), ("天津市", "天津", "Tianjin"), ("河北省", "河北", "Hebei"),
        ("山西省", "山西", "Shanxi"), ("内蒙古自治区", "内蒙古", "Inner Mongolia"),
        ("辽宁省", "辽宁", "Liaoning"), ("吉林省", "吉林", "Jilin"), ("黑龙江省", "黑龙江", "Heilongjiang"),
        ("上海市", "上海", "Shanghai"), ("江苏省", "江苏", "Jiangsu"), ("浙江省", "浙江", "Zhejiang"),
        ("安徽省", "安徽", "Anhui"), ("福建省", "福建", "Fujian"), ("江西省", "江西", "Jiangxi"),
        ("山东省", "山东", "Shandong"), ("河南省", "河南", "Henan"), ("湖北省", "湖北", "Hubei"),
        ("湖南省", "湖南", "Hunan"), ("广东省", "广东", "Guangdong"), ("广西壮族自治区", "广西", "Guangxi"),
        ("海南省", "海南", "Hainan"), ("重庆市", "重庆", "Chongqing"), ("四川省", "四川", "Sichuan"),
        ("贵州省", "贵州", "Guizhou"), ("云南省", "云南", "Yunnan"), ("西藏自治区", "西藏", "Tibet"),
        ("陕西省", "陕西", "Shaanxi"), ("甘肃省", "甘肃", "Gansu"), ("青海省", "青海", "Qinghai"),
        ("宁夏回族自治区", "宁夏", "Ningxia"), ("新疆维吾尔自治区", "新疆", "Xinjiang"),
    ]

    /// The 31 full names.
    public static let names: [String] = all.map(\.full)
    private static let fullSet: Set<String> = Set(all.map(\.full))

    /// Full name → English name.
    public static let english: [String: String] = Dictionary(uniqueKeysWithValues: all.map { ($0.full, $0.english) })

    private static let lookup: [String: String] = {
        var map: [String: String] = [:]
        for p in all {
            map[p.full] = p.full
            map[p.short] = p.full
            map[p.english] = p.full
        }
        map["内蒙"] = "内蒙古自治区"   // Tushare's spelling
        return map
    }()

    /// True when `name` is one of the 31 full names.
    public static func isCanonical(_ name: String) -> Bool { fullSet.contains(name) }

    /// The full name for a full, short or English province name; nil when it is not one of the 31.
    public static func canonical(_ name: String) -> String? {
        lookup[name.trimmingCharacters(in: .whitespaces)]
    }

    /// The province whose full or short name starts `text` (an address such as "甘肃省金昌市…").
    /// Tries full names first, then short names; nil when none matches.
    public static func prefix(of text: String) -> String? {
        for p in all where text.hasPrefix(p.full) { return p.full }
        for p in all where text.hasPrefix(p.short) { return p.full }
        return nil
    }
}
