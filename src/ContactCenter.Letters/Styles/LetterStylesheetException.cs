namespace ContactCenter.Letters.Styles;

/// <summary>One thing wrong with a stylesheet, at its JSON path (e.g. <c>$.fonts.families['Sans'].bold</c>).</summary>
public sealed record StylesheetProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>A stylesheet that cannot be used; <see cref="Problems"/> lists every problem found, not just the first.</summary>
public sealed class LetterStylesheetException : LetterException
{
    public LetterStylesheetException(IReadOnlyList<StylesheetProblem> problems)
        : base("The letter stylesheet is not valid:" + string.Concat(problems.Select(p => "\n  " + p)))
    {
        Problems = problems;
    }

    public IReadOnlyList<StylesheetProblem> Problems { get; }
}
