using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ContactCenter.Deployment.Tests.Support;

namespace ContactCenter.Deployment.Tests;

/// <summary>infra/azure/main.bicep, compiled and linted with the Bicep CLI (no Azure subscription here).</summary>
public sealed partial class BicepTemplateShould
{
    private const string Template = "infra/azure/main.bicep";
    private static readonly Lazy<JsonObject> Compiled = new(Compile);

    [Fact]
    public void CompileWithoutDiagnostics()
    {
        Assert.Equal("2019-04-01", Regex.Match((string)Compiled.Value["$schema"]!, @"\d{4}-\d{2}-\d{2}").Value);
    }

    [Fact]
    public void PassTheLinter()
    {
        var lint = Bicep.Run("lint", Repository.PathOf(Template));
        Assert.True(lint.ExitCode == 0 && lint.Error.Trim().Length == 0 && lint.Output.Trim().Length == 0,
            $"bicep lint: exit {lint.ExitCode}{Environment.NewLine}{lint.Output}{lint.Error}");
    }

    [Fact]
    public void CreateTheResourcesTheDeploymentNeeds()
    {
        var types = Resources().Select(r => (string)r["type"]!).ToHashSet();
        foreach (var type in (string[])[
            "Microsoft.App/managedEnvironments", "Microsoft.App/containerApps", "Microsoft.App/jobs",
            "Microsoft.DBforPostgreSQL/flexibleServers", "Microsoft.Sql/servers/elasticPools",
            "Microsoft.Storage/storageAccounts/fileServices/shares", "Microsoft.App/managedEnvironments/storages",
            "Microsoft.KeyVault/vaults", "Microsoft.ManagedIdentity/userAssignedIdentities",
            "Microsoft.OperationalInsights/workspaces", "Microsoft.Authorization/roleAssignments"])
        {
            Assert.Contains(type, types);
        }

        Assert.True(Compiled.Value["outputs"]!.AsObject().ContainsKey("appUrl"), "The template does not output the app's URL.");
    }

    [Fact]
    public void KeepPasswordsInSecureParameters()
    {
        var parameters = Compiled.Value["parameters"]!.AsObject();
        var passwords = parameters.Where(p => p.Key.Contains("Password", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(passwords);
        foreach (var (name, parameter) in passwords)
        {
            Assert.True((string)parameter!["type"]! == "securestring", $"Parameter {name} is not @secure().");
            Assert.True(parameter["defaultValue"] is null || (string)parameter["defaultValue"]! == "", $"Parameter {name} has a default password.");
        }
    }

    [Fact]
    public void RunAtLeastTwoReplicasProbedOnTheHealthEndpoints()
    {
        var minReplicas = Compiled.Value["parameters"]!["minReplicas"]!;
        Assert.True((int)minReplicas["minValue"]! >= 2 && (int)minReplicas["defaultValue"]! >= 2, "The app may run on one replica.");
        var app = Resources().Single(r => (string)r["type"]! == "Microsoft.App/containerApps");
        var container = app["properties"]!["template"]!["containers"]![0]!;
        var probes = container["probes"]!.AsArray().ToDictionary(p => (string)p!["type"]!, p => p!["httpGet"]!);
        Assert.Equal("/health", (string)probes["Liveness"]!["path"]!);
        Assert.Equal("/health/ready", (string)probes["Readiness"]!["path"]!);
        var port = DockerfileShould.ExposedPort();
        Assert.All(probes.Values, p => Assert.Equal(port, (int)p!["port"]!));
        Assert.Equal(port, (int)app["properties"]!["configuration"]!["ingress"]!["targetPort"]!);
    }

    [Fact]
    public void ReadSecretsFromKeyVaultThroughTheManagedIdentity()
    {
        var source = Repository.Read(Template);
        // Every container app secret is a Key Vault reference read with the user-assigned identity, never a value.
        var secrets = SecretsVariable().Match(source);
        Assert.True(secrets.Success, "No 'secrets' variable in the template.");
        Assert.DoesNotContain("value:", secrets.Value, StringComparison.Ordinal);
        Assert.Equal(Regex.Count(secrets.Value, @"keyVaultUrl:"), Regex.Count(secrets.Value, @"identity: identity\.id"));
        Assert.Contains("'DataProtection__CertificateFile'", source, StringComparison.Ordinal);
    }

    [Fact]
    public void MountTheFileSharesForTheImagesUser()
    {
        var source = Repository.Read(Template);
        Assert.Contains($"uid={DockerfileShould.UserId()},gid=", source, StringComparison.Ordinal);
        foreach (var path in (string[])["/data/raw-mail", "/data/letters"])
        {
            Assert.Contains($"path: '{path}'", source, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SetOnlyConfigurationKeysTheServerReads()
    {
        var names = EnvironmentVariableName().Matches(Repository.Read(Template))
            .Select(m => m.Groups["name"].Value.Replace("${i}", "0", StringComparison.Ordinal)).Distinct().ToList();
        Assert.Contains("Database__SqlServer__ElasticPool", names);
        Assert.Contains("Hosting__TrustedProxies__0", names);
        var problems = names.Select(n => ServerConfiguration.Check(n)).OfType<string>().ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static IEnumerable<JsonNode> Resources() => Compiled.Value["resources"]!.AsArray().Select(r => r!);

    private static JsonObject Compile()
    {
        var build = Bicep.Run("build", "--stdout", Repository.PathOf(Template));
        Assert.True(build.ExitCode == 0 && build.Error.Trim().Length == 0, $"bicep build: exit {build.ExitCode}{Environment.NewLine}{build.Error}");
        return JsonNode.Parse(build.Output)!.AsObject();
    }

    [GeneratedRegex(@"^var secrets = [\s\S]*?^\)", RegexOptions.Multiline)]
    private static partial Regex SecretsVariable();

    /// <summary>String literals that name an environment variable of ours: a section and a key joined by '__'.</summary>
    [GeneratedRegex(@"'(?<name>(?:ASPNETCORE_[A-Z]+|[A-Z][A-Za-z0-9]*(?:__(?:[A-Za-z0-9]+|\$\{i\}))+))'")]
    private static partial Regex EnvironmentVariableName();
}
