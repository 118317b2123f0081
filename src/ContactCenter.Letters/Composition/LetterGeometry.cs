using ContactCenter.Letters.Styles;

namespace ContactCenter.Letters.Composition;

/// <summary>
/// Where the parts of a DIN 5008 letter sit, in millimetres from the top-left corner of an A4 page: form A has
/// a 27 mm letterhead, form B a 45 mm one; the address field is 85 × 45 mm at 20 mm from the left, its top
/// 17.7 mm (B) or 12.7 mm (A) for the return address and notes; fold marks at 105/210 mm (B) or 87/192 mm (A),
/// the hole mark at 148.5 mm.
/// </summary>
internal sealed class LetterGeometry(LetterStylesheet stylesheet)
{
    public const double PointsPerMillimetre = 72 / 25.4;

    public DinForm Form => stylesheet.Form;

    /// <summary>The first line of a sequence, or null when it is empty.</summary>
    public static string? FirstOf(IReadOnlyList<string> lines) => lines.Count > 0 ? lines[0] : null;

    public double PageWidth => stylesheet.Page.Width;

    public double PageHeight => stylesheet.Page.Height;

    public double Left => stylesheet.Page.Margins.Left;

    public double Right => stylesheet.Page.Width - stylesheet.Page.Margins.Right;

    public double TextWidth => Right - Left;

    public double LetterheadHeight => Form == DinForm.A ? 27 : 45;

    public const double AddressFieldLeft = 20;

    public const double AddressTextLeft = 25;

    public double AddressFieldTop => LetterheadHeight;

    public const double AddressFieldWidth = 85;

    public const double AddressFieldHeight = 45;

    public double NoteZoneHeight => Form == DinForm.A ? 12.7 : 17.7;

    public const double InformationLeft = 125;

    public double InformationTop => Form == DinForm.A ? 32 : 50;

    public double InformationWidth => Math.Max(40, Right - InformationLeft);

    /// <summary>The subject starts two blank lines below the address field.</summary>
    public double FirstPageBodyTop => AddressFieldTop + AddressFieldHeight + 8.46;

    public double FollowUpHeaderTop => stylesheet.Page.Margins.Top;

    public double FollowUpBodyTop => stylesheet.Page.Margins.Top + 12;

    public IReadOnlyList<double> FoldMarks => Form == DinForm.A ? [87, 192] : [105, 210];

    public double HoleMark => PageHeight / 2;

    public double FooterBottom => PageHeight - stylesheet.Page.Margins.Bottom;
}
