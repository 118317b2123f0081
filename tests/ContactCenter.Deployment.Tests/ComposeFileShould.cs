using System.Net;
using System.Text.RegularExpressions;
using ContactCenter.Deployment.Tests.Support;
using ContactCenter.Server.Tenancy;
using Microsoft.Extensions.Configuration;

namespace ContactCenter.Deployment.Tests;

/// <summary>infra/docker/compose.yaml, checked without a Docker engine: what it runs, in which order, configured how.</summary>
public sealed partial class ComposeFileShould
{
    private static readonly string[] Apps = ["app1", "app2"];
    private readonly ComposeFile _compose = ComposeFile.Load();

    [Fact]
    public void RunTwoInstancesBehindNginxWithPostgresDovecotAndPostfix()
    {
        foreach (var service in (string[])["app1", "app2", "nginx", "postgres", "dovecot", "postfix", "migrate"])
        {
            _compose.Service(service);
        }

        var image = _compose.Service("migrate")["image"];
        foreach (var app in Apps)
        {
            Assert.Equal(image, _compose.Service(app)["image"]);
            Assert.True(_compose.Service(app).ContainsKey("healthcheck"), $"{app} has no health check.");
        }

        // Same image, same configuration: the instances differ in nothing but their name.
        Assert.Equal(_compose.Environment("app1"), _compose.Environment("app2"));
        Assert.Equal(_compose.Environment("app1"), _compose.Environment("migrate"));
        foreach (var (name, service) in _compose.Services.Select(s => ((string)s.Key, (Dictionary<object, object>)s.Value)))
        {
            var dockerfile = service.GetValueOrDefault("build") switch
            {
                null => null,
                string context => Path.Combine(Repository.PathOf("infra/docker"), context, "Dockerfile"),
                Dictionary<object, object> build => Path.Combine(Repository.PathOf("infra/docker"), (string)build["context"], (string)build["dockerfile"]),
                var other => throw new InvalidOperationException($"{name}: build is {other}"),
            };
            Assert.True(dockerfile is null || File.Exists(dockerfile), $"{name} builds from {dockerfile}, which does not exist.");
        }
    }

    [Fact]
    public async Task CheckTheInstancesReadinessWithACommandThatWorks()
    {
        var test = ((List<object>)ComposeFile.Map(_compose.Service("app1"), "healthcheck")["test"]).Cast<string>().ToArray();
        Assert.Equal("CMD", test[0]);
        Assert.Contains("GET /health/ready ", test[^1], StringComparison.Ordinal);
        await DockerfileShould.AssertHealthCommandAsync(test[1..], DockerfileShould.ExposedPort(), "/health/ready");
    }

    [Fact]
    public void StartTheInstancesOnlyAfterTheMigrationAndHealthyDependencies()
    {
        foreach (var app in Apps)
        {
            var dependsOn = ComposeFile.Map(_compose.Service(app), "depends_on");
            Assert.Equal("service_completed_successfully", ComposeFile.Map(dependsOn, "migrate")["condition"]);
            Assert.Equal("service_healthy", ComposeFile.Map(dependsOn, "postgres")["condition"]);
        }

        Assert.Equal(["migrate"], ((List<object>)_compose.Service("migrate")["command"]).Cast<string>());
        foreach (var (name, service) in _compose.Services.Select(s => ((string)s.Key, (Dictionary<object, object>)s.Value)))
        {
            if (!service.TryGetValue("depends_on", out var dependencies))
            {
                continue;
            }

            foreach (var (dependency, condition) in ((Dictionary<object, object>)dependencies).Select(d => ((string)d.Key, (Dictionary<object, object>)d.Value)))
            {
                if ((string)condition["condition"] == "service_healthy")
                {
                    Assert.True(_compose.Service(dependency).ContainsKey("healthcheck"),
                        $"{name} waits for {dependency} to be healthy, but {dependency} has no health check.");
                }
            }
        }
    }

