using System.Globalization;
using System.Text.Json;
using ContactCenter.Letters.Pdf;

namespace ContactCenter.Letters.Styles;

/// <summary>
/// Reads a letter stylesheet from JSON and validates it in the same pass, collecting every problem with its JSON
/// path: wrong types, unknown properties, bad colours, missing font and logo files, unknown families, margins that
/// reach into the DIN 5008 address window.
/// </summary>
public static class LetterStylesheetReader
{
    /// <summary>Reads a stylesheet file; relative file names in it are resolved against the file's directory.</summary>
    /// <exception cref="LetterStylesheetException">The file is missing, not JSON, or not a valid stylesheet.</exception>
    public static LetterStylesheet Read(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LetterStylesheetException([new StylesheetProblem("$", $"the stylesheet file '{path}' cannot be read: {e.Message}")]);
        }
        return Parse(json, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>
    /// Parses stylesheet JSON; relative file names are resolved against <paramref name="baseDirectory"/>. With
    /// <paramref name="confined"/> (a stylesheet a tenant uploaded) every file must be a relative name inside it.
    /// </summary>
    /// <exception cref="LetterStylesheetException">The text is not JSON or not a valid stylesheet.</exception>
    public static LetterStylesheet Parse(string json, string baseDirectory, bool confined = false)
    {
        var (stylesheet, problems) = ReadAndValidate(json, baseDirectory, confined);
        if (problems.Count > 0)
        {
            throw new LetterStylesheetException(problems);
        }
        return stylesheet!;
    }

    /// <summary>Every problem of the stylesheet JSON; empty when it is valid. <paramref name="confined"/> as in <see cref="Parse"/>.</summary>
    public static IReadOnlyList<StylesheetProblem> Validate(string json, string baseDirectory, bool confined = false) =>
        ReadAndValidate(json, baseDirectory, confined).Problems;

    private static (LetterStylesheet? Stylesheet, List<StylesheetProblem> Problems) ReadAndValidate(string json, string baseDirectory, bool confined)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            return (null, [new StylesheetProblem("$", $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}")]);
        }
        using (document)
        {
            var walker = new StylesheetWalker(Path.TrimEndingDirectorySeparator(Path.GetFullPath(baseDirectory)), confined);
            var stylesheet = walker.ReadStylesheet(document.RootElement);
            return (walker.Problems.Count == 0 ? stylesheet : null, walker.Problems);
        }
    }

    private sealed class StylesheetWalker(string baseDirectory, bool confined)
    {
        public List<StylesheetProblem> Problems { get; } = [];

        public LetterStylesheet? ReadStylesheet(JsonElement root)
        {
            if (!IsObject(root, "$"))
            {
                return null;
            }
            Known(root, "$", "version", "form", "locale", "dateFormat", "page", "fonts", "text", "letterhead", "footer", "marks", "labels");
            double version = Number(root, "$", "version", double.NaN, 1, 1000);
            if (!double.IsNaN(version) && version != LetterStylesheet.CurrentVersion)
            {
                Problem("$.version", $"version {version.ToString(CultureInfo.InvariantCulture)} is not supported; this renderer reads version {LetterStylesheet.CurrentVersion}");
            }
            var form = String(root, "$", "form", "B") switch
            {
                "A" => DinForm.A,
                "B" => DinForm.B,
                var other => Invalid(DinForm.B, "$.form", $"'{other}' is not a DIN 5008 form; use \"A\" or \"B\""),
            };
            string locale = String(root, "$", "locale", "de-DE");
            CultureInfo? culture = null;
            try
            {
                culture = CultureInfo.GetCultureInfo(locale, predefinedOnly: true);
            }
            catch (CultureNotFoundException)
            {
                Problem("$.locale", $"'{locale}' is not a known locale");
            }
            string dateFormat = String(root, "$", "dateFormat", "d. MMMM yyyy");
            try
            {
                _ = new DateOnly(2026, 1, 31).ToString(dateFormat, culture ?? CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                Problem("$.dateFormat", $"'{dateFormat}' is not a valid date format");
            }

            var page = ReadPage(Child(root, "$", "page"), "$.page");
            var fonts = ReadFonts(Child(root, "$", "fonts", required: true), "$.fonts");
            var text = ReadText(Child(root, "$", "text"), "$.text");
            var letterhead = ReadLetterhead(Child(root, "$", "letterhead"), "$.letterhead");
            var footer = ReadFooter(Child(root, "$", "footer"), "$.footer");
            var marks = new MarksSetup();
            if (Child(root, "$", "marks") is JsonElement m)
            {
                Known(m, "$.marks", "fold", "hole");
                marks = new MarksSetup { Fold = Bool(m, "$.marks", "fold", true), Hole = Bool(m, "$.marks", "hole", true) };
            }
            var labels = ReadLabels(Child(root, "$", "labels"), "$.labels");
            CheckAddressWindow(page, form);
            if (fonts is null)
            {
                return null;
            }
            return new LetterStylesheet
            {
                Version = LetterStylesheet.CurrentVersion,
                Form = form,
                Locale = locale,
                DateFormat = dateFormat,
                Page = page,
                Fonts = fonts,
                Text = text,
                Letterhead = letterhead,
                Footer = footer,
                Marks = marks,
                Labels = labels,
            };
        }

        private PageSetup ReadPage(JsonElement? element, string path)
        {
            if (element is not JsonElement e)
            {
                return new PageSetup();
            }
            Known(e, path, "width", "height", "margins");
            var margins = new Margins();
            if (Child(e, path, "margins") is JsonElement m)
            {
                string mp = path + ".margins";
                Known(m, mp, "top", "right", "bottom", "left");
                margins = new Margins
                {
                    Top = Number(m, mp, "top", margins.Top, 0, 100),
                    Right = Number(m, mp, "right", margins.Right, 0, 100),
                    Bottom = Number(m, mp, "bottom", margins.Bottom, 0, 100),
                    Left = Number(m, mp, "left", margins.Left, 0, 100),
                };
            }
            return new PageSetup { Width = Number(e, path, "width", 210, 148, 1000), Height = Number(e, path, "height", 297, 210, 1000), Margins = margins };
        }

        /// <summary>DIN 5008: the address window lies 20–105 mm from the left, its text starting at 25 mm.</summary>
        private void CheckAddressWindow(PageSetup page, DinForm form)
        {
            double windowTop = form == DinForm.A ? 27 : 45;
            var m = page.Margins;
            if (m.Left > 25)
            {
                Problem("$.page.margins.left", $"the left margin ({m.Left} mm) overlaps the address window, whose text starts 25 mm from the left edge");
            }
            if (m.Top > windowTop)
            {
                Problem("$.page.margins.top", $"the top margin ({m.Top} mm) overlaps the address window, which starts {windowTop} mm from the top in form {form}");
            }
            if (page.Width - m.Right < 105)
            {
                Problem("$.page.margins.right", $"the right margin ({m.Right} mm) overlaps the address window, which reaches 105 mm from the left edge");
            }
            if (page.Height - m.Bottom < windowTop + 45 + 40)
            {
                Problem("$.page.margins.bottom", $"the bottom margin ({m.Bottom} mm) leaves no room for text below the address window");
            }
        }

        private FontSetup? ReadFonts(JsonElement? element, string path)
        {
            if (element is not JsonElement e)
            {
                return null;
            }
            Known(e, path, "families", "body", "headings", "fallback");
            var families = new Dictionary<string, FontFamilySetup>(StringComparer.Ordinal);
            if (Child(e, path, "families", required: true) is JsonElement f)
            {
                foreach (var family in f.EnumerateObject())
                {
                    string fp = path + ".families" + Key(family.Name);
                    if (!IsObject(family.Value, fp))
                    {
                        continue;
                    }
                    Known(family.Value, fp, "regular", "bold", "italic", "boldItalic");
                    string? regular = FontFile(family.Value, fp, "regular", required: true);
                    families[family.Name] = new FontFamilySetup(
                        regular ?? "", FontFile(family.Value, fp, "bold"), FontFile(family.Value, fp, "italic"), FontFile(family.Value, fp, "boldItalic"));
                }
                if (families.Count == 0)
                {
                    Problem(path + ".families", "at least one font family is needed");
                }
            }
            string body = String(e, path, "body", "", required: true);
            string fallback = String(e, path, "fallback", "", required: true);
            string? headings = e.TryGetProperty("headings", out _) ? String(e, path, "headings", "") : null;
            foreach (var (name, value) in new[] { ("body", body), ("fallback", fallback), ("headings", headings) })
            {
                if (!string.IsNullOrEmpty(value) && !families.ContainsKey(value))
                {
                    Problem($"{path}.{name}", $"the font family '{value}' is not defined in {path}.families");
                }
            }
            return new FontSetup { Families = families, Body = body, Fallback = fallback, Headings = headings };
        }

        private TextSetup ReadText(JsonElement? element, string path)
        {
            if (element is not JsonElement e)
            {
                return new TextSetup();
            }
            Known(e, path, "size", "lineHeight", "color", "accentColor");
            return new TextSetup
            {
                Size = Number(e, path, "size", 11, 6, 24),
                LineHeight = Number(e, path, "lineHeight", 1.25, 1, 3),
                Color = Color(e, path, "color", PdfColor.Black),
                AccentColor = Color(e, path, "accentColor", PdfColor.Black),
            };
        }

        private LetterheadSetup ReadLetterhead(JsonElement? element, string path)
        {
            if (element is not JsonElement e)
            {
                return new LetterheadSetup();
            }
            Known(e, path, "logo", "lines", "align", "returnAddress");
            LogoSetup? logo = null;
            if (Child(e, path, "logo") is JsonElement l)
            {
                string lp = path + ".logo";
                Known(l, lp, "file", "x", "y", "width");
                string? file = File(l, lp, "file", "logo", required: true);
                logo = new LogoSetup(file ?? "", Number(l, lp, "x", 150, 0, 1000), Number(l, lp, "y", 10, 0, 1000), Number(l, lp, "width", 40, 1, 1000));
            }
            var align = String(e, path, "align", "right") switch
            {
                "left" => HorizontalAlignment.Left,
                "right" => HorizontalAlignment.Right,
                "center" => HorizontalAlignment.Center,
                var other => Invalid(HorizontalAlignment.Right, path + ".align", $"'{other}' is not an alignment; use \"left\", \"right\" or \"center\""),
            };
            string? returnAddress = e.TryGetProperty("returnAddress", out _) ? String(e, path, "returnAddress", "") : null;
            return new LetterheadSetup { Logo = logo, Lines = Strings(e, path, "lines"), Align = align, ReturnAddress = returnAddress };
        }

        private FooterSetup ReadFooter(JsonElement? element, string path)
        {
            if (element is not JsonElement e)
            {
                return new FooterSetup();
            }
            Known(e, path, "size", "columns");
            var columns = new List<IReadOnlyList<string>>();
            if (e.TryGetProperty("columns", out var c))
            {
                if (c.ValueKind != JsonValueKind.Array)
                {
                    Problem(path + ".columns", "must be an array of columns, each an array of lines");
                }
                else
                {
                    int i = 0;
                    foreach (var column in c.EnumerateArray())
                    {
                        columns.Add(StringArray(column, $"{path}.columns[{i++}]"));
                    }
                    if (columns.Count > 4)
                    {
                        Problem(path + ".columns", $"has {columns.Count} columns; a footer holds at most four");
                    }
                }
            }
            return new FooterSetup { Size = Number(e, path, "size", 7.5, 5, 14), Columns = columns };
        }

        private LetterLabels ReadLabels(JsonElement? element, string path)
        {
            var d = new LetterLabels();
            if (element is not JsonElement e)
            {
                return d;
            }
            Known(e, path, "page", "date", "ourReference", "yourReference", "contact", "phone", "email", "enclosures");
            return new LetterLabels
            {
                Page = String(e, path, "page", d.Page),
                Date = String(e, path, "date", d.Date),
                OurReference = String(e, path, "ourReference", d.OurReference),
                YourReference = String(e, path, "yourReference", d.YourReference),
                Contact = String(e, path, "contact", d.Contact),
                Phone = String(e, path, "phone", d.Phone),
                Email = String(e, path, "email", d.Email),
                Enclosures = String(e, path, "enclosures", d.Enclosures),
            };
        }

        private string? FontFile(JsonElement e, string path, string name, bool required = false) => File(e, path, name, "font", required);

        private string? File(JsonElement e, string path, string name, string kind, bool required)
        {
            if (!e.TryGetProperty(name, out var value))
            {
                if (required)
                {
                    Problem($"{path}.{name}", $"the {kind} file is required");
                }
                return null;
            }
            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                Problem($"{path}.{name}", $"must be the path of a {kind} file");
                return null;
            }
            string fileName = value.GetString()!;
            if (confined)
            {
                // One answer for a name that leaves the directory, whether or not such a file exists there, and no
                // server path in it: the stylesheet's author learns nothing about the server's files.
                string? inside = Path.IsPathRooted(fileName) || fileName.StartsWith('~') || fileName.Contains('\0', StringComparison.Ordinal)
                    || fileName.Split('/', '\\').Contains("..")
                    ? null
                    : Path.GetFullPath(fileName, baseDirectory);
                if (inside is null || !IsInside(inside) || !System.IO.File.Exists(inside) || LeadsOutside(inside))
                {
                    Problem($"{path}.{name}", $"the {kind} file must be the name of a file in the stylesheet directory, without '..' or a leading '/'");
                    return null;
                }
                return inside;
            }
            string full = Path.GetFullPath(fileName, baseDirectory);
            if (!System.IO.File.Exists(full))
            {
                Problem($"{path}.{name}", $"the {kind} file '{full}' does not exist");
            }
            return full;
        }

        private bool IsInside(string full) => full.StartsWith(baseDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal);

        /// <summary>Whether the file, or a directory on its way, is a symbolic link to somewhere outside the directory.</summary>
        private bool LeadsOutside(string full)
        {
            for (var current = full; current.Length > baseDirectory.Length; current = Path.GetDirectoryName(current)!)
            {
                FileSystemInfo info = System.IO.File.Exists(current) ? new FileInfo(current) : new DirectoryInfo(current);
                if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target && !IsInside(target.FullName))
                {
                    return true;
                }
            }
            return false;
        }

        private static string Key(string name) =>
            name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? "." + name : "['" + name.Replace("'", "\\'", StringComparison.Ordinal) + "']";

        private void Problem(string path, string message) => Problems.Add(new StylesheetProblem(path, message));

        private T Invalid<T>(T fallback, string path, string message)
        {
            Problem(path, message);
            return fallback;
        }

        private bool IsObject(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                return true;
            }
            Problem(path, $"must be an object, not {e.ValueKind.ToString().ToLowerInvariant()}");
            return false;
        }

