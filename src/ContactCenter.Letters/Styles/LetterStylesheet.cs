using ContactCenter.Letters.Pdf;

namespace ContactCenter.Letters.Styles;

/// <summary>DIN 5008 letter forms: A has a short letterhead (27 mm), B a tall one (45 mm).</summary>
public enum DinForm
{
    A,
    B,
}

/// <summary>
/// The iMAIL4LETTER letter stylesheet (version 1): how a tenant's letters look. Lengths are millimetres, font
/// sizes points, colours <c>#RRGGBB</c>. Read and validated by <see cref="LetterStylesheetReader"/>; file paths
/// are absolute once read.
/// </summary>
public sealed record LetterStylesheet
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public DinForm Form { get; init; } = DinForm.B;

    /// <summary>Culture for dates (month names), e.g. <c>de-DE</c>.</summary>
    public string Locale { get; init; } = "de-DE";

    public string DateFormat { get; init; } = "d. MMMM yyyy";

    public PageSetup Page { get; init; } = new();

    public required FontSetup Fonts { get; init; }

    public TextSetup Text { get; init; } = new();

    public LetterheadSetup Letterhead { get; init; } = new();

    public FooterSetup Footer { get; init; } = new();

    public MarksSetup Marks { get; init; } = new();

    public LetterLabels Labels { get; init; } = new();
}

public sealed record PageSetup
{
    public double Width { get; init; } = 210;

    public double Height { get; init; } = 297;

    public Margins Margins { get; init; } = new();
}

public sealed record Margins
{
    public double Top { get; init; } = 20;

    public double Right { get; init; } = 20;

    public double Bottom { get; init; } = 12;

    public double Left { get; init; } = 25;
}

/// <summary>Font files of one family; bold and italic faces are optional.</summary>
public sealed record FontFamilySetup(string Regular, string? Bold = null, string? Italic = null, string? BoldItalic = null);

public sealed record FontSetup
{
    public required IReadOnlyDictionary<string, FontFamilySetup> Families { get; init; }

    /// <summary>The family of the letter text.</summary>
    public required string Body { get; init; }

    /// <summary>The family of headings and the subject; the body family when not set.</summary>
    public string? Headings { get; init; }

    /// <summary>The family used for any character the body family lacks.</summary>
    public required string Fallback { get; init; }
}

public sealed record TextSetup
{
    public double Size { get; init; } = 11;

    public double LineHeight { get; init; } = 1.25;

    public PdfColor Color { get; init; } = PdfColor.Black;

    /// <summary>Colour of the letterhead's first line, headings and rules.</summary>
    public PdfColor AccentColor { get; init; } = PdfColor.Black;
}

public enum HorizontalAlignment
{
    Left,
    Right,
    Center,
}

/// <summary>A logo drawn on page one; position and width in millimetres, height follows the image's proportions.</summary>
public sealed record LogoSetup(string File, double X, double Y, double Width);

public sealed record LetterheadSetup
{
    public LogoSetup? Logo { get; init; }

    public IReadOnlyList<string> Lines { get; init; } = [];

    public HorizontalAlignment Align { get; init; } = HorizontalAlignment.Right;

    /// <summary>The sender line above the address in the window (DIN 5008 return address).</summary>
    public string? ReturnAddress { get; init; }
}

public sealed record FooterSetup
{
    public double Size { get; init; } = 7.5;

    /// <summary>Up to four columns of lines.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Columns { get; init; } = [];
}

public sealed record MarksSetup
{
    public bool Fold { get; init; } = true;

    public bool Hole { get; init; } = true;
}

/// <summary>The words printed around the letter, in the letter's language. <c>{page}</c> and <c>{pages}</c> are filled in.</summary>
public sealed record LetterLabels
{
    public string Page { get; init; } = "Seite {page} von {pages}";

    public string Date { get; init; } = "Datum";

    public string OurReference { get; init; } = "Unser Zeichen";

    public string YourReference { get; init; } = "Ihr Zeichen";

    public string Contact { get; init; } = "Ansprechpartner";

    public string Phone { get; init; } = "Telefon";

    public string Email { get; init; } = "E-Mail";

    public string Enclosures { get; init; } = "Anlagen";
}
