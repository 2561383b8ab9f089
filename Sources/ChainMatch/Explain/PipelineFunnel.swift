/// How many targets reached each stage, with the money and the rates 履约率, 开工率 and 资金到位率.
///
/// ```swift
/// var f = PipelineFunnel()
/// for e in file.entries { f.add(e, asOf: CalendarDay(iso: "2026-06-30")) }
/// f.signed, f.startRate, f.fundingRate   // 12, 0.75, 0.41
/// ```
///
/// Counts are cumulative — a signed target counts as contacted, visited and negotiating too — and taken
/// as of a day: a stage counts once its date (or a later stage's) has passed, a target is dropped once
/// `dropped_on` has passed. Rates (nil when nothing was signed):
/// - 履约率 performance rate = signed targets not dropped by then ÷ signed targets;
/// - 开工率 start rate = targets started ÷ targets signed;
/// - 资金到位率 funding rate = 亿元 in place ÷ 亿元 signed (a target's funds count from `funded_on`, its
///   signed amount from `signed_on`);
/// - 签约率 signing rate = targets signed ÷ targets contacted.
public struct PipelineFunnel: Equatable, Sendable, Codable {
    public var contacted = 0, visited = 0, negotiating = 0, signed = 0, started = 0, funded = 0
    /// Targets dropped (已终止) by then, whatever stage they had reached.
    public var dropped = 0
    /// Signed targets not dropped by then (the numerator of 履约率).
    public var performing = 0
    public var signed100m = 0.0
    public var funded100m = 0.0

    public init() {}

    /// Counts one target as it stood on `asOf` (its whole record when nil).
    public mutating func add(_ e: PipelineEntry, asOf: CalendarDay?) {
        guard let progress = e.progress(asOf: asOf) else { return }
        for stage in PipelineStage.progress where progress >= stage { self[stage] += 1 }
        let dropped = e.isDropped(asOf: asOf)
        if dropped { self.dropped += 1 }
        if progress >= .signed && !dropped { performing += 1 }
        signed100m += e.signedAmount(asOf: asOf)
        funded100m += e.fundedAmount(asOf: asOf)
    }

    /// The count of targets that reached `stage` (dropped: were dropped).
    public subscript(stage: PipelineStage) -> Int {
        get {
            switch stage {
            case .contacted: return contacted
            case .visited: return visited
            case .negotiating: return negotiating
            case .signed: return signed
            case .started: return started
            case .funded: return funded
            case .dropped: return dropped
            }
        }
        set {
            switch stage {
            case .contacted: contacted = newValue
            case .visited: visited = newValue
            case .negotiating: negotiating = newValue
            case .signed: signed = newValue
            case .started: started = newValue
            case .funded: funded = newValue
            case .dropped: dropped = newValue
            }
        }
    }

    /// 履约率: signed targets still performing (not dropped) ÷ signed targets.
    public var performanceRate: Double? { signed > 0 ? Double(performing) / Double(signed) : nil }
    /// 开工率: started ÷ signed.
    public var startRate: Double? { signed > 0 ? Double(started) / Double(signed) : nil }
    /// 资金到位率: 亿元 in place ÷ 亿元 signed.
    public var fundingRate: Double? { signed100m > 0 ? funded100m / signed100m : nil }
    /// 签约率: signed ÷ contacted.
    public var signingRate: Double? { contacted > 0 ? Double(signed) / Double(contacted) : nil }

    enum CodingKeys: String, CodingKey {
        case contacted, visited, negotiating, signed, started, funded, dropped, performing
        case signed100m = "signed_cny_100m", funded100m = "funded_cny_100m"
        case performanceRate = "performance_rate", startRate = "start_rate", fundingRate = "funding_rate", signingRate = "signing_rate"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        for stage in PipelineStage.allCases { self[stage] = try c.decode(Int.self, forKey: CodingKeys(rawValue: stage.rawValue)!) }
        performing = try c.decode(Int.self, forKey: .performing)
        signed100m = try c.decode(Double.self, forKey: .signed100m)
        funded100m = try c.decode(Double.self, forKey: .funded100m)
    }

    /// Counts, amounts (to 4 decimals), and the rates (to 6 decimals; null when their denominator is 0).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        for stage in PipelineStage.allCases { try c.encode(self[stage], forKey: CodingKeys(rawValue: stage.rawValue)!) }
        try c.encode(performing, forKey: .performing)
        try c.encode(Self.rounded(signed100m, 4), forKey: .signed100m)
        try c.encode(Self.rounded(funded100m, 4), forKey: .funded100m)
        try c.encode(performanceRate.map { Self.rounded($0, 6) }, forKey: .performanceRate)
        try c.encode(startRate.map { Self.rounded($0, 6) }, forKey: .startRate)
        try c.encode(fundingRate.map { Self.rounded($0, 6) }, forKey: .fundingRate)
        try c.encode(signingRate.map { Self.rounded($0, 6) }, forKey: .signingRate)
    }

    /// `value` to `digits` decimals, so sums of cents print as cents.
    static func rounded(_ value: Double, _ digits: Int) -> Double {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}
