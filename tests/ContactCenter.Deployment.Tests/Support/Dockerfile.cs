namespace ContactCenter.Deployment.Tests.Support;

/// <summary>A Dockerfile as instructions (continuation lines joined, comments dropped), grouped into stages by FROM.</summary>
internal sealed class Dockerfile
{
    public const string Path = "infra/docker/Dockerfile";

    private Dockerfile(IReadOnlyList<IReadOnlyList<Instruction>> stages) => Stages = stages;

    /// <summary>The stages; instructions before the first FROM (global ARGs) are left out.</summary>
    public IReadOnlyList<IReadOnlyList<Instruction>> Stages { get; }

    public IReadOnlyList<Instruction> FinalStage => Stages[^1];

    public static Dockerfile Load(string path = Path)
    {
        var logical = new List<string>();
        var current = "";
        foreach (var raw in Repository.Read(path).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (current.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            logical.Add(current + line);
            current = "";
        }

        var stages = new List<List<Instruction>>();
        foreach (var line in logical)
        {
            var parts = line.Trim().Split(' ', 2);
            var instruction = new Instruction(parts[0].ToUpperInvariant(), parts.Length > 1 ? parts[1].Trim() : "");
            if (instruction.Keyword == "FROM")
            {
                stages.Add([]);
            }

            if (stages.Count > 0)
            {
                stages[^1].Add(instruction);
            }
        }

        Assert.NotEmpty(stages);
        return new Dockerfile(stages);
    }

    public sealed record Instruction(string Keyword, string Arguments);
}
