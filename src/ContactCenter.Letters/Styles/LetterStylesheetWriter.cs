using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ContactCenter.Letters.Styles;

/// <summary>Writes a stylesheet as the JSON <see cref="LetterStylesheetReader"/> reads.</summary>
public static class LetterStylesheetWriter
{
    public static string ToJson(LetterStylesheet stylesheet)
    {
        ArgumentNullException.ThrowIfNull(stylesheet);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("version", stylesheet.Version);
            w.WriteString("form", stylesheet.Form.ToString());
            w.WriteString("locale", stylesheet.Locale);
            w.WriteString("dateFormat", stylesheet.DateFormat);

            w.WriteStartObject("page");
            w.WriteNumber("width", stylesheet.Page.Width);
            w.WriteNumber("height", stylesheet.Page.Height);
            w.WriteStartObject("margins");
            w.WriteNumber("top", stylesheet.Page.Margins.Top);
            w.WriteNumber("right", stylesheet.Page.Margins.Right);
            w.WriteNumber("bottom", stylesheet.Page.Margins.Bottom);
            w.WriteNumber("left", stylesheet.Page.Margins.Left);
            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartObject("fonts");
            w.WriteStartObject("families");
            foreach (var (name, family) in stylesheet.Fonts.Families)
            {
                w.WriteStartObject(name);
                w.WriteString("regular", family.Regular);
                WriteOptional(w, "bold", family.Bold);
                WriteOptional(w, "italic", family.Italic);
                WriteOptional(w, "boldItalic", family.BoldItalic);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteString("body", stylesheet.Fonts.Body);
            WriteOptional(w, "headings", stylesheet.Fonts.Headings);
            w.WriteString("fallback", stylesheet.Fonts.Fallback);
            w.WriteEndObject();

            w.WriteStartObject("text");
            w.WriteNumber("size", stylesheet.Text.Size);
            w.WriteNumber("lineHeight", stylesheet.Text.LineHeight);
            w.WriteString("color", stylesheet.Text.Color.ToString());
            w.WriteString("accentColor", stylesheet.Text.AccentColor.ToString());
            w.WriteEndObject();

            w.WriteStartObject("letterhead");
            if (stylesheet.Letterhead.Logo is { } logo)
            {
                w.WriteStartObject("logo");
                w.WriteString("file", logo.File);
                w.WriteNumber("x", logo.X);
                w.WriteNumber("y", logo.Y);
                w.WriteNumber("width", logo.Width);
                w.WriteEndObject();
            }
            WriteLines(w, "lines", stylesheet.Letterhead.Lines);
            w.WriteString("align", stylesheet.Letterhead.Align.ToString().ToLowerInvariant());
            WriteOptional(w, "returnAddress", stylesheet.Letterhead.ReturnAddress);
            w.WriteEndObject();

            w.WriteStartObject("footer");
            w.WriteNumber("size", stylesheet.Footer.Size);
            w.WriteStartArray("columns");
            foreach (var column in stylesheet.Footer.Columns)
            {
                w.WriteStartArray();
                foreach (string line in column)
                {
                    w.WriteStringValue(line);
                }
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteStartObject("marks");
            w.WriteBoolean("fold", stylesheet.Marks.Fold);
            w.WriteBoolean("hole", stylesheet.Marks.Hole);
            w.WriteEndObject();

            var l = stylesheet.Labels;
            w.WriteStartObject("labels");
            w.WriteString("page", l.Page);
            w.WriteString("date", l.Date);
            w.WriteString("ourReference", l.OurReference);
            w.WriteString("yourReference", l.YourReference);
            w.WriteString("contact", l.Contact);
            w.WriteString("phone", l.Phone);
            w.WriteString("email", l.Email);
            w.WriteString("enclosures", l.Enclosures);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteLines(Utf8JsonWriter w, string name, IReadOnlyList<string> lines)
    {
        w.WriteStartArray(name);
        foreach (string line in lines)
        {
            w.WriteStringValue(line);
        }
        w.WriteEndArray();
    }
}
