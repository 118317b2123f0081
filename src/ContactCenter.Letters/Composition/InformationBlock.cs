using System.Globalization;
using ContactCenter.Letters.Styles;

namespace ContactCenter.Letters.Composition;

/// <summary>DIN 5008 information block right of the address field: references, contact and date.</summary>
internal sealed class InformationBlock(Letter letter, LetterStylesheet stylesheet, TextStyles styles, LetterGeometry geometry)
{
    public void Draw(LetterPage page)
    {
        var labels = stylesheet.Labels;
        var culture = CultureInfo.GetCultureInfo(stylesheet.Locale);
        var entries = new List<(string Label, string Value)>();
        void Add(string label, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                entries.Add((label, value));
            }
        }
        Add(labels.YourReference, letter.YourReference);
        Add(labels.OurReference, letter.OurReference);
        Add(labels.Contact, letter.Contact);
        Add(labels.Phone, letter.Phone);
        Add(labels.Email, letter.Email);
        Add(labels.Date, letter.Date.ToString(stylesheet.DateFormat, culture));

        double y = geometry.InformationTop, x = LetterGeometry.InformationLeft, width = geometry.InformationWidth;
        foreach (var (label, value) in entries)
        {
            y += page.Text(label, styles.InformationLabel, x, y, width, lineHeight: 1.1);
            y += page.Text(value, styles.InformationValue, x, y, width, lineHeight: 1.2) + 1;
        }
    }
}
