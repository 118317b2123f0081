using ContactCenter.Letters.Composition;
using ContactCenter.Letters.Styles;

namespace ContactCenter.Letters.Tests.Support;

/// <summary>Stylesheets and letters the tests share.</summary>
internal static class Letters
{
    public static LetterStylesheet EnglishStylesheet(DinForm form = DinForm.B) => DefaultStylesheet.Create() with
    {
        Form = form,
        Locale = "en-GB",
        DateFormat = "d MMMM yyyy",
        Labels = new LetterLabels
        {
            Page = "Page {page} of {pages}",
            Date = "Date",
            OurReference = "Our reference",
            YourReference = "Your reference",
            Contact = "Contact",
            Phone = "Phone",
            Email = "Email",
            Enclosures = "Enclosures",
        },
        Letterhead = new LetterheadSetup
        {
            Lines = ["Example Services Ltd", "Customer Care"],
            ReturnAddress = "Example Services Ltd · PO Box 12 · London",
        },
        Footer = new FooterSetup
        {
            Columns = [["Example Services Ltd", "PO Box 12", "London"], ["Phone 020 7946 0000", "care@example.test"], ["Registered in England", "No. 01234567"]],
        },
    };

    public static Letter Sample(LetterBody body) => new()
    {
        Recipient = ["Erika Mustermann", "Hauptstraße 5", "50667 Köln"],
        Subject = "Your request 4711",
        Date = new DateOnly(2026, 12, 2),
        OurReference = "CC-4711",
        Contact = "Jan Novák",
        Salutation = "Dear Ms Mustermann,",
        Body = body,
        Closing = "Kind regards",
        Signature = ["Jan Novák", "Customer Care"],
    };

    /// <summary>Renders to a file and checks it with qpdf, as every test PDF must pass.</summary>
    public static string RenderToFile(LetterRenderer renderer, Letter letter, string file)
    {
        using (var stream = File.Create(file))
        {
            renderer.Render(letter, stream);
        }
        PdfTools.AssertValid(file);
        return file;
    }
}
