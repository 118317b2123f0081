using ContactCenter.Letters.Composition;

namespace ContactCenter.Benchmarks.Letters;

/// <summary>A typical one-page answer letter: HTML body of about 200 words with emphasis and a list.</summary>
internal static class SampleLetters
{
    public const string Html = """
        <p>vielen Dank für Ihre Nachricht vom 28. November. Wir haben Ihre Bestellung <b>4711-2026</b> geprüft und
        die Rückerstattung über <b>129,90 €</b> veranlasst. Der Betrag wird innerhalb von fünf Werktagen Ihrem Konto
        gutgeschrieben.</p>
        <p>Bitte beachten Sie:</p>
        <ul><li>Die Gutschrift erscheint unter dem Verwendungszweck „Erstattung 4711“.</li>
        <li>Eine Rücksendung des defekten Geräts ist <i>nicht</i> erforderlich.</li>
        <li>Ihre Garantie für das Ersatzgerät beginnt mit dem Lieferdatum neu.</li></ul>
        <p>Sollten Sie weitere Fragen haben, erreichen Sie unser Kundenservice-Team montags bis freitags von 8 bis
        18 Uhr unter der unten genannten Rufnummer oder jederzeit über unser Kontaktformular auf
        <a href="https://www.example.de/kontakt">www.example.de/kontakt</a>. Wir bitten die entstandenen
        Unannehmlichkeiten zu entschuldigen und freuen uns, Sie weiterhin zu unseren zufriedenen Kundinnen und
        Kunden zählen zu dürfen.</p>
        """;

    public static Letter Create(int number) => new()
    {
        Recipient = ["Frau Erika Mustermann", "Hauptstraße 5", "50667 Köln"],
        Subject = $"Ihre Anfrage {number}",
        Date = new DateOnly(2026, 12, 2),
        OurReference = $"CC-{number}",
        Contact = "Jan Novák",
        Phone = "+49 30 1234567",
        Salutation = "Sehr geehrte Frau Mustermann,",
        Body = LetterBody.FromHtml(Html),
        Closing = "Mit freundlichen Grüßen",
        Signature = ["Jan Novák", "Kundenservice"],
    };
}
