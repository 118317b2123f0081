using ContactCenter.Data;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Jobs;
using ContactCenter.Server.Tenancy.Provisioning;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ContactCenter.Server.Tenancy;

/// <summary>Tenancy: the catalog, tenant databases, tenant resolution per request.</summary>
public static partial class TenancyFeature
{
    public static TenancyBuilder AddTenancy(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(DatabaseSettings.Section).Get<DatabaseSettings>() ?? new DatabaseSettings();
        var services = builder.Services;
        services.AddSingleton(settings);
        if (builder.Environment.IsProduction() && settings.Provider != DatabaseProvider.Sqlite && string.IsNullOrEmpty(builder.Configuration["DataProtection:CertificateFile"]))
        {
            // A shared catalog database holds the keys that sign sessions and protect secrets: never in clear text there.
            throw new InvalidOperationException(
                $"DataProtection:CertificateFile is not set. In Production on {settings.Provider} the server does not start without it: "
                + "set it to a PEM file with a certificate and its private key that encrypts the Data Protection keys kept in the catalog.");
        }

        if (settings.Provider != DatabaseProvider.Sqlite && settings.ServerSettings().Servers.Count > 0)
        {
            // A default server nobody configured would fail every sign-up; better to refuse to start.
            TenantPlacement.CheckDefaultServer(settings);
        }

        var catalogConnectionString = CatalogConnectionString(settings);
        services.AddDbContext<CatalogDbContext>(options => options.UseProvider(settings.Provider, catalogConnectionString));

        switch (settings.Provider)
        {
            case DatabaseProvider.Postgres:
                services.AddSingleton<PostgresTenantDatabases>();
                services.AddSingleton<ITenantDatabases>(sp => sp.GetRequiredService<PostgresTenantDatabases>());
                break;
            case DatabaseProvider.SqlServer:
                services.AddSingleton<ITenantDatabases, SqlServerTenantDatabases>();
                break;
            default:
                services.AddSingleton<ITenantDatabases, SqliteTenantDatabases>();
                break;
        }

        var dataProtection = services.AddDataProtection().SetApplicationName("ContactCenter");
        // Keys at rest in the catalog are encrypted with this certificate (PEM with its private key), so a copy of the
        // catalog alone reveals no key; without it ASP.NET Core warns that keys are stored unencrypted.
        if (builder.Configuration["DataProtection:CertificateFile"] is { Length: > 0 } certificateFile)
        {
            var certificate = LoadKeyEncryptionCertificate(certificateFile);
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        else
        {
            services.AddHostedService<MissingCertificateWarning>();
        }

        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new CatalogXmlRepository(sp.GetRequiredService<IServiceScopeFactory>())));
        services.AddSingleton<TenantStore>();
        services.AddScoped<TenantPlacement>();
        services.AddSingleton<TenantDatabaseFactory>();
        services.AddRecurringJob<RemoveAbandonedTenantsJob>(RemoveAbandonedTenantsJob.Id, RemoveAbandonedTenantsJob.Cron, runAtStart: true);
        services.AddScoped<TenantContext>();
        services.AddExceptionHandler<TenantExceptionHandler>();
        services.AddHttpContextAccessor();
        services.AddScoped<TenantDbContext>(sp =>
        {
            var db = sp.GetRequiredService<TenantDatabaseFactory>().Open(sp.GetRequiredService<TenantContext>().Required);
            db.Actor = ActorOf(sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User);
            return db;
        });
        return new TenancyBuilder(builder);
    }

    /// <summary>How the audit trail names the caller: e-mail, name, subject (a person or an integration's client id).</summary>
    public static string ActorOf(System.Security.Claims.ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true
            ? user.FindFirst("email")?.Value ?? user.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value ?? user.Identity.Name
              ?? user.FindFirst("sub")?.Value ?? "unknown"
            : "anonymous";

    /// <exception cref="InvalidOperationException">The file is missing or holds no certificate with its private key.</exception>
    private static System.Security.Cryptography.X509Certificates.X509Certificate2 LoadKeyEncryptionCertificate(string file)
    {
        try
        {
            using var pem = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(file);
            // Re-imported as PKCS#12 so the private key is usable on every platform, not bound to the PEM import.
            return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(pem.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12), null);
        }
        catch (Exception unusable) when (unusable is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException(
                $"DataProtection:CertificateFile '{file}' must be a readable PEM file with a certificate and its private key: {unusable.Message}", unusable);
        }
    }

    /// <summary>Says at start that the Data Protection keys lie unencrypted in the catalog (the embedded default, development).</summary>
    private sealed partial class MissingCertificateWarning(ILogger<MissingCertificateWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogMissing(logger);
            return Task.CompletedTask;
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "DataProtection:CertificateFile is not set: the Data Protection keys are kept unencrypted in the catalog. Set it in production.")]
        private static partial void LogMissing(ILogger logger);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Resolves the tenant; must run before routing so the <c>/t/&lt;slug&gt;</c> prefix is moved out of the path.</summary>
    public static IApplicationBuilder UseTenancy(this IApplicationBuilder app) => app.UseMiddleware<TenantResolutionMiddleware>();

    /// <summary>Endpoints that work on one tenant's data answer 400 when the request names no tenant.</summary>
    public static TBuilder RequireTenant<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (invocation, next) =>
            invocation.HttpContext.RequestServices.GetRequiredService<TenantContext>().Tenant is null
                ? Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No tenant",
                    detail: "Name the tenant: <slug>.<base domain>, /t/<slug>/ or the X-Tenant header.")
                : await next(invocation));

    /// <summary>Creates or upgrades the catalog database; runs at every start.</summary>
    public static async Task MigrateCatalogAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var settings = services.GetRequiredService<DatabaseSettings>();
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(Path.GetFullPath(settings.DataDirectory));
        }

        await using var scope = services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        await catalog.Database.MigrateAsync(cancellationToken);
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            await using var connection = new SqliteConnection(catalog.Database.GetConnectionString());
            await connection.OpenAsync(cancellationToken);
            await SqliteDatabase.UseWriteAheadLogAsync(connection, cancellationToken);
        }
    }

    /// <summary>The catalog's connection string; the PostgreSQL job storage lives in the same database.</summary>
    internal static string CatalogConnectionString(DatabaseSettings settings)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            return SqliteDatabase.ConnectionString(Path.Combine(Path.GetFullPath(settings.DataDirectory), "catalog.db"));
        }

        var servers = settings.ServerSettings();
        if (!string.IsNullOrWhiteSpace(servers.Catalog))
        {
            return servers.Catalog;
        }

        // With least-tenants placement the catalog lives on the first server unless it is named.
        var catalogServer = TenantPlacement.IsLeastTenants(servers.DefaultServer) ? servers.Servers.Keys.FirstOrDefault() ?? servers.DefaultServer : servers.DefaultServer;
        if (!servers.Servers.TryGetValue(catalogServer, out var server))
        {
            throw new InvalidOperationException(
                $"Database:Provider is {settings.Provider}, but neither Database:{settings.Provider}:Catalog nor " +
                $"Database:{settings.Provider}:Servers:{catalogServer} is configured.");
        }

        return settings.Provider == DatabaseProvider.SqlServer
            ? new SqlConnectionStringBuilder(server) { InitialCatalog = DatabaseServerSettings.DefaultCatalogDatabase }.ConnectionString
            : new NpgsqlConnectionStringBuilder(server) { Database = DatabaseServerSettings.DefaultCatalogDatabase }.ConnectionString;
    }
}

/// <summary>Chooses, in order, the ways a request may name its tenant.</summary>
public sealed class TenancyBuilder(IHostApplicationBuilder builder)
{
    /// <summary><c>&lt;slug&gt;.&lt;Tenancy:BaseDomain&gt;</c>.</summary>
    public TenancyBuilder WithHostStrategy()
    {
        var baseDomain = builder.Configuration["Tenancy:BaseDomain"];
        builder.Services.AddSingleton<ITenantStrategy>(new HostStrategy(baseDomain));
        return this;
    }

    public TenancyBuilder WithPathStrategy()
    {
        builder.Services.AddSingleton<ITenantStrategy, PathStrategy>();
        return this;
    }

    public TenancyBuilder WithHeaderStrategy()
    {
        builder.Services.AddSingleton<ITenantStrategy, HeaderStrategy>();
        return this;
    }
}
