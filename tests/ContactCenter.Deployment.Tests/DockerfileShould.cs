using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ContactCenter.Deployment.Tests.Support;
using ContactCenter.Letters.Styles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContactCenter.Deployment.Tests;

/// <summary>infra/docker/Dockerfile (and the mail images'), checked without a Docker engine.</summary>
public sealed partial class DockerfileShould
{
    private readonly Dockerfile _dockerfile = Dockerfile.Load();

    /// <summary>The port the image's server listens on (its one EXPOSE).</summary>
    public static int ExposedPort() =>
        int.Parse(Assert.Single(Dockerfile.Load().FinalStage, i => i.Keyword == "EXPOSE").Arguments, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The numeric user the image's server runs as.</summary>
    public static int UserId() =>
        int.Parse(Dockerfile.Load().FinalStage.Last(i => i.Keyword == "USER").Arguments.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void RunTheServerAsANumericNonRootUserThatOwnsTheDataVolume()
    {
        var user = _dockerfile.FinalStage.Last(i => i.Keyword == "USER").Arguments;
        Assert.Matches(@"^\d+(:\d+)?$", user);
        var uid = UserId();
        Assert.NotEqual(0, uid);
        var run = string.Join(" ", _dockerfile.FinalStage.Where(i => i.Keyword == "RUN").Select(i => i.Arguments));
        Assert.Contains($"useradd --uid {uid} ", run, StringComparison.Ordinal);
        Assert.Contains($"chown -R {uid}:", run, StringComparison.Ordinal);
        Assert.Equal("/data", Assert.Single(_dockerfile.FinalStage, i => i.Keyword == "VOLUME").Arguments);
    }

    [Fact]
    public void PublishTheServerProjectAfterRestoringEveryProjectItReferences()
    {
        var build = _dockerfile.Stages[0];
        var publish = Assert.Single(build, i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet publish ", StringComparison.Ordinal));
        var project = publish.Arguments.Split(' ')[2];
        Assert.True(Directory.Exists(Repository.PathOf(project)), $"dotnet publish names {project}, which does not exist.");
        var projectFile = Assert.Single(Directory.GetFiles(Repository.PathOf(project), "*.csproj"));
        Assert.Contains("-c Release", publish.Arguments, StringComparison.Ordinal);

        // Every project file the server needs is copied before the restore, and the restore comes before the publish.
        var restore = build.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet restore ", StringComparison.Ordinal));
        Assert.True(restore >= 0, "The build stage restores nothing on its own.");
        var copiedBeforeRestore = build.Take(restore).Where(i => i.Keyword == "COPY").SelectMany(i => i.Arguments.Split(' ')[..^1]).ToHashSet();
        foreach (var file in copiedBeforeRestore)
        {
            Assert.True(File.Exists(Repository.PathOf(file)), $"The Dockerfile copies {file}, which does not exist.");
        }

        foreach (var needed in ProjectClosure(projectFile).Concat(["global.json", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props"]))
        {
            Assert.True(copiedBeforeRestore.Contains(needed), $"{needed} is not copied before 'dotnet restore'.");
        }
    }

    [Fact]
    public void BuildFromAContextWithoutBuildOutputOrSecretsButWithEverythingItCopies()
    {
        var ignored = Repository.Read(".dockerignore").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet();
        foreach (var needed in (string[])[".git", "**/bin", "**/obj", "infra/docker/.env", "infra/docker/secrets"])
        {
            Assert.Contains(needed, ignored);
        }

        // Nothing the build stage copies may be left out of the context (a pattern naming it or a folder above it).
        foreach (var source in _dockerfile.Stages[0].Where(i => i.Keyword == "COPY").SelectMany(i => i.Arguments.Split(' ')[..^1]))
        {
            var path = source.TrimEnd('/');
            var prefixes = path.Split('/').Select((_, n) => string.Join('/', path.Split('/')[..(n + 1)]));
            Assert.DoesNotContain(prefixes, p => ignored.Contains(p) || ignored.Contains("**/" + p.Split('/')[^1]));
        }
    }

    [Fact]
    public void SetOnlyConfigurationKeysTheServerReads()
    {
        var variables = FinalEnvironment();
        Assert.Contains(variables, v => v.Item1 == "ASPNETCORE_URLS" && v.Item2.EndsWith($":{ExposedPort()}", StringComparison.Ordinal));
        var problems = variables.Select(v => ServerConfiguration.Check(v.Item1, v.Item2.Length == 0 ? null : v.Item2)).OfType<string>().ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        // Everything the server writes goes to the volume.
        foreach (var (name, value) in variables.Where(v => v.Item1.Contains("Directory", StringComparison.Ordinal) || v.Item1.EndsWith("Root", StringComparison.Ordinal)))
        {
            Assert.True(value.StartsWith("/data/", StringComparison.Ordinal), $"{name}={value} lies outside the /data volume.");
        }
    }

    [Fact]
    public void RunTheServerWithWorkstationGcForReplicasOfOneOrTwoCores()
    {
        Assert.Contains(("DOTNET_gcServer", "0"), FinalEnvironment());
    }

    [Fact]
    public void InstallThePackagesOfTheFontsTheDefaultLetterStylesheetNames()
    {
        var run = string.Join(" ", _dockerfile.FinalStage.Where(i => i.Keyword == "RUN").Select(i => i.Arguments));
        var files = DefaultStylesheet.Create().Fonts.Families.Values
            .SelectMany(f => (string?[])[f.Regular, f.Bold, f.Italic, f.BoldItalic]).OfType<string>().ToList();
        Assert.NotEmpty(files);
        // The Debian packages that own the font files here (infra/dev/test.sh installs them): one line per file.
        var owners = Run("dpkg", ["-S", .. files]);
        Assert.True(owners.ExitCode == 0, $"dpkg -S: {owners.Error} (infra/dev/test.sh installs the fonts)");
        var packages = owners.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')[0].Trim()).Distinct().ToList();
        Assert.Equal(files.Count, owners.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        foreach (var package in packages)
        {
            Assert.Matches($@"apt-get install [^&]*\b{Regex.Escape(package)}\b", run);
        }
    }

    [Fact]
    public async Task CheckHealthWithACommandThatPassesOnlyWhenTheServerAnswers200()
    {
        var healthcheck = Assert.Single(_dockerfile.FinalStage, i => i.Keyword == "HEALTHCHECK").Arguments;
        var command = JsonSerializer.Deserialize<string[]>(healthcheck[(healthcheck.IndexOf("CMD [", StringComparison.Ordinal) + 4)..])!;
        Assert.Contains($"/dev/tcp/127.0.0.1/{ExposedPort()}", command[^1], StringComparison.Ordinal);
        Assert.Contains("GET /health ", command[^1], StringComparison.Ordinal);

        await AssertHealthCommandAsync(command, ExposedPort(), "/health");
    }

    /// <summary>
    /// Runs a health check command (which asks 127.0.0.1:<paramref name="port"/>) against a server of our own on a free
    /// port that answers <paramref name="path"/>: 200 must pass, 503 and a closed port must fail.
    /// </summary>
    internal static async Task AssertHealthCommandAsync(string[] command, int port, string path)
    {
        var status = StatusCodes.Status200OK;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var server = builder.Build();
        server.MapGet(path, () => Results.StatusCode(status));
        await server.StartAsync(TestContext.Current.CancellationToken);
        var local = new Uri(server.Urls.Single()).Port;
        var arguments = command[1..].Select(a => a.Replace($"/dev/tcp/127.0.0.1/{port}", $"/dev/tcp/127.0.0.1/{local}", StringComparison.Ordinal)).ToArray();
        Assert.Contains(arguments, a => a.Contains($"/dev/tcp/127.0.0.1/{local}", StringComparison.Ordinal));

        Assert.Equal(0, Run(command[0], arguments).ExitCode);
        status = StatusCodes.Status503ServiceUnavailable;
        Assert.NotEqual(0, Run(command[0], arguments).ExitCode);
        await server.StopAsync(TestContext.Current.CancellationToken);
        Assert.NotEqual(0, Run(command[0], arguments).ExitCode);
    }

    [Theory]
    [InlineData("infra/docker/dovecot/Dockerfile")]
    [InlineData("infra/docker/postfix/Dockerfile")]
    public void BuildTheMailImagesFromFilesThatExist(string path)
    {
        var mail = Dockerfile.Load(path);
        Assert.Single(mail.FinalStage, i => i.Keyword == "HEALTHCHECK");
        var folder = Path.GetDirectoryName(path)!.Replace('\\', '/');
        foreach (var copy in mail.FinalStage.Where(i => i.Keyword == "COPY"))
        {
            foreach (var source in copy.Arguments.Split(' ')[..^1])
            {
                Assert.True(File.Exists(Repository.PathOf($"{folder}/{source}")), $"{path} copies {source}, which does not exist.");
            }
        }
    }

    /// <summary>The project file and every project it references, transitively, relative to the repository root.</summary>
    private static IEnumerable<string> ProjectClosure(string projectFile)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>([Path.GetFullPath(projectFile)]);
        while (pending.TryPop(out var file))
        {
            if (!seen.Add(file))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(file).Descendants("ProjectReference").Select(r => (string)r.Attribute("Include")!))
            {
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, reference.Replace('\\', '/'))));
            }
        }

        return seen.Select(f => Path.GetRelativePath(Repository.Root, f).Replace('\\', '/'));
    }

    internal static (int ExitCode, string Output, string Error) Run(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), $"{file} did not end within a minute.");
        return (process.ExitCode, output.Result, error);
    }

    /// <summary>The variables the final stage's ENV instructions set, in order.</summary>
    private List<(string Name, string Value)> FinalEnvironment() => _dockerfile.FinalStage.Where(i => i.Keyword == "ENV")
        .SelectMany(i => EnvAssignment().Matches(i.Arguments)).Select(m => (m.Groups["name"].Value, m.Groups["value"].Value)).ToList();

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>\S*)")]
    private static partial Regex EnvAssignment();
}
