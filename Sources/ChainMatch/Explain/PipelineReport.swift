/// A pipeline's progress as of a day: by campaign, city, month, quarter and list-rank band.
///
/// ```swift
/// let file = try PipelineReader.read(path: "pipeline.csv")
/// let places = PipelineReport.places(campaigns: campaigns, parks: parksByID)
/// let report = PipelineReport(file: file, places: places, asOf: CalendarDay(iso: "2026-06-30"))
/// report.total.funnel.startRate, report.months.last?.cumulative.fundingRate
/// ```
///
/// Only targets contacted on or before `asOf` are counted, each as it stood that day (`PipelineFunnel`);
/// `asOf` defaults to the latest date in the file. A city is the campaign's park city (province and the
/// catalogue's city text), or the province for a province-wide campaign. Each group carries its province's
/// targets where the province states some (`PipelineTargets`).
public struct PipelineReport: Sendable, Codable {
    /// Where a campaign is: its name, province and city label.
    public struct Place: Equatable, Sendable, Codable {
        public var name: String
        public var province: String
        public var city: String

        public init(name: String, province: String, city: String) {
            self.name = name; self.province = province; self.city = city
        }
    }

    /// One row of the report: a campaign, a city, or everything.
    public struct Group: Sendable, Codable {
        public var key: String
        public var label: String
        public var province: String?
        public var city: String?
        public var funnel = PipelineFunnel()
        public var targets: PipelineTargets?

        enum CodingKeys: String, CodingKey { case key, label, province, city, funnel, targets }

