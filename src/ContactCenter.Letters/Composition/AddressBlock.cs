namespace ContactCenter.Letters.Composition;

/// <summary>The address field for window envelopes: the return address line in the note zone, then the recipient.</summary>
internal sealed class AddressBlock(string? returnAddress, IReadOnlyList<string> recipient, TextStyles styles, LetterGeometry geometry)
{
    public void Draw(LetterPage page)
    {
        double x = LetterGeometry.AddressTextLeft, width = LetterGeometry.AddressFieldWidth - 2 * (LetterGeometry.AddressTextLeft - LetterGeometry.AddressFieldLeft);
        if (!string.IsNullOrEmpty(returnAddress))
        {
            // The return address sits at the foot of the note zone, right above the recipient.
            double y = geometry.AddressFieldTop + geometry.NoteZoneHeight - 4.5;
            double used = page.Text(returnAddress, styles.ReturnAddress, x, y, width);
            page.Line(x, y + used + 0.3, x + Math.Min(width, 75), y + used + 0.3, 0.4, styles.ReturnAddress.Color);
        }
        double top = geometry.AddressFieldTop + geometry.NoteZoneHeight;
        double bottom = geometry.AddressFieldTop + LetterGeometry.AddressFieldHeight;
        foreach (string line in recipient.Take(9))
        {
            if (top >= bottom)
            {
                break;
            }
            top += page.Text(line, styles.Address, x, top, width, lineHeight: 1.15);
        }
    }
}
