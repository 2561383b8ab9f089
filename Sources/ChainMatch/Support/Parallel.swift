import Foundation

/// Work split across the cores.
///
/// ```swift
/// let squares = Parallel.map(Array(0..<10_000)) { $0 * $0 }   // in input order
/// let (a, b) = Parallel.both({ index(file) }, { digest(file) })  // one on each core
/// ```
enum Parallel {
    /// `transform` of every element, computed in contiguous chunks on all cores; the result is in input order.
    /// A chunk holds at least `grain` elements (small work is not worth a thread).
    static func map<T, R>(_ items: [T], grain: Int = 512, _ transform: (T) -> R) -> [R] {
        let chunks = min(max(1, ProcessInfo.processInfo.activeProcessorCount), max(1, items.count / max(1, grain)))
        guard chunks > 1 else { return items.map(transform) }
        var parts = [[R]](repeating: [], count: chunks)
        parts.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = items.count * c / chunks, hi = items.count * (c + 1) / chunks
                (base + c).pointee = items[lo..<hi].map(transform)
            }
        }
        return parts.flatMap { $0 }
    }

    /// `first()` and `second()` at the same time, one per core (in turn on a single core).
    static func both<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
        guard ProcessInfo.processInfo.activeProcessorCount > 1 else { return (first(), second()) }
        var a: A?, b: B?
        withUnsafeMutablePointer(to: &a) { pa in
            withUnsafeMutablePointer(to: &b) { pb in
                DispatchQueue.concurrentPerform(iterations: 2) { i in
                    if i == 0 { pa.pointee = first() } else { pb.pointee = second() }
                }
            }
        }
        return (a!, b!)
    }
}
