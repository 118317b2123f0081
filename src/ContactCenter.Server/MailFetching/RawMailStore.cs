using ContactCenter.Data.Tenant;

namespace ContactCenter.Server.MailFetching;

/// <summary>
/// Where the raw bytes of received mail live: in the tenant database (<see cref="RawMail.Content"/>, the default) or,
/// when <c>Mail:StoreDirectory</c> is set, in a content-addressed file store beneath it
/// (<c>&lt;dir&gt;/&lt;tenant id&gt;/&lt;first two hex digits&gt;/&lt;sha256&gt;.eml</c>). A file is written and flushed to
/// disk before the row naming it is committed, so a committed row always finds its bytes; a file whose row never
/// committed is harmless (the same content names the same file).
/// </summary>
public sealed class RawMailStore(IConfiguration configuration)
{
    public const string DirectoryKey = "Mail:StoreDirectory";

    private readonly string? _directory = configuration[DirectoryKey] is { Length: > 0 } directory ? Path.GetFullPath(directory) : null;

    /// <summary>Stores the bytes; returns what goes into <see cref="RawMail.Content"/> (null when they went to a file).</summary>
    public async Task<byte[]?> PutAsync(Guid tenantId, string sha256, byte[] raw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (_directory is null)
        {
            return raw;
        }

        var path = PathOf(tenantId, sha256);
        if (File.Exists(path))
        {
            return null;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await file.WriteAsync(raw, cancellationToken);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        return null;
    }

    /// <summary>The stored bytes of <paramref name="raw"/>.</summary>
    /// <exception cref="FileNotFoundException">The file store lost the file (or <c>Mail:StoreDirectory</c> changed).</exception>
    public async Task<byte[]> ReadAsync(Guid tenantId, RawMail raw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Content is { } content)
        {
            return content;
        }

        if (_directory is null)
        {
            throw new FileNotFoundException($"The raw mail {raw.Sha256} lives in a file store, and {DirectoryKey} is not set.");
        }

        var path = PathOf(tenantId, raw.Sha256);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (DirectoryNotFoundException e)
        {
            // The tenant's or the hash's folder went with the file: the same loss, the documented exception.
            throw new FileNotFoundException($"The raw mail {raw.Sha256} is missing from the file store.", path, e);
        }
    }

    private string PathOf(Guid tenantId, string sha256)
    {
        // The hash is ours (hex), never a sender's text; checked anyway, so that no value can leave the directory.
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("Not a lower-case SHA-256.", nameof(sha256));
        }

        return Path.Combine(_directory!, tenantId.ToString("D"), sha256[..2], sha256 + ".eml");
    }
}
