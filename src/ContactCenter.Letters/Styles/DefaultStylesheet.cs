using ContactCenter.Letters.Pdf;

namespace ContactCenter.Letters.Styles;

/// <summary>
/// The stylesheet used when a tenant has none: DIN 5008 form B with Debian's Liberation Sans
/// (<c>fonts-liberation2</c>) for text and DejaVu Sans (<c>fonts-dejavu-core</c>) as the fallback.
/// </summary>
public static class DefaultStylesheet
{
    public const string LiberationDirectory = "/usr/share/fonts/truetype/liberation2";
    public const string DejaVuDirectory = "/usr/share/fonts/truetype/dejavu";

    public static LetterStylesheet Create() => new()
    {
        Fonts = new FontSetup
        {
            Families = new Dictionary<string, FontFamilySetup>(StringComparer.Ordinal)
            {
                ["Liberation Sans"] = new(
                    Path.Combine(LiberationDirectory, "LiberationSans-Regular.ttf"),
                    Path.Combine(LiberationDirectory, "LiberationSans-Bold.ttf"),
                    Path.Combine(LiberationDirectory, "LiberationSans-Italic.ttf"),
                    Path.Combine(LiberationDirectory, "LiberationSans-BoldItalic.ttf")),
                ["DejaVu Sans"] = new(
                    Path.Combine(DejaVuDirectory, "DejaVuSans.ttf"),
                    Path.Combine(DejaVuDirectory, "DejaVuSans-Bold.ttf"),
                    Path.Combine(DejaVuDirectory, "DejaVuSans-Oblique.ttf"),
                    Path.Combine(DejaVuDirectory, "DejaVuSans-BoldOblique.ttf")),
            },
            Body = "Liberation Sans",
            Fallback = "DejaVu Sans",
        },
        Text = new TextSetup { Size = 11, LineHeight = 1.25, Color = new PdfColor(0x1A, 0x1A, 0x1A), AccentColor = new PdfColor(0x1F, 0x3A, 0x5F) },
        Letterhead = new LetterheadSetup
        {
            Lines = ["ContactCenter", "Kundenservice"],
            ReturnAddress = "ContactCenter · Postfach 1234 · 10115 Berlin",
        },
        Footer = new FooterSetup
        {
            Columns =
            [
                ["ContactCenter", "Postfach 1234", "10115 Berlin"],
                ["Telefon +49 30 1234567", "service@contactcenter.example"],
            ],
        },
    };
}
