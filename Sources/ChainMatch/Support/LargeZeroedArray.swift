import Foundation

/// Large zero-filled arrays whose memory the kernel may back with 2 MiB pages.
///
/// ```swift
/// var storage = LargeZeroedArray.floats(count: 6574 * 516)   // [Float], all +0
/// ```
///
/// A fresh array of many megabytes is touched page by page as it is zeroed: one fault per 4 KiB page, a few
/// thousand for the bundled feature matrix, which was the largest single cost of reading the load snapshot.
/// Where the kernel hands out transparent huge pages on request (`madvise` mode), the array's whole 2 MiB
/// stretches are marked for them before the first touch, so they fault in a handful of times. Elsewhere, and
/// for small arrays, this is `[Float](repeating: 0, count:)`; the contents are the same either way.
enum LargeZeroedArray {
    static let hugePage = 2 << 20

    static func floats(count: Int) -> [Float] {
        let bytes = count * MemoryLayout<Float>.stride
        guard bytes >= 2 * hugePage else { return [Float](repeating: 0, count: count) }
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            #if os(Linux)
            let start = UInt(bitPattern: buffer.baseAddress!)
            let first = (start + UInt(hugePage) - 1) & ~(UInt(hugePage) - 1)
            let end = (start + UInt(bytes)) & ~(UInt(hugePage) - 1)
            if end > first, let address = UnsafeMutableRawPointer(bitPattern: first) {
                _ = madvise(address, Int(end - first), MADV_HUGEPAGE)   // advice only: a refusal changes nothing
            }
            #endif
            buffer.initialize(repeating: 0)
            initialized = count
        }
    }
}
