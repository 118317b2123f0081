namespace ContactCenter.Letters.Output;

/// <summary>
/// Writes a file under a temporary name in the same directory and renames it into place, so a crash or an
/// error while writing never leaves a partial file under the final name (rename is atomic within a file system).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; on any error the temporary file is removed.</summary>
    /// <exception cref="IOException">The file cannot be written or renamed.</exception>
    public static void Write(string path, Action<Stream> write, bool flushToDisk = true)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        string temporary = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..12] + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 65536))
            {
                write(stream);
                // Data on disk before the rename, or a power cut could leave an empty file under the final name.
                stream.Flush(flushToDisk);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
