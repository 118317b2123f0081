using ContactCenter.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContactCenter.Server.Tests.Tenancy;

/// <summary>
/// The Data Protection keys sign sessions and protect mail secrets; in a shared production database they must be
/// encrypted, so the server refuses to start there without the certificate. The embedded default starts and warns.
/// </summary>
public sealed class DataProtectionCertificateShould
{
    [Fact]
    public void StopAProductionServerOnPostgresWithoutIt()
    {
        using var server = new Host("Production", "Postgres");

        var refused = Assert.Throws<InvalidOperationException>(() => server.Services);

        Assert.Contains("DataProtection:CertificateFile", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Production", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartTheEmbeddedDefaultInProductionWithAWarning()
    {
        await using var server = new Host("Production", "Sqlite");

        using var client = server.CreateClient();
        using var health = await client.GetAsync("/health");

        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        Assert.Contains(server.Warnings, w => w.Contains("DataProtection:CertificateFile is not set", StringComparison.Ordinal));
    }

    private sealed class Host(string environment, string provider) : WebApplicationFactory<Program>
    {
        private readonly string _data = TestFolders.Create();

        public System.Collections.Concurrent.ConcurrentQueue<string> Warnings { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("Database:Provider", provider);
            builder.UseSetting("Database:DataDirectory", _data);
            builder.ConfigureLogging(logging => logging.AddProvider(new WarningCollector(Warnings)));
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_data, recursive: true);
        }
    }

    private sealed class WarningCollector(System.Collections.Concurrent.ConcurrentQueue<string> warnings) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                warnings.Enqueue(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }
}
