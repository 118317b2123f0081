using System.Net;
using System.Text.RegularExpressions;
using Npgsql;

namespace ContactCenter.Testing;

/// <summary>
/// The product deployed as several instances on this machine: server processes (<see cref="ServerProcess"/>) on
/// loopback behind nginx, on PostgreSQL with a catalog and tenant databases of their own, new tenants placed on the
/// dev cluster and, where the test command started it (<c>CC_TEST_POSTGRES_2</c>), the second cluster as well
/// (<c>least-tenants</c>). Optionally the instances reach each cluster through a pgbouncer in transaction mode,
/// and then hear each other's changes by polling the catalog. Disposing it stops everything and drops its databases.
/// </summary>
public sealed partial class ScaledOutServer : IAsyncDisposable
{
    public const string Password = "Correct-Horse-9";

    private readonly string _id = Guid.NewGuid().ToString("N")[..10];
    private readonly List<ServerProcess> _instances = [];
    private readonly string _folder;
    private LoopbackDaemon? _nginx;
    private readonly List<LoopbackDaemon> _pgbouncers = [];

    private ScaledOutServer()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"cc-scaled-{_id}");
        Directory.CreateDirectory(_folder);
    }

    public IReadOnlyList<ServerProcess> Instances => _instances;

    /// <summary>nginx, in front of every instance.</summary>
    public Uri Address => new($"http://127.0.0.1:{_nginx!.Port}/");

    /// <summary>The database servers new tenants are placed on, by name.</summary>
    public IReadOnlyList<string> DatabaseServers { get; private set; } = [];

    /// <summary>Where the instances' output goes, one log file each.</summary>
    public string LogFolder => _folder;

    public string DatabasePrefix => $"cc_s{_id}_";

    /// <summary>Starts <paramref name="instances"/> instances and nginx; <paramref name="settings"/> go on top of ours.</summary>
    public static async Task<ScaledOutServer> StartAsync(int instances, bool throughPgbouncer = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        var server = new ScaledOutServer();
        try
        {
            await server.StartInstancesAsync(instances, throughPgbouncer, settings ?? new Dictionary<string, string>());
            return server;
        }
        catch (InvalidOperationException failed)
        {
            // The folder goes with the server: what the instances wrote goes into the failure.
            var logs = server.LogTails();
            await server.DisposeAsync();
            throw new InvalidOperationException($"{failed.Message}\n{logs}", failed);
        }
    }

    /// <summary>A client of nginx (or of one instance) that keeps cookies and does not follow redirects.</summary>
    public static HttpClient Browser(Uri address, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Signs a tenant up through nginx; its administrator is <c>admin@&lt;slug&gt;.example</c>.</summary>
    public async Task SignUpAsync(string slug)
    {
        using var client = Browser(Address);
        using var response = await client.PostAsync(new Uri("api/signup", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new
        {
            companyName = "Company " + slug, slug, adminEmail = $"admin@{slug}.example", adminPassword = Password,
        }));
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Sign-up of {slug} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Signs in at the login page and chooses the tenant, as a person does; the client keeps the cookie.</summary>
    public static async Task SignInAsync(HttpClient browser, string email, string slug)
    {
        ArgumentNullException.ThrowIfNull(browser);
        await PostFormAsync(browser, "account/login", new() { ["email"] = email, ["password"] = Password });
        await PostFormAsync(browser, "account/tenant", new() { ["tenant"] = slug });
    }

    /// <summary>The antiforgery token of a page the signed-in client reads (for API calls made with the cookie).</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient browser, string page)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var html = await browser.GetStringAsync(new Uri(page, UriKind.Relative));
        return Hidden(html).TryGetValue("__RequestVerificationToken", out var token) ? token : throw new InvalidOperationException($"{page} has no antiforgery token.");
    }

    /// <summary>The last lines each instance wrote, for a failure's message.</summary>
    public string LogTails() =>
        string.Join("\n", Directory.GetFiles(_folder, "instance-*.log").Order(StringComparer.Ordinal).Select(f => $"---- {Path.GetFileName(f)}\n{Tail(f)}"));

    /// <summary>Which database server each of the tenants (by slug) was placed on, from the catalog.</summary>
    public async Task<IReadOnlyDictionary<string, string>> PlacementAsync()
    {
        await using var connection = new NpgsqlConnection(CatalogConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "Slug", "DatabaseServer" FROM "Tenants" """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var placement = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            placement[reader.GetString(0)] = reader.GetString(1);
        }

        return placement;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }

        foreach (var pgbouncer in _pgbouncers)
        {
            await pgbouncer.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        foreach (var cluster in Clusters())
        {
            await DropAsync(cluster, DatabasePrefix);
            await DropAsync(cluster, CatalogDatabase);
        }

        Directory.Delete(_folder, recursive: true);
    }

    private string CatalogDatabase => $"cc_s{_id}_catalog";

    private string CatalogConnectionString => new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = CatalogDatabase, Pooling = false }.ConnectionString;

    private static IEnumerable<string> Clusters() =>
        new[] { PostgresServer.ConnectionString, Environment.GetEnvironmentVariable("CC_TEST_POSTGRES_2") }.OfType<string>();

    private async Task StartInstancesAsync(int count, bool throughPgbouncer, IReadOnlyDictionary<string, string> extra)
    {
        var main = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Database:Provider"] = "Postgres",
            ["Database:Postgres:DatabasePrefix"] = DatabasePrefix,
            ["Database:DataDirectory"] = Path.Combine(_folder, "data"),
            ["Letters:OutputRoot"] = Path.Combine(_folder, "letters"),
            ["DataProtection:CertificateFile"] = TestCertificates.DataProtectionFile(_folder),
            ["Hosting:TrustedProxies:0"] = "127.0.0.1",
            ["SignUp:PermitsPerMinute"] = "100000",
            ["Identity:LoginPermitsPerMinute"] = "100000",
            ["Identity:TokenPermitsPerMinute"] = "100000",
            ["Mail:FetchEnabled"] = "false",
        };
        if (throughPgbouncer)
        {
            // Through pgbouncer a database that does not exist yet keeps the client waiting (pgbouncer retries the login)
            // instead of answering "does not exist", which the catalog's first migration looks for: it is made beforehand,
            // as docs/deployment.md tells operators.
            await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(main.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{CatalogDatabase}\"", connection);
                await create.ExecuteNonQueryAsync();
            }

            var pooled = await PooledAsync(main.ConnectionString);
            settings["Database:Postgres:Servers:main"] = pooled.ConnectionString;
            settings["Database:Postgres:Catalog"] = new NpgsqlConnectionStringBuilder(pooled.ConnectionString) { Database = CatalogDatabase }.ConnectionString;
            settings["Instances:Signals"] = "Poll";
            settings["Instances:PollInterval"] = "00:00:01";
        }
        else
        {
            settings["Database:Postgres:Servers:main"] = main.ConnectionString;
            settings["Database:Postgres:Catalog"] = new NpgsqlConnectionStringBuilder(main.ConnectionString) { Database = CatalogDatabase }.ConnectionString;
        }

        DatabaseServers = ["main"];
        if (Environment.GetEnvironmentVariable("CC_TEST_POSTGRES_2") is { Length: > 0 } second)
        {
            settings["Database:Postgres:Servers:second"] = throughPgbouncer ? (await PooledAsync(second)).ConnectionString : second;
            settings["Database:Postgres:DefaultServer"] = "least-tenants";
            DatabaseServers = ["main", "second"];
        }

        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        for (var i = 0; i < count; i++)
        {
            _instances.Add(new ServerProcess(settings, Path.Combine(_folder, $"instance-{i + 1}.log")));
        }

        _nginx = await LoopbackProxies.NginxAsync(_instances.Select(i => i.Port));
        settings["Hosting:PublicOrigin"] = Address.GetLeftPart(UriPartial.Authority);
        // The first instance creates the catalog; the others find it made.
        await _instances[0].StartAsync();
        await Task.WhenAll(_instances.Skip(1).Select(i => i.StartAsync()));
    }

    private static string Tail(string file)
    {
        using var shared = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var lines = new StreamReader(shared).ReadToEnd().Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 40)));
    }

    /// <summary>A pgbouncer in front of the server, and the connection string that reaches the server through it.</summary>
    private async Task<NpgsqlConnectionStringBuilder> PooledAsync(string server)
    {
        var direct = new NpgsqlConnectionStringBuilder(server);
        var pgbouncer = await LoopbackProxies.PgbouncerAsync(direct.Host!, direct.Port, direct.Username!, direct.Password!);
        _pgbouncers.Add(pgbouncer);
        return new NpgsqlConnectionStringBuilder(server) { Port = pgbouncer.Port, NoResetOnClose = true };
    }

    private static async Task DropAsync(string cluster, string prefix)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cluster) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var names = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE starts_with(datname, @prefix)", connection))
        {
            list.Parameters.AddWithValue("prefix", prefix);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (var name in names)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }


    private static async Task PostFormAsync(HttpClient browser, string url, Dictionary<string, string> fields)
    {
        var page = await browser.GetStringAsync(new Uri(url, UriKind.Relative));
        foreach (var (name, value) in Hidden(page))
        {
            fields[name] = value;
        }

        using var response = await browser.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent(fields));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The hidden inputs of a page, by name.</summary>
    private static Dictionary<string, string> Hidden(string page)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in InputPattern().Matches(page).Select(m => m.Value).Where(tag => tag.Contains("type=\"hidden\"", StringComparison.Ordinal)))
        {
            var (name, value) = (NamePattern().Match(input), ValuePattern().Match(input));
            if (name.Success)
            {
                fields[WebUtility.HtmlDecode(name.Groups[1].Value)] = WebUtility.HtmlDecode(value.Groups[1].Value);
            }
        }

        return fields;
    }

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputPattern();

    [GeneratedRegex("\\sname=\"([^\"]*)\"")]
    private static partial Regex NamePattern();

    [GeneratedRegex("\\svalue=\"([^\"]*)\"")]
    private static partial Regex ValuePattern();
}