    [Fact]
    public void SetOnlyConfigurationKeysTheServerReads()
    {
        var environment = _compose.Environment("app1");
        var problems = environment.Select(e => ServerConfiguration.Check(e.Key, e.Value)).OfType<string>().ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void GiveTheServerAConfigurationItAccepts()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(_compose.Environment("app1").Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), (string?)e.Value)))
            .Build();
        var database = configuration.GetSection(DatabaseSettings.Section).Get<DatabaseSettings>()!;
        Assert.Equal(ContactCenter.Data.DatabaseProvider.Postgres, database.Provider);
        var server = Assert.Contains(database.Postgres.DefaultServer, database.Postgres.Servers);
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(server);
        Assert.Equal("postgres", connection.Host);
        Assert.Equal(_compose.Environment("postgres")["POSTGRES_USER"], connection.Username);
        Assert.Equal(_compose.Settings["POSTGRES_PASSWORD"], connection.Password);
        Assert.NotNull(ContactCenter.Server.PublicOrigin.Configured(configuration));
        ContactCenter.Server.MailFetching.MailFetchSettings.From(configuration);
        Assert.False(string.IsNullOrEmpty(configuration["DataProtection:CertificateFile"]),
            "In Production on PostgreSQL the server does not start without DataProtection:CertificateFile.");
    }

    [Fact]
    public void TakeEveryVariableItInterpolatesFromTheEnvironmentExample()
    {
        var missing = _compose.InterpolatedVariables().Where(v => !_compose.Settings.ContainsKey(v)).ToList();
        Assert.True(missing.Count == 0, $"{ComposeFile.EnvExamplePath} does not mention {string.Join(", ", missing)}.");
    }

    [Fact]
    public void TrustForwardedHeadersFromNginxAlone()
    {
        var environment = _compose.Environment("app1");
        var trusted = environment.Where(e => e.Key.StartsWith(ContactCenter.Server.TrustedProxies.Key.Replace(":", "__", StringComparison.Ordinal), StringComparison.Ordinal))
            .Select(e => e.Value).ToList();
        var nginx = ComposeFile.Map(ComposeFile.Map(_compose.Service("nginx"), "networks"), "backend");
        Assert.Equal([(string)nginx["ipv4_address"]], trusted);
        var subnet = (string)((Dictionary<object, object>)((List<object>)ComposeFile.Map(ComposeFile.Map(ComposeFile.Map(_compose.Root, "networks"), "backend"), "ipam")["config"])[0])["subnet"];
        Assert.True(System.Net.IPNetwork.Parse(subnet).Contains(IPAddress.Parse(trusted[0])), $"nginx's address {trusted[0]} is outside the network {subnet}.");
    }

    [Fact]
    public void SendNginxTrafficToEveryInstanceOnTheImagesPort()
    {
        var upstream = UpstreamServer().Matches(Repository.Read("infra/docker/nginx.conf")).Select(m => m.Groups["host"].Value + ":" + m.Groups["port"].Value);
        var port = DockerfileShould.ExposedPort();
        Assert.Equal(Apps.Select(a => $"{a}:{port}"), upstream.Order());
        var volumes = ((List<object>)_compose.Service("nginx")["volumes"]).Cast<string>();
        Assert.Contains("./nginx.conf:/etc/nginx/nginx.conf:ro", volumes);
    }

    [Fact]
    public void ShareTheFileStoresBetweenTheInstances()
    {
        var environment = _compose.Environment("app1");
        foreach (var app in Apps)
        {
            var volumes = ((List<object>)_compose.Service(app)["volumes"]).Cast<string>().Select(v => v.Split(':')).ToList();
            var data = Assert.Single(volumes, v => v[1] == "/data");
            Assert.Contains(data[0], ComposeFile.Map(_compose.Root, "volumes").Keys.Cast<string>());
        }

        foreach (var key in (string[])["Mail__StoreDirectory", "Letters__OutputRoot", "Letters__StylesheetDirectory"])
        {
            Assert.StartsWith("/data/", environment[key], StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"^\s*server\s+(?<host>[a-z0-9]+):(?<port>\d+)", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();
}
