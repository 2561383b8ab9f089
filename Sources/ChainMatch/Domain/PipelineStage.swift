/// How far a campaign's target has come, from first contact to funds in place, or that it was dropped.
///
/// ```swift
/// PipelineStage(label: "已签约")      // .signed
/// PipelineStage(label: "started")    // .started
/// PipelineStage.signed.dateColumn    // "signed_on"
/// PipelineStage.progress             // contacted … funded, in order
/// ```
///
/// The six progress stages are ordered: 已接洽 contacted < 已考察 visited < 洽谈中 negotiating < 已签约 signed
/// < 已开工 started < 资金到位 funded (the first funds of the signed investment have arrived). 已终止 dropped
/// is not a step: a target is dropped after reaching some progress stage, and keeps the dates it had.
public enum PipelineStage: String, CaseIterable, Codable, Sendable, Comparable {
    case contacted, visited, negotiating, signed, started, funded, dropped

    /// The progress stages in order (every case but `dropped`).
    public static let progress: [PipelineStage] = [.contacted, .visited, .negotiating, .signed, .started, .funded]

    /// Reads the English id or the Chinese label (已接洽, 已考察, 洽谈中, 已签约, 已开工, 资金到位, 已终止).
    public init?(label: String) {
        if let stage = PipelineStage(rawValue: label) { self = stage; return }
        guard let stage = Self.allCases.first(where: { $0.nameZh == label }) else { return nil }
        self = stage
    }

    /// The label bureaus write: 已接洽, 已考察, 洽谈中, 已签约, 已开工, 资金到位, 已终止.
    public var nameZh: String {
        switch self {
        case .contacted: return "已接洽"
        case .visited: return "已考察"
        case .negotiating: return "洽谈中"
        case .signed: return "已签约"
        case .started: return "已开工"
        case .funded: return "资金到位"
        case .dropped: return "已终止"
        }
    }

    /// A short label for table headers: 接洽, 考察, 洽谈, 签约, 开工, 到位, 终止.
    public var shortZh: String {
        switch self {
        case .contacted: return "接洽"
        case .visited: return "考察"
        case .negotiating: return "洽谈"
        case .signed: return "签约"
        case .started: return "开工"
        case .funded: return "到位"
        case .dropped: return "终止"
        }
    }

    /// The column holding the date the stage was reached: `contacted_on` … `dropped_on`.
    public var dateColumn: String { rawValue + "_on" }

    /// Position in `allCases` (dropped last).
    public var order: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (a: PipelineStage, b: PipelineStage) -> Bool { a.order < b.order }
}
