import Foundation

/// Creating output folders with failures a person can act on.
///
/// ```swift
/// try Folders.create("runs/2026-12-04")   // throws .cannotCreateOutput("… is a file, not a folder")
/// ```
public enum Folders {
    /// Creates `path` and its parents; an existing folder is fine. Every failure becomes
    /// `ChainMatchError.cannotCreateOutput` (exit 73) with a sentence naming the path that failed.
    public static func create(_ path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw ChainMatchError.cannotCreateOutput(path: path, "it is a file, not a folder") }
            return
        }
        // The first existing ancestor must be a folder we may write in.
        var ancestor = (path as NSString).deletingLastPathComponent
        while !ancestor.isEmpty, !FileManager.default.fileExists(atPath: ancestor, isDirectory: &isFolder) {
            let up = (ancestor as NSString).deletingLastPathComponent
            if up == ancestor { break }
            ancestor = up
        }
        if !ancestor.isEmpty, FileManager.default.fileExists(atPath: ancestor, isDirectory: &isFolder), !isFolder.boolValue {
            throw ChainMatchError.cannotCreateOutput(path: path, "\(ancestor) is a file, not a folder")
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw ChainMatchError.cannotCreateOutput(path: path, sentence(for: error))
        }
    }

    /// A sentence for a file-system error: the POSIX reason when there is one.
    public static func sentence(for error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))).lowercased() }
        switch ns.code {
        case NSFileWriteNoPermissionError: return "permission denied"
        case NSFileWriteOutOfSpaceError: return "no space left on the device"
        case NSFileWriteVolumeReadOnlyError: return "the volume is read-only"
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file or folder"
        default: return "the file system refused (\(ns.domain) \(ns.code))"
        }
    }
}
