namespace ContactCenter.Server.Tools;

/// <summary>The <c>--name value</c> options of the file tools, and how they answer wrong usage.</summary>
internal static class CommandOptions
{
    /// <summary>Reads <c>--name value</c> pairs; only names in <paramref name="known"/>, each with a value.</summary>
    public static bool TryParse(string[] args, string[] known, out Dictionary<string, string> options, out string? problem)
    {
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        problem = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (!known.Contains(args[i], StringComparer.Ordinal))
            {
                problem = $"unknown argument '{args[i]}'";
                return false;
            }
            if (i + 1 >= args.Length)
            {
                problem = $"{args[i]} needs a value";
                return false;
            }
            options[args[i]] = args[++i];
        }
        return true;
    }

    /// <summary>Writes the problem and the usage to standard error; exit code 2.</summary>
    public static int UsageError(TextWriter stderr, string? problem, string usage)
    {
        if (problem is not null)
        {
            stderr.WriteLine("error: " + problem);
        }
        stderr.WriteLine(usage);
        return 2;
    }
}
