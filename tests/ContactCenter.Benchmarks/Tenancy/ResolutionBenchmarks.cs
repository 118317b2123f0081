using BenchmarkDotNet.Attributes;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Benchmarks.Tenancy;

/// <summary>
/// Cost of resolving a request's tenant when its record is cached, per strategy, against a baseline that
/// only builds the request. Run: <c>dotnet run -c Release --project tests/ContactCenter.Benchmarks -- --filter *Resolution*</c>.
/// </summary>
[MemoryDiagnoser]
public class ResolutionBenchmarks
{
    private const string Slug = "acme";
    private ServiceProvider _services = null!;
    private TenantResolutionMiddleware _middleware = null!;
    private string _folder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "cc-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var services = new ServiceCollection();
        services.AddDbContext<CatalogDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(_folder, "catalog.db")}"));
        services.AddSingleton<TenantStore>();
        _services = services.BuildServiceProvider();
        using (var scope = _services.CreateScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            catalog.Database.EnsureCreated();
            catalog.Tenants.Add(new Tenant { Slug = Slug, Name = "Acme", Status = TenantStatus.Active, DatabaseServer = "local", DatabaseName = "acme" });
            catalog.SaveChanges();
        }

        var store = _services.GetRequiredService<TenantStore>();
        ITenantStrategy[] strategies = [new HostStrategy("contactcenter.example"), new PathStrategy(), new HeaderStrategy()];
        _middleware = new TenantResolutionMiddleware(_ => Task.CompletedTask, strategies, store);
        // Warm the cache: the figure is for the cached case.
        store.FindBySlugAsync(Slug).AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "BenchmarkDotNet measures instance methods.")]
    public HttpContext RequestOnly() => Request("localhost", "/api/categories", header: null);

    [Benchmark]
    public Task ByHost() => Resolve(Request("acme.contactcenter.example", "/api/categories", header: null));

    [Benchmark]
    public Task ByPath() => Resolve(Request("localhost", "/t/acme/api/categories", header: null));

    [Benchmark]
    public Task ByHeader() => Resolve(Request("localhost", "/api/categories", header: Slug));

    private Task Resolve(HttpContext context) => _middleware.InvokeAsync(context, new TenantContext());

    private static DefaultHttpContext Request(string host, string path, string? header)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host);
        context.Request.Path = path;
        if (header is not null)
        {
            context.Request.Headers[HeaderStrategy.HeaderName] = header;
        }

        return context;
    }
}
