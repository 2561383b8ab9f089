/// A bureau's pipeline file as read: its targets and whether it is a synthetic drawing.
///
/// ```swift
/// let file = try PipelineReader.read(path: "pipeline.csv")
/// file.entries.count, file.isSynthetic   // 412, false
/// ```
///
/// A synthetic file (named `*.synthetic.csv`, with a `synthetic` column of 1s) is never real progress;
/// every report made from it says so.
public struct PipelineFile: Equatable, Sendable {
    /// The path read, for messages and reports.
    public var path: String
    public var entries: [PipelineEntry]
    public var isSynthetic: Bool

    public init(path: String, entries: [PipelineEntry], isSynthetic: Bool) {
        self.path = path
        self.entries = entries
        self.isSynthetic = isSynthetic
    }

    /// The latest day any entry records (the default "as of" of a report).
    public var lastDate: CalendarDay? { entries.compactMap(\.lastDate).max() }
}
