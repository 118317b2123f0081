using ContactCenter.Letters.Composition;
using ContactCenter.Letters.Pdf;
using ContactCenter.Letters.Styles;
using ContactCenter.Letters.Tests.Support;

namespace ContactCenter.Letters.Tests.Styles;

public sealed class LetterStylesheetShould : IDisposable
{
    private readonly TestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void RoundTripTheDefaultStylesheetThroughJson()
    {
        string json = LetterStylesheetWriter.ToJson(DefaultStylesheet.Create());

        var read = LetterStylesheetReader.Parse(json, directory.Path);

        Assert.Equal(json, LetterStylesheetWriter.ToJson(read));
        Assert.Equal(DinForm.B, read.Form);
        Assert.Equal("Liberation Sans", read.Fonts.Body);
        Assert.NotNull(LetterRenderer.Create(read));
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("/etc/no-such-file")]
    [InlineData("../outside.ttf")]
    [InlineData("fonts/../../outside.ttf")]
    [InlineData("~/brand.ttf")]
    [InlineData("missing.ttf")]
    [InlineData("link.ttf")]
    public void ConfineAnUploadedStylesheetsFilesToItsDirectoryWithoutSayingWhatExists(string file)
    {
        Directory.CreateDirectory(directory.File("assets"));
        File.WriteAllText(directory.File("outside.ttf"), "not inside");
        File.CreateSymbolicLink(directory.File("assets/link.ttf"), directory.File("outside.ttf"));
        string json = $$"""{ "version": 1, "letterhead": { "logo": { "file": {{System.Text.Json.JsonSerializer.Serialize(file)}} } } }""";

        var problem = Assert.Single(LetterStylesheetReader.Validate(json, directory.File("assets"), confined: true), p => p.Path.StartsWith("$.letterhead", StringComparison.Ordinal));

        Assert.Equal("$.letterhead.logo.file", problem.Path);
        Assert.Equal("the logo file must be the name of a file in the stylesheet directory, without '..' or a leading '/'", problem.Message);
    }

    [Fact]
    public void AcceptAFileNamedInsideTheDirectoryOfAnUploadedStylesheet()
    {
        Directory.CreateDirectory(directory.File("assets/brand"));
        File.WriteAllText(directory.File("assets/brand/logo.png"), "png");

        var problems = LetterStylesheetReader.Validate("""{ "version": 1, "letterhead": { "logo": { "file": "brand/logo.png" } } }""", directory.File("assets"), confined: true);

        Assert.DoesNotContain(problems, p => p.Path == "$.letterhead.logo.file");
    }

    [Fact]
    public void ReportEveryProblemWithItsJsonPath()
    {
        string json = """
        {
          "version": 1,
          "form": "C",
          "page": { "margins": { "top": 60, "left": 40 } },
          "fonts": {
            "families": { "Brand Sans": { "regular": "missing/Brand-Regular.ttf", "bold": 12 } },
            "body": "Brand Sans",
            "fallback": "Nowhere Sans"
          },
          "text": { "color": "blue-ish", "size": 99 },
          "letterhead": { "logo": { "file": "logo.png", "width": 30 }, "colour": "#fff" },
          "footer": { "columns": [["a"], ["b"], ["c"], ["d"], ["e"]] }
        }
        """;

        var problems = LetterStylesheetReader.Validate(json, directory.Path);
        var error = Assert.Throws<LetterStylesheetException>(() => LetterStylesheetReader.Parse(json, directory.Path));

        var paths = problems.Select(p => p.Path).ToHashSet();
        string[] expected =
        [
            "$.form",
            "$.page.margins.top",
            "$.page.margins.left",
            "$.fonts.families['Brand Sans'].regular",
            "$.fonts.families['Brand Sans'].bold",
            "$.fonts.fallback",
            "$.text.color",
            "$.text.size",
            "$.letterhead.logo.file",
            "$.letterhead.colour",
            "$.footer.columns",
        ];
        Assert.All(expected, path => Assert.Contains(path, paths));
        Assert.Equal(expected.Length, problems.Count);
        Assert.Equal(problems, error.Problems);
        Assert.Contains("address window", problems.Single(p => p.Path == "$.page.margins.top").Message, StringComparison.Ordinal);
        Assert.Contains("Brand-Regular.ttf' does not exist", problems.Single(p => p.Path.EndsWith(".regular", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
        Assert.Contains("$.text.color", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefuseJsonThatDoesNotParse()
    {
        var error = Assert.Throws<LetterStylesheetException>(() => LetterStylesheetReader.Parse("{ \"version\": 1, \"fonts\": ", directory.Path));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("$", problem.Path);
        Assert.Contains("not valid JSON", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveFilesRelativeToTheStylesheet()
    {
        Directory.CreateDirectory(directory.File("fonts"));
        File.Copy(SystemFonts.DejaVuSerif, directory.File("fonts/Serif.ttf"));
        string file = directory.File("letter.json");
        File.WriteAllText(file, """
        {
          "version": 1,
          "form": "A",
          "fonts": { "families": { "Serif": { "regular": "fonts/Serif.ttf" } }, "body": "Serif", "fallback": "Serif" },
          "text": { "accentColor": "#336699" }
        }
        """);

        var stylesheet = LetterStylesheetReader.Read(file);

        Assert.Equal(directory.File("fonts/Serif.ttf"), stylesheet.Fonts.Families["Serif"].Regular);
        Assert.Equal(DinForm.A, stylesheet.Form);
        Assert.Equal(new PdfColor(0x33, 0x66, 0x99), stylesheet.Text.AccentColor);
    }

    [Fact]
    public void RefuseAFontFileThatIsNotAFontWhenLoaded()
    {
        string fake = directory.File("Fake.ttf");
        File.WriteAllBytes(fake, [.. Enumerable.Range(0, 400).Select(i => (byte)i)]);
        var stylesheet = DefaultStylesheet.Create() with
        {
            Fonts = DefaultStylesheet.Create().Fonts with { Families = new Dictionary<string, FontFamilySetup> { ["Fake"] = new(fake) }, Body = "Fake", Fallback = "Fake" },
        };

        var error = Assert.Throws<InvalidFontException>(() => LetterRenderer.Create(stylesheet));

        Assert.Contains("Fake.ttf", error.Message, StringComparison.Ordinal);
    }
}
