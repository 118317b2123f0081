using ContactCenter.Letters.Composition;
using ContactCenter.Letters.Output;
using ContactCenter.Letters.Tests.Support;

namespace ContactCenter.Letters.Tests.Output;

public sealed class LetterOutputDirectoryShould : IDisposable
{
    private readonly TestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Theory]
    [InlineData("/etc")]
    [InlineData("../elsewhere")]
    [InlineData("tenant/../../elsewhere")]
    [InlineData("tenant\\..\\..\\x")]
    [InlineData("")]
    public void RefuseTenantDirectoriesOutsideTheRoot(string tenantDirectory)
    {
        var output = new LetterOutputDirectory(directory.File("root"));

        var error = Assert.Throws<LetterOutputPathException>(() => output.ResolveTenantDirectory(tenantDirectory));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.False(Directory.Exists(directory.File("elsewhere")));
    }

    [Fact]
    public void GiveEveryTenantAFolderOfItsOwn()
    {
        var output = new LetterOutputDirectory(directory.File("root"));
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());

        var firstPath = output.ForTenant(first).Write("letters", "a.pdf", s => s.WriteByte(1));
        var secondPath = output.ForTenant(second).Write("letters", "a.pdf", s => s.WriteByte(2));

        Assert.Equal(Path.Combine(output.Root, first.ToString("D"), "letters", "a.pdf"), firstPath);
        Assert.Equal(Path.Combine(output.Root, second.ToString("D"), "letters", "a.pdf"), secondPath);
        Assert.Equal([1], File.ReadAllBytes(firstPath));
        Assert.Throws<LetterOutputPathException>(() => output.ForTenant(first).ResolveTenantDirectory($"../{second:D}"));
    }

    [Fact]
    public void RefuseASymbolicLinkThatLeadsOutside()
    {
        var output = new LetterOutputDirectory(directory.File("root"));
        Directory.CreateDirectory(directory.File("outside"));
        Directory.CreateSymbolicLink(directory.File("root/acme"), directory.File("outside"));

        var error = Assert.Throws<LetterOutputPathException>(() => output.Write("acme/letters", "a.pdf", s => s.WriteByte(1)));

        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(directory.File("outside")));
    }

    [Fact]
    public void FollowASymbolicLinkThatStaysInside()
    {
        var output = new LetterOutputDirectory(directory.File("root"));
        Directory.CreateDirectory(directory.File("root/shared"));
        Directory.CreateSymbolicLink(directory.File("root/acme"), directory.File("root/shared"));

        string path = output.Write("acme", "a.pdf", s => s.WriteByte(1));

        Assert.True(File.Exists(directory.File("root/shared/a.pdf")));
        Assert.Equal(directory.File("root/acme/a.pdf"), path);
    }

    [Fact]
    public void LeaveNoFileBehindWhenWritingFails()
    {
        var output = new LetterOutputDirectory(directory.File("root"));

        Assert.Throws<InvalidOperationException>(() => output.Write("acme", "broken.pdf", s =>
        {
            s.Write(new byte[1000]);
            throw new InvalidOperationException("renderer crashed half-way");
        }));

        Assert.Empty(Directory.GetFileSystemEntries(directory.File("root/acme")));
    }

    [Fact]
    public void ReplaceAnExistingFileOnlyWhenTheNewOneIsComplete()
    {
        var output = new LetterOutputDirectory(directory.File("root"));
        string path = output.Write("acme", "letter.pdf", s => s.Write("old"u8));

        Assert.ThrowsAny<Exception>(() => output.Write("acme", "letter.pdf", s =>
        {
            s.Write("new but partial"u8);
            throw new IOException("disk full");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(directory.File("root/acme")));
    }

    [Fact]
    public void ExportABatchWithProgressAndRecordBadLetters()
    {
        var output = new LetterOutputDirectory(directory.File("root"));
        var renderer = LetterRenderer.Create(Support.Letters.EnglishStylesheet());
        string deep = string.Concat(Enumerable.Repeat("<div>", 1000));
        var items = Enumerable.Range(1, 6).Select(i => new LetterBatchItem(
            $"A-{i}", Support.Letters.Sample(i == 4 ? LetterBody.FromHtml(deep) : LetterBody.FromText($"Letter number {i}."))));
        var reports = new List<LetterBatchProgress>();

        var result = new LetterBatchExporter(renderer, output).Export("acme/2026", "{id}_{date}", items, new SynchronousProgress(reports.Add), total: 6);

        Assert.Equal(5, result.Written);
        Assert.Equal("A-4", Assert.Single(result.Failures).Id);
        Assert.Equal(6, reports.Count);
        Assert.Equal((5, 1), (reports[^1].Done, reports[^1].Failed));
        var files = Directory.GetFiles(directory.File("root/acme/2026")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["A-1_2026-12-02.pdf", "A-2_2026-12-02.pdf", "A-3_2026-12-02.pdf", "A-5_2026-12-02.pdf", "A-6_2026-12-02.pdf"], files);
        foreach (string file in Directory.GetFiles(directory.File("root/acme/2026")))
        {
            PdfTools.AssertValid(file);
        }
        string third = directory.File("root/acme/2026/A-3_2026-12-02.pdf");
        Assert.Contains("Letter number 3.", PdfTools.Text(third), StringComparison.Ordinal);
    }

    [Fact]
    public void KeepEveryLetterWhenTwoGetTheSameName()
    {
        var output = new LetterOutputDirectory(directory.File("root"));
        var renderer = LetterRenderer.Create(Support.Letters.EnglishStylesheet());
        var items = Enumerable.Range(1, 3).Select(i => new LetterBatchItem($"B-{i}", Support.Letters.Sample(LetterBody.FromText($"Same name {i}."))));

        var result = new LetterBatchExporter(renderer, output).Export("acme", "{date}", items);

        Assert.Equal(3, result.Written);
        var files = Directory.GetFiles(directory.File("root/acme")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["2026-12-02 (2).pdf", "2026-12-02 (3).pdf", "2026-12-02.pdf"], files);
        Assert.Contains("Same name 3.", PdfTools.Text(directory.File("root/acme/2026-12-02 (3).pdf")), StringComparison.Ordinal);
    }

    [Fact]
    public void RefuseAnUnknownPlaceholderBeforeWritingAnything()
    {
        var output = new LetterOutputDirectory(directory.File("root"));
        var renderer = LetterRenderer.Create(Support.Letters.EnglishStylesheet());

        Assert.Throws<ArgumentException>(() => new LetterBatchExporter(renderer, output).Export("acme", "{customer}", [new LetterBatchItem("1", Support.Letters.Sample(LetterBody.FromText("x")))]));

        Assert.False(Directory.Exists(directory.File("root/acme")));
    }

    private sealed class SynchronousProgress(Action<LetterBatchProgress> report) : IProgress<LetterBatchProgress>
    {
        public void Report(LetterBatchProgress value) => report(value);
    }
}
