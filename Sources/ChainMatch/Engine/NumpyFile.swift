import Foundation

/// Minimal NumPy `.npy` (format 1.0) writer for little-endian float32 and int64 arrays.
///
/// ```swift
/// try NumpyFile.write([1, 2, 3, 4] as [Float], shape: [2, 2], to: "/tmp/x.npy")   // np.load gives a 2×2 float32 array
/// ```
public enum NumpyFile {
    public static func write(_ values: [Float], shape: [Int], to path: String) throws {
        try write(values, descr: "<f4", shape: shape, to: path)
    }

    public static func write(_ values: [Int64], shape: [Int], to path: String) throws {
        try write(values, descr: "<i8", shape: shape, to: path)
    }

    static func write<T>(_ values: [T], descr: String, shape: [Int], to path: String) throws {
        let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(dims)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        withUnsafeBytes(of: UInt16(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array(header.utf8))
        values.withUnsafeBytes { data.append(contentsOf: $0) }
        try AtomicFile.write(data, to: path)
    }
}