        /// Every key, absent values as null.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(key, forKey: .key); try c.encode(label, forKey: .label)
            try c.encode(province, forKey: .province); try c.encode(city, forKey: .city)
            try c.encode(funnel, forKey: .funnel); try c.encode(targets, forKey: .targets)
        }
    }

    /// What happened in a period (events dated in it) and where things stood at its end.
    public struct Period: Sendable, Codable {
        /// "2025-03" or "2025Q1".
        public var key: String
        public var start: CalendarDay
        public var end: CalendarDay
        /// The period's end, or the report's day when the period is not over.
        public var asOf: CalendarDay
        /// Targets whose stage date falls in the period, per stage; money signed and put in place in it.
        public var new = Events()
        public var cumulative = PipelineFunnel()

        enum CodingKeys: String, CodingKey { case key, start, end, new, cumulative, asOf = "as_of" }
    }

    /// Stage dates that fall in a period (a stage passed without a date is not an event), and the money
    /// of the contracts signed and the funds arrived in it.
    public struct Events: Equatable, Sendable, Codable {
        /// Per stage id (contacted … dropped), how many targets reached it in the period.
        public var counts: [String: Int] = Dictionary(uniqueKeysWithValues: PipelineStage.allCases.map { ($0.rawValue, 0) })
        public var signed100m = 0.0
        public var funded100m = 0.0

        public subscript(stage: PipelineStage) -> Int {
            get { counts[stage.rawValue] ?? 0 }
            set { counts[stage.rawValue] = newValue }
        }

        /// Adds the events of one target dated from `start` through `end`.
        mutating func add(_ e: PipelineEntry, from start: CalendarDay, through end: CalendarDay) {
            for (stage, day) in e.dates where day >= start && day <= end {
                self[stage] += 1
                if stage == .signed { signed100m += e.signed100m ?? 0 }
                if stage == .funded { funded100m += e.funded100m ?? 0 }
            }
        }

        enum CodingKeys: String, CodingKey { case counts, signed100m = "signed_cny_100m", funded100m = "funded_cny_100m" }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(counts, forKey: .counts)
            try c.encode(PipelineFunnel.rounded(signed100m, 4), forKey: .signed100m)
            try c.encode(PipelineFunnel.rounded(funded100m, 4), forKey: .funded100m)
        }
    }

    /// Targets by the rank they had on their list: 1–10, 11–20, 21–30, 31 and beyond, no rank given.
    public struct RankBand: Sendable, Codable {
        public var key: String
        public var label: String
        public var funnel = PipelineFunnel()
    }

    public var source: String
    public var synthetic: Bool
    public var asOf: CalendarDay?
    /// Targets in the file contacted after `asOf` (not counted).
    public var notYetContacted = 0
    public var total: Group
    public var campaigns: [Group] = []
    public var cities: [Group] = []
    public var months: [Period] = []
    public var quarters: [Period] = []
    public var rankBands: [RankBand] = []

    enum CodingKeys: String, CodingKey {
        case source, synthetic, total, campaigns, cities, months, quarters
        case asOf = "as_of", notYetContacted = "not_yet_contacted", rankBands = "rank_bands"
    }

    /// Every key, a missing `as_of` (an empty file) as null.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source); try c.encode(synthetic, forKey: .synthetic); try c.encode(asOf, forKey: .asOf)
        try c.encode(notYetContacted, forKey: .notYetContacted); try c.encode(total, forKey: .total)
        try c.encode(campaigns, forKey: .campaigns); try c.encode(cities, forKey: .cities); try c.encode(months, forKey: .months)
        try c.encode(quarters, forKey: .quarters); try c.encode(rankBands, forKey: .rankBands)
    }

    public static let rankBandKeys: [(key: String, label: String, range: ClosedRange<Int>?)] = [
        ("1-10", "第1–10名", 1...10), ("11-20", "第11–20名", 11...20), ("21-30", "第21–30名", 21...30),
        ("31+", "第31名以后", 31...Int.max), ("unknown", "无名次", nil),
    ]

    /// The rank band key of a list rank ("unknown" for none).
    public static func rankBand(_ rank: Int?) -> String {
        guard let rank else { return "unknown" }
        return rankBandKeys.first { $0.range?.contains(rank) ?? false }?.key ?? "unknown"
    }

    /// Each campaign's place: its park's province and city, or its province when it names no park.
    public static func places(campaigns: [Campaign], parks: [String: Park]) -> [String: Place] {
        var places: [String: Place] = [:]
        for c in campaigns {
            let park = c.parkID.flatMap { parks[$0] }
            places[c.id] = Place(name: c.nameZh, province: c.province, city: park.map { "\($0.province) \($0.city)" } ?? "\(c.province)（全省）")
        }
        return places
    }

    public init(file: PipelineFile, places: [String: Place], asOf requested: CalendarDay? = nil) {
        let asOf = requested ?? file.lastDate
        source = file.path
        synthetic = file.isSynthetic
        self.asOf = asOf
        let entries = file.entries.filter { e in e.progress(asOf: asOf) != nil }
        notYetContacted = file.entries.count - entries.count
        let place = { (id: String) in places[id] ?? Place(name: id, province: "", city: "未知") }
        let provinces = Set(entries.map { place($0.campaignID).province })
        total = Group(key: "all", label: "合计", province: provinces.count == 1 ? provinces.first : nil, city: nil,
                      targets: provinces.count == 1 ? PipelineTargets.forProvince(provinces.first) : nil)
        var byCampaign: [String: Group] = [:], byCity: [String: Group] = [:]
        var bands = Dictionary(uniqueKeysWithValues: Self.rankBandKeys.map { ($0.key, RankBand(key: $0.key, label: $0.label)) })
        for e in entries {
            let p = place(e.campaignID)
            total.funnel.add(e, asOf: asOf)
            byCampaign[e.campaignID, default: Group(key: e.campaignID, label: p.name, province: p.province, city: p.city,
                                                    targets: PipelineTargets.forProvince(p.province))].funnel.add(e, asOf: asOf)
            byCity[p.city, default: Group(key: p.city, label: p.city, province: p.province, city: p.city,
                                          targets: PipelineTargets.forProvince(p.province))].funnel.add(e, asOf: asOf)
            bands[Self.rankBand(e.listRank)]!.funnel.add(e, asOf: asOf)
        }
        campaigns = byCampaign.values.sorted { $0.key < $1.key }
        cities = byCity.values.sorted { $0.key < $1.key }
        rankBands = Self.rankBandKeys.map { bands[$0.key]! }
        if let asOf, let first = entries.compactMap({ $0.date(.contacted) }).min() {
            months = Self.periods(entries, from: first.monthStart, through: asOf, key: \.monthKey) { $0.monthEnd }
            quarters = Self.periods(entries, from: first.quarterStart, through: asOf, key: \.quarterKey) { $0.quarterEnd }
        }
    }

    /// Consecutive periods from `start` (a period's first day) through the one holding `asOf`; `end`
    /// gives a period's last day from its first.
    static func periods(_ entries: [PipelineEntry], from start: CalendarDay, through asOf: CalendarDay,
                        key: (CalendarDay) -> String, end: (CalendarDay) -> CalendarDay) -> [Period] {
        var periods: [Period] = []
        var begin = start
        while begin <= asOf {
            let last = end(begin)
            var p = Period(key: key(begin), start: begin, end: last, asOf: min(last, asOf))
            for e in entries {
                p.cumulative.add(e, asOf: p.asOf)
                p.new.add(e, from: begin, through: p.asOf)
            }
            periods.append(p)
            begin = last.adding(days: 1)
        }
        return periods
    }
}
