import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// File writes that a signal or a crash cannot leave half done.
///
/// `replace` writes a temporary file in the same folder, flushes it to disk and renames it over the
/// target: rename(2) within one file system is atomic, so a reader (or the next run, after a crash)
/// sees either the old report or the new one, never a torn one. Foundation's `.atomic` option is
/// not used because where it puts its temporary file differs between platforms.
public enum AtomicFile {
    /// A write that did not happen, as a sentence.
    public struct WriteError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Replaces the file at `url` with `data` atomically.
    public static func replace(_ url: URL, with data: Data) throws {
        let directory = url.deletingLastPathComponent().path
        let temporary = "\(directory)/.\(url.lastPathComponent).\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("cannot create \(temporary)") }
        do {
            try writeAll(fd, data, path: temporary)
            guard fsync(fd) == 0 else { throw failure("cannot flush \(temporary) to disk") }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, url.path) == 0 else {
            let e = failure("cannot rename \(temporary) to \(url.path)")
            unlink(temporary)
            throw e
        }
    }

    /// Appends `data` to the file at `url` (created if missing) in one write, so that lines written
    /// by one call are never interleaved with another's.
    public static func append(_ url: URL, _ data: Data) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("cannot open \(url.path) for appending") }
        defer { close(fd) }
        try writeAll(fd, data, path: url.path)
    }

    private static func writeAll(_ fd: Int32, _ data: Data, path: String) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw failure("cannot write \(path)")
                }
                offset += n
            }
        }
    }

    private static func failure(_ what: String) -> WriteError {
        WriteError(description: "\(what): \(String(cString: strerror(errno))).")
    }
}
