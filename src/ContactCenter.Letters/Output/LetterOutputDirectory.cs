namespace ContactCenter.Letters.Output;

/// <summary>
/// The configured output root for letter exports. A tenant's directory setting is always taken relative to it:
/// absolute paths, <c>..</c> segments and symbolic links that lead outside the root are refused.
/// </summary>
public sealed class LetterOutputDirectory
{
    /// <exception cref="LetterOutputPathException">The root is empty or cannot be created.</exception>
    public LetterOutputDirectory(string root)
    {
        if (string.IsNullOrWhiteSpace(root))
        {
            throw new LetterOutputPathException("The letter output root is not configured.");
        }
        try
        {
            var info = Directory.CreateDirectory(Path.GetFullPath(root));
            Root = Path.TrimEndingDirectorySeparator(info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LetterOutputPathException($"The letter output root '{root}' cannot be created: {e.Message}");
        }
    }

    /// <summary>The root, with symbolic links resolved.</summary>
    public string Root { get; }

    /// <summary>
    /// The output directory of one tenant: the folder named by its id under this root. Each tenant's directory setting
    /// is resolved under it, so two tenants naming the same directory never write into each other's.
    /// </summary>
    /// <exception cref="LetterOutputPathException">The tenant's folder cannot be created.</exception>
    public LetterOutputDirectory ForTenant(Guid tenantId) => new(Path.Combine(Root, tenantId.ToString("D")));

    /// <summary>The tenant's directory under the root, created if needed.</summary>
    /// <exception cref="LetterOutputPathException">The setting is absolute, climbs out with <c>..</c>, or passes a link leading outside the root.</exception>
    public string ResolveTenantDirectory(string tenantDirectory)
    {
        if (string.IsNullOrWhiteSpace(tenantDirectory))
        {
            throw new LetterOutputPathException("The tenant's letter directory is not set.");
        }
        if (Path.IsPathRooted(tenantDirectory) || tenantDirectory.StartsWith('~'))
        {
            throw new LetterOutputPathException($"The tenant's letter directory '{tenantDirectory}' is absolute; it must be relative to the output root.");
        }
        if (tenantDirectory.Contains('\0', StringComparison.Ordinal))
        {
            throw new LetterOutputPathException("The tenant's letter directory contains a NUL character.");
        }
        string current = Root;
        foreach (string segment in tenantDirectory.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                throw new LetterOutputPathException($"The tenant's letter directory '{tenantDirectory}' contains '..'; it must stay under the output root.");
            }
            if (segment == ".")
            {
                continue;
            }
            current = Path.Combine(current, segment);
            if (File.Exists(current) && !Directory.Exists(current))
            {
                throw new LetterOutputPathException($"The tenant's letter directory '{tenantDirectory}' names a file, not a directory.");
            }
            var info = new DirectoryInfo(current);
            if (info.Exists && info.LinkTarget is not null)
            {
                string target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? "";
                if (!IsUnderRoot(target))
                {
                    throw new LetterOutputPathException($"The tenant's letter directory '{tenantDirectory}' passes a symbolic link that leads outside the output root.");
                }
            }
        }
        Directory.CreateDirectory(current);
        return current;
    }

    /// <summary>Writes <c>&lt;root&gt;/&lt;tenant directory&gt;/&lt;file name&gt;</c> atomically and returns its path.</summary>
    /// <exception cref="LetterOutputPathException">The tenant directory is not allowed (see <see cref="ResolveTenantDirectory"/>).</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public string Write(string tenantDirectory, string fileName, Action<Stream> write, bool flushToDisk = true)
    {
        string path = Path.Combine(ResolveTenantDirectory(tenantDirectory), SafeFileName(fileName));
        AtomicFile.Write(path, write, flushToDisk);
        return path;
    }

    /// <summary>A file name with path separators and characters file systems refuse replaced by '_'.</summary>
    public static string SafeFileName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        string safe = new([.. (name ?? "").Select(c => invalid.Contains(c) || c is '/' or '\\' || char.IsControl(c) ? '_' : c)]);
        safe = safe.Trim().TrimStart('.');
        return safe.Length == 0 ? "letter" : safe;
    }

    private bool IsUnderRoot(string path)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        return full == Root || full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
