using System.Text.RegularExpressions;
using ContactCenter.Deployment.Tests.Support;
using YamlDotNet.Serialization;

namespace ContactCenter.Deployment.Tests;

/// <summary>azure-pipelines.yml: tests first, then the image, then the deployment, each naming files that exist.</summary>
public sealed partial class PipelineShould
{
    private readonly Dictionary<string, Dictionary<object, object>> _stages;

    public PipelineShould()
    {
        var root = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(Repository.Read("azure-pipelines.yml"));
        _stages = ((List<object>)root["stages"]).Cast<Dictionary<object, object>>().ToDictionary(s => (string)s["stage"]);
    }

    [Fact]
    public void RunTheTestCommandBeforeBuildingTheImageAndTheImageBeforeDeploying()
    {
        Assert.Equal(["Test", "Image", "Deploy"], _stages.Keys);
        Assert.Contains("infra/dev/test.sh", Steps("Test").Select(s => s.GetValueOrDefault("script") as string ?? "").Single(s => s.Contains("test.sh", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal("Test", _stages["Image"]["dependsOn"]);
        Assert.StartsWith("and(succeeded()", (string)_stages["Image"]["condition"], StringComparison.Ordinal);
        Assert.Equal("Image", _stages["Deploy"]["dependsOn"]);
        Assert.Contains("eq(variables['deployEnabled'], 'true')", (string)_stages["Deploy"]["condition"], StringComparison.Ordinal);
        Assert.Contains("refs/heads/main", (string)_stages["Deploy"]["condition"], StringComparison.Ordinal);
    }

    [Fact]
    public void BuildTheImageFromTheRepositorysDockerfile()
    {
        var docker = Steps("Image").Single(s => (s.GetValueOrDefault("task") as string) == "Docker@2");
        var inputs = (Dictionary<object, object>)docker["inputs"];
        Assert.Equal("buildAndPush", inputs["command"]);
        Assert.Equal(Dockerfile.Path, inputs["Dockerfile"]);
        Assert.True(File.Exists(Repository.PathOf((string)inputs["Dockerfile"])));
        Assert.Equal("$(imageTags)", inputs["tags"]);
    }

    [Fact]
    public void DeployTheBicepTemplateWithParametersItDeclares()
    {
        var cli = Steps("Deploy").Single(s => (s.GetValueOrDefault("task") as string) == "AzureCLI@2");
        var script = (string)((Dictionary<object, object>)cli["inputs"])["inlineScript"];
        var template = TemplateFile().Match(script).Groups["path"].Value;
        Assert.True(File.Exists(Repository.PathOf(template)), $"The deployment names {template}, which does not exist.");
        var declared = Regex.Matches(Repository.Read(template), @"^param (\w+) ", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        var parameters = script[script.IndexOf("--parameters", StringComparison.Ordinal)..];
        var passed = Parameter().Matches(parameters[..parameters.IndexOf("--output", StringComparison.Ordinal)]).Select(m => m.Groups["name"].Value).ToList();
        Assert.Contains("image", passed);
        Assert.Contains("migrationImage", passed);
        Assert.All(passed, p => Assert.Contains(p, declared));
        // The migration runs and is waited for between the two deployments.
        Assert.True(script.IndexOf("containerapp job start", StringComparison.Ordinal) is var start and > 0
            && start < script.LastIndexOf("deploy \"$image\"", StringComparison.Ordinal), "The new image rolls out before the migration ran.");
    }

    private IEnumerable<Dictionary<object, object>> Steps(string stage) =>
        ((List<object>)_stages[stage]["jobs"]).Cast<Dictionary<object, object>>().SelectMany(job =>
            job.TryGetValue("steps", out var steps)
                ? (List<object>)steps
                : (List<object>)((Dictionary<object, object>)((Dictionary<object, object>)((Dictionary<object, object>)job["strategy"])["runOnce"])["deploy"])["steps"])
            .Cast<Dictionary<object, object>>();

    [GeneratedRegex(@"--template-file (?<path>\S+)")]
    private static partial Regex TemplateFile();

    [GeneratedRegex(@"(?<=\s)(?<name>[A-Za-z]+)=""")]
    private static partial Regex Parameter();
}
