/// One target of a campaign in a bureau's pipeline (招商项目台账): how far it came, when, and the money.
///
/// ```swift
/// var e = PipelineEntry(campaignID: "qh-golmud-salt-lake-lithium", enterpriseID: "SZ002466", stage: .signed)
/// e.dates = [.contacted: CalendarDay(iso: "2025-01-10")!, .signed: CalendarDay(iso: "2025-06-30")!]
/// e.signed100m = 12
/// e.progress(asOf: CalendarDay(iso: "2025-03-31")!)   // .contacted (visited and negotiating were not dated)
/// e.progress(asOf: nil)                               // .signed
/// ```
///
/// `stage` is the stage recorded in the file; `dates` hold the day each stage was reached (a stage passed
/// without a date — a visit not recorded — counts as reached once a later stage is). Money is in 亿元:
/// `signed100m` the investment of the signed contract, `funded100m` the part of it in place.
public struct PipelineEntry: Equatable, Sendable {
    /// The per-block scores the target had on the list (the engine's exact contributions, in points).
    public struct BlockScores: Equatable, Sendable {
        public var chain: Double?
        public var endowment: Double?
        public var relatedness: Double?
        public var profile: Double?

        public init(chain: Double? = nil, endowment: Double? = nil, relatedness: Double? = nil, profile: Double? = nil) {
            self.chain = chain; self.endowment = endowment; self.relatedness = relatedness; self.profile = profile
        }

        /// In the block order chain, endowment, relatedness, profile.
        public var values: [Double?] { [chain, endowment, relatedness, profile] }
    }

    public var campaignID: String
    public var enterpriseID: String
    /// The stage recorded (`dropped` for a target that was dropped at any point).
    public var stage: PipelineStage
    public var dates: [PipelineStage: CalendarDay] = [:]
    /// The signed investment, 亿元; present once the target signed.
    public var signed100m: Double?
    /// The investment in place (资金到位), 亿元; present once the first funds arrived.
    public var funded100m: Double?
    /// The target's rank on the list it was taken from (1 = first).
    public var listRank: Int?
    /// The day of that list, and the run it came from (a batch run name such as 2025-01-01T000000Z).
    public var listDate: CalendarDay?
    public var listRun: String?
    public var scores = BlockScores()
    public var notes = ""
    /// The line of the file the entry was read from (0 when built in code).
    public var line = 0

    public init(campaignID: String, enterpriseID: String, stage: PipelineStage) {
        self.campaignID = campaignID
        self.enterpriseID = enterpriseID
        self.stage = stage
    }

    public func date(_ stage: PipelineStage) -> CalendarDay? { dates[stage] }

    /// The furthest progress stage with a date on or before `asOf` (any date when nil); nil when the
    /// target was not yet contacted then.
    public func progress(asOf: CalendarDay?) -> PipelineStage? {
        PipelineStage.progress.last { stage in dates[stage].map { asOf == nil || $0 <= asOf! } ?? false }
    }

    /// Whether the target had reached `stage` by `asOf`: it or a later progress stage is dated by then.
    public func reached(_ stage: PipelineStage, asOf: CalendarDay?) -> Bool {
        guard stage != .dropped else { return isDropped(asOf: asOf) }
        return progress(asOf: asOf).map { $0 >= stage } ?? false
    }

    /// Whether the target was dropped (已终止) on or before `asOf` (at all, when nil).
    public func isDropped(asOf: CalendarDay?) -> Bool {
        dates[.dropped].map { asOf == nil || $0 <= asOf! } ?? false
    }

    /// The signed investment counted by `asOf`: the amount once `signed_on` has passed, else 0.
    public func signedAmount(asOf: CalendarDay?) -> Double {
        reached(.signed, asOf: asOf) ? (signed100m ?? 0) : 0
    }

    /// The investment in place counted by `asOf`: the amount once `funded_on` has passed, else 0.
    public func fundedAmount(asOf: CalendarDay?) -> Double {
        reached(.funded, asOf: asOf) ? (funded100m ?? 0) : 0
    }

    /// The latest day recorded for this target.
    public var lastDate: CalendarDay? { dates.values.max() }
}