        private JsonElement? Child(JsonElement e, string path, string name, bool required = false)
        {
            if (!e.TryGetProperty(name, out var value))
            {
                if (required)
                {
                    Problem($"{path}.{name}", "is required");
                }
                return null;
            }
            return IsObject(value, $"{path}.{name}") ? value : null;
        }

        private void Known(JsonElement e, string path, params string[] names)
        {
            foreach (var property in e.EnumerateObject())
            {
                if (!names.Contains(property.Name, StringComparer.Ordinal))
                {
                    Problem(path + Key(property.Name), $"unknown property; expected one of {string.Join(", ", names)}");
                }
            }
        }

        private double Number(JsonElement e, string path, string name, double fallback, double min, double max)
        {
            if (!e.TryGetProperty(name, out var value))
            {
                if (double.IsNaN(fallback))
                {
                    Problem($"{path}.{name}", "is required");
                }
                return fallback;
            }
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double number))
            {
                Problem($"{path}.{name}", $"must be a number, not {value.ValueKind.ToString().ToLowerInvariant()}");
                return fallback;
            }
            if (number < min || number > max)
            {
                Problem($"{path}.{name}", $"{number.ToString(CultureInfo.InvariantCulture)} is out of range ({min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)})");
                return fallback;
            }
            return number;
        }

        private string String(JsonElement e, string path, string name, string fallback, bool required = false)
        {
            if (!e.TryGetProperty(name, out var value))
            {
                if (required)
                {
                    Problem($"{path}.{name}", "is required");
                }
                return fallback;
            }
            if (value.ValueKind != JsonValueKind.String)
            {
                Problem($"{path}.{name}", $"must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}");
                return fallback;
            }
            return value.GetString()!;
        }

        private bool Bool(JsonElement e, string path, string name, bool fallback)
        {
            if (!e.TryGetProperty(name, out var value))
            {
                return fallback;
            }
            if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Problem($"{path}.{name}", "must be true or false");
                return fallback;
            }
            return value.GetBoolean();
        }

        private PdfColor Color(JsonElement e, string path, string name, PdfColor fallback)
        {
            if (!e.TryGetProperty(name, out var value))
            {
                return fallback;
            }
            if (value.ValueKind != JsonValueKind.String || !PdfColor.TryParse(value.GetString(), out var color))
            {
                Problem($"{path}.{name}", $"'{value}' is not a colour; use #RRGGBB");
                return fallback;
            }
            return color;
        }

        private List<string> Strings(JsonElement e, string path, string name) =>
            e.TryGetProperty(name, out var value) ? StringArray(value, $"{path}.{name}") : [];

        private List<string> StringArray(JsonElement value, string path)
        {
            var list = new List<string>();
            if (value.ValueKind != JsonValueKind.Array)
            {
                Problem(path, "must be an array of strings");
                return list;
            }
            int i = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    Problem($"{path}[{i}]", "must be a string");
                }
                else
                {
                    list.Add(item.GetString()!);
                }
                i++;
            }
            return list;
        }
    }
}
