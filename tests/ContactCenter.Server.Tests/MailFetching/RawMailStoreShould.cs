using System.Security.Cryptography;
using System.Text;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.MailFetching;
using ContactCenter.Testing;
using Microsoft.Extensions.Configuration;

namespace ContactCenter.Server.Tests.MailFetching;

/// <summary>Where raw mail lives: in the row by default, or content-addressed under <c>Mail:StoreDirectory</c>.</summary>
public sealed class RawMailStoreShould : IDisposable
{
    private static readonly byte[] Mail = Encoding.ASCII.GetBytes("From: erika@example.com\r\nSubject: Hello\r\n\r\nHi\r\n");

    private readonly string _directory = TestFolders.Create();

    [Fact]
    public async Task KeepTheBytesInTheRowWithoutAStoreDirectory()
    {
        var store = Store(null);
        var sha256 = Sha256(Mail);

        var content = await store.PutAsync(Guid.NewGuid(), sha256, Mail, CancellationToken.None);
        var read = await store.ReadAsync(Guid.NewGuid(), new RawMail { Sha256 = sha256, Content = content }, CancellationToken.None);

        Assert.Same(Mail, content);
        Assert.Equal(Mail, read);
        await Assert.ThrowsAsync<FileNotFoundException>(() => store.ReadAsync(Guid.NewGuid(), new RawMail { Sha256 = sha256 }, CancellationToken.None));
    }

    [Fact]
    public async Task WriteTheBytesToAFileNamedByTenantAndHashAndReadThemBack()
    {
        var store = Store(_directory);
        var tenant = Guid.NewGuid();
        var sha256 = Sha256(Mail);

        var content = await store.PutAsync(tenant, sha256, Mail, CancellationToken.None);
        var again = await store.PutAsync(tenant, sha256, Mail, CancellationToken.None);
        var read = await store.ReadAsync(tenant, new RawMail { Sha256 = sha256, Content = content }, CancellationToken.None);

        Assert.Null(content);
        Assert.Null(again);
        var file = Path.Combine(_directory, tenant.ToString("D"), sha256[..2], sha256 + ".eml");
        Assert.Equal(Mail, await File.ReadAllBytesAsync(file));
        Assert.Equal([file], Directory.GetFiles(_directory, "*", SearchOption.AllDirectories));
        Assert.Equal(Mail, read);
        // Another tenant's store has no such file, even for the same content.
        await Assert.ThrowsAsync<FileNotFoundException>(() => store.ReadAsync(Guid.NewGuid(), new RawMail { Sha256 = sha256 }, CancellationToken.None));
    }

    [Fact]
    public async Task StillReadBytesKeptInTheRowWhenAStoreDirectoryIsSet()
    {
        var store = Store(_directory);

        var read = await store.ReadAsync(Guid.NewGuid(), new RawMail { Sha256 = Sha256(Mail), Content = Mail }, CancellationToken.None);

        Assert.Equal(Mail, read);
        Assert.Empty(Directory.GetFiles(_directory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task RefuseANameThatIsNoLowerCaseSha256()
    {
        var store = Store(_directory);

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(Guid.NewGuid(), "../../etc/passwd", Mail, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(Guid.NewGuid(), Sha256(Mail).ToUpperInvariant(), Mail, CancellationToken.None));
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static RawMailStore Store(string? directory) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [RawMailStore.DirectoryKey] = directory }).Build());

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
