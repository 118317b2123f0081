using System.Diagnostics;

namespace ContactCenter.Letters.Tests.Support;

/// <summary>Runs the poppler and qpdf tools on a produced PDF: what a reader of the letter would see.</summary>
internal static class PdfTools
{
    public static string Text(string pdf, int? page = null, bool layout = false)
    {
        var args = new List<string>();
        if (page is int p)
        {
            args.AddRange(["-f", p.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", p.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
        if (layout)
        {
            args.Add("-layout");
        }
        args.AddRange(["-enc", "UTF-8", pdf, "-"]);
        return Run("pdftotext", args).Output;
    }

    /// <summary>Fails the test unless qpdf finds the file structurally sound.</summary>
    public static void AssertValid(string pdf)
    {
        var (code, output, error) = Run("qpdf", ["--check", pdf], throwOnFailure: false);
        Assert.True(code == 0, $"qpdf --check failed ({code}): {output}\n{error}");
        Assert.Contains("No syntax or stream encoding errors found", output, StringComparison.Ordinal);
    }

    /// <summary>The rows of pdffonts: name, type, embedded, subset.</summary>
    public static IReadOnlyList<(string Name, string Type, bool Embedded, bool Subset)> Fonts(string pdf)
    {
        var lines = Run("pdffonts", [pdf]).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rows = new List<(string, string, bool, bool)>();
        foreach (string line in lines.Skip(2))
        {
            // name type encoding emb sub uni object ID; the name never contains spaces, the type may.
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int n = parts.Length;
            rows.Add((parts[0], string.Join(' ', parts[1..(n - 6)]), parts[n - 5] == "yes", parts[n - 4] == "yes"));
        }
        return rows;
    }

    public static int PageCount(string pdf)
    {
        string info = Run("pdfinfo", [pdf]).Output;
        string line = info.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal));
        return int.Parse(line["Pages:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Info(string pdf) => Run("pdfinfo", [pdf]).Output;

    /// <summary>Renders one page as a greyscale PGM at the given resolution and returns its pixels.</summary>
    public static GreyImage Render(string pdf, int page, int dpi)
    {
        string prefix = Path.Combine(Path.GetTempPath(), "cc-letters-" + Guid.NewGuid().ToString("N"));
        string pageText = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Run("pdftoppm", ["-f", pageText, "-l", pageText, "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-gray", "-singlefile", pdf, prefix]);
        string file = prefix + ".pgm";
        try
        {
            return GreyImage.ReadPgm(File.ReadAllBytes(file), dpi);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static (int Code, string Output, string Error) Run(string tool, IEnumerable<string> args, bool throwOnFailure = true)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (throwOnFailure && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {error}");
        }
        return (process.ExitCode, output.Result, error);
    }
}

/// <summary>A rendered page: 8-bit grey pixels, 0 black to 255 white.</summary>
internal sealed class GreyImage(int width, int height, byte[] pixels, int dpi)
{
    public int Width => width;

    public int Height => height;

    public static GreyImage ReadPgm(byte[] data, int dpi)
    {
        // P5 header: magic, width, height, maxval, separated by whitespace, then one byte per pixel.
        int at = 0;
        string Next()
        {
            while (char.IsWhiteSpace((char)data[at]))
            {
                at++;
            }
            int start = at;
            while (!char.IsWhiteSpace((char)data[at]))
            {
                at++;
            }
            return System.Text.Encoding.ASCII.GetString(data, start, at - start);
        }
        Assert.Equal("P5", Next());
        int w = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture);
        int h = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture);
        Next();
        at++;
        return new GreyImage(w, h, data[at..(at + w * h)], dpi);
    }

    public int Pixels(double mm) => (int)Math.Round(mm / 25.4 * dpi);

    /// <summary>How many pixels in the rectangle (millimetres from the top-left corner) are darker than mid-grey.</summary>
    public int Ink(double xMm, double yMm, double widthMm, double heightMm, int threshold = 128)
    {
        int x0 = Pixels(xMm), y0 = Pixels(yMm), x1 = Math.Min(width, Pixels(xMm + widthMm)), y1 = Math.Min(height, Pixels(yMm + heightMm));
        int count = 0;
        for (int y = y0; y < y1; y++)
        {
            for (int x = x0; x < x1; x++)
            {
                if (pixels[y * width + x] < threshold)
                {
                    count++;
                }
            }
        }
        return count;
    }

    /// <summary>Rows (in millimetres from the top) within the vertical strip that contain ink.</summary>
    public IReadOnlyList<double> InkRows(double xMm, double widthMm, int threshold = 200)
    {
        var rows = new List<double>();
        int x0 = Pixels(xMm), x1 = Pixels(xMm + widthMm);
        for (int y = 0; y < height; y++)
        {
            for (int x = x0; x < x1; x++)
            {
                if (pixels[y * width + x] < threshold)
                {
                    rows.Add((y + 0.5) * 25.4 / dpi);
                    break;
                }
            }
        }
        return rows;
    }

    public byte At(int x, int y) => pixels[y * width + x];
}
