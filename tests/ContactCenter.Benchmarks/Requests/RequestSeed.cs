using System.Data.Common;
using System.Globalization;
using System.Text;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ContactCenter.Benchmarks.Requests;

/// <summary>
/// Fills a tenant database with many requests as a busy tenant has them, straight into the tables (multi-row INSERTs of
/// 500 rows through EF's own column mappings, so each provider stores its own types), not through the mail ingest:
/// contacts, eight categories, requests over two years (most closed; the open and waiting ones of the last two weeks,
/// due around now), one to five messages each of a few hundred to 2,500 characters in German and English. The same seed
/// gives the same data, so the providers and the runs before and after a change see the same rows.
/// </summary>
internal static class RequestSeed
{
    private const int Batch = 500;

    /// <summary>A word only one message of the seed holds: the rare search.</summary>
    public const string RareWord = "Sonderfall-4711";

    /// <summary>A word about one message in twenty holds: the common search.</summary>
    public const string CommonWord = "Rücksendung";

    private static readonly string[] Words =
    [
        "Bestellung", "Lieferung", "Rechnung", "Paket", "Kundennummer", "bitte", "danke", "leider", "noch", "nicht", "angekommen", "Größe",
        "Überweisung", "Kündigung", "Vertrag", "Zahlung", "Mahnung", "Adresse", "geändert", "Woche", "heute", "gestern", "schon", "wieder",
        "freundlichen", "Grüßen", "Artikel", "defekt", "Umtausch", "Garantie", "Rückerstattung", "Konto", "Passwort", "Anmeldung", "möglich",
        "order", "delivery", "invoice", "parcel", "customer", "number", "please", "thanks", "still", "arrived", "refund", "account", "password",
        "login", "contract", "payment", "reminder", "address", "changed", "week", "today", "yesterday", "again", "broken", "exchange", "warranty",
        "regards", "kind", "the", "and", "with", "for", "was", "have", "has", "not", "yet", "my", "your", "our", "der", "die", "das", "und", "mit",
        "für", "ist", "habe", "hat", "ich", "Sie", "wir", "mein", "meine", "Ihre", "unser", "einen", "eine", "auf", "bei", "seit", "über",
    ];

    private static readonly string[] FirstNames =
        ["Anna", "Jürgen", "Maria", "Stefan", "Özlem", "Thomas", "Sabine", "Michael", "Jana", "Lukas", "Sophie", "Björn", "Emma", "Paul", "Zoë", "Max"];

    private static readonly string[] LastNames =
        ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Groß", "Yılmaz", "Smith"];

    private static readonly string[] Domains = ["example.com", "beispiel.de", "post.example", "mail.example.org", "firma-gmbh.example"];

    private static readonly string[] CategoryNames = ["Bestellungen", "Lieferung", "Rechnungen", "Retouren", "Technik", "Verträge", "Beschwerden", "Sonstiges"];

    /// <summary>What the seed wrote, and the values the benchmark searches and filters by.</summary>
    public sealed record Seeded(int Requests, int Messages, long TextBytes, IReadOnlyList<Guid> Categories, string EmailPart);

    public static async Task<Seeded> SeedAsync(TenantDbContext db, int requests, CancellationToken cancellationToken)
    {
        var random = new Random(20261210);
        var agentGroup = await db.AgentGroups.Select(g => g.Id).FirstAsync(cancellationToken);
        var categories = CategoryNames.Select(name => new Category { Name = "Seed " + name, AgentGroupId = agentGroup }).ToList();
        db.Categories.AddRange(categories);
        await db.SaveChangesAsync(cancellationToken);

        var now = DateTime.UtcNow;
        var contacts = Enumerable.Range(0, Math.Max(1, requests / 5)).Select(i =>
        {
            var (first, last) = (FirstNames[i % FirstNames.Length], LastNames[i / FirstNames.Length % LastNames.Length]);
            return new Contact { FirstName = first, LastName = last, Email = $"{Ascii(first)}.{Ascii(last)}.{i}@{Domains[i % Domains.Length]}".ToLowerInvariant() };
        }).ToList();
        await InsertAsync(db, contacts, cancellationToken);

        var rareAt = requests / 3;
        var (messageCount, textBytes) = (0, 0L);
        var rows = new List<Request>(Batch);
        var messages = new List<RequestMessage>(Batch * 3);
        for (var n = 1; n <= requests; n++)
        {
            var contact = contacts[random.Next(contacts.Count)];
            var status = random.NextDouble() switch { < 0.08 => RequestStatus.Open, < 0.12 => RequestStatus.Waiting, _ => RequestStatus.Closed };
            var created = status == RequestStatus.Closed ? now.AddMinutes(-random.Next(20_160, 1_051_200)) : now.AddMinutes(-random.Next(10, 20_160));
            var count = random.NextDouble() switch { < 0.5 => 1, < 0.8 => 2, < 0.95 => 3, _ => 5 };
            var request = new Request
            {
                Number = n,
                Token = RequestTokens.NewToken(),
                Subject = $"{Words[random.Next(35)]} {Words[random.Next(Words.Length)]} {random.Next(100_000, 999_999)}",
                Status = status,
                CategoryId = random.Next(10) == 0 ? null : categories[random.Next(categories.Count)].Id,
                Priority = random.Next(20) == 0 ? RequestPriority.High : RequestPriority.Normal,
                ContactId = contact.Id,
                ContactEmail = contact.Email,
                CreatedAt = created,
                UpdatedAt = Min(now, created.AddMinutes(random.Next(1, 7_200))),
                DueAt = random.Next(5) == 0 ? null : created.AddMinutes(random.Next(480, 4_320)),
                ClosedAt = status == RequestStatus.Closed ? Min(now, created.AddMinutes(random.Next(60, 10_000))) : null,
                MessageCount = count,
            };
            rows.Add(request);
            for (var m = 0; m < count; m++)
            {
                var inbound = m % 2 == 0;
                var text = Text(random, n == rareAt && m == 0);
                textBytes += Encoding.UTF8.GetByteCount(text);
                var at = created.AddMinutes(m * 90);
                messages.Add(new RequestMessage
                {
                    RequestId = request.Id,
                    Direction = inbound ? MessageDirection.In : MessageDirection.Out,
                    MessageId = $"{Guid.NewGuid():N}@{(inbound ? Domains[n % Domains.Length] : "support.example")}",
                    FromName = inbound ? $"{contact.FirstName} {contact.LastName}" : "Kundenservice",
                    FromAddress = inbound ? contact.Email : "support@support.example",
                    To = inbound ? """[{"name":"Kundenservice","address":"support@support.example"}]""" : $$"""[{"name":null,"address":"{{contact.Email}}"}]""",
                    Subject = (m == 0 ? "" : "Re: ") + request.Subject,
                    Date = at,
                    ReceivedAt = at,
                    Headers = $"Received: from mx.example by mail.support.example; {at:R}\r\nMessage-ID: <{Guid.NewGuid():N}@example>\r\nContent-Type: text/plain; charset=utf-8\r\n",
                    Text = text,
                    Delivery = inbound ? null : DeliveryState.Sent,
                });
            }

            messageCount += count;
            if (rows.Count == Batch || n == requests)
            {
                await InsertAsync(db, rows, cancellationToken);
                await InsertAsync(db, messages, cancellationToken);
                rows.Clear();
                messages.Clear();
            }
        }

        await db.RequestCounters.ExecuteUpdateAsync(c => c.SetProperty(x => x.Last, requests), cancellationToken);
        var sample = contacts[contacts.Count / 2].Email!;
        return new Seeded(requests, messageCount, textBytes, categories.Select(c => c.Id).ToList(), sample[..sample.IndexOf('@', StringComparison.Ordinal)]);
    }

    /// <summary>A mail body of a few hundred to 2,500 characters; one in twenty holds <see cref="CommonWord"/>, the rare one <see cref="RareWord"/>.</summary>
    private static string Text(Random random, bool rare)
    {
        var text = new StringBuilder("Sehr geehrte Damen und Herren,\n\n");
        var length = random.Next(300, 2_500);
        while (text.Length < length)
        {
            text.Append(Words[random.Next(Words.Length)]).Append(random.Next(12) == 0 ? ".\n" : " ");
        }

        if (random.Next(20) == 0)
        {
            text.Append(CommonWord).Append(' ');
        }

        if (rare)
        {
            text.Append(RareWord).Append(' ');
        }

        return text.Append("\n\nMit freundlichen Grüßen").ToString();
    }

    private static string Ascii(string name) =>
        name.Replace("ü", "ue", StringComparison.Ordinal).Replace("ö", "oe", StringComparison.Ordinal).Replace("Ö", "Oe", StringComparison.Ordinal)
            .Replace("ß", "ss", StringComparison.Ordinal).Replace("ë", "e", StringComparison.Ordinal).Replace("ı", "i", StringComparison.Ordinal);

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    /// <summary>The rows in one multi-row INSERT, every mapped column with the provider's own parameter type.</summary>
    private static async Task InsertAsync<T>(TenantDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var properties = entity.GetProperties().Where(p => p.GetColumnName(table) is not null).ToList();
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        foreach (var chunk in rows.Chunk(Batch))
        {
            await using var command = connection.CreateCommand();
            var sql = new StringBuilder($"INSERT INTO \"{table.Name}\" ({string.Join(", ", properties.Select(p => $"\"{p.GetColumnName(table)}\""))}) VALUES ");
            for (var r = 0; r < chunk.Length; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < properties.Count; c++)
                {
                    var name = string.Create(CultureInfo.InvariantCulture, $"@p{r}_{c}");
                    sql.Append(c == 0 ? "" : ", ").Append(name);
                    command.Parameters.Add(Parameter(command, properties[c], name, properties[c].PropertyInfo!.GetValue(chunk[r])));
                }

                sql.Append(')');
            }

            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static DbParameter Parameter(DbCommand command, IProperty property, string name, object? value) =>
        property.GetRelationalTypeMapping().CreateParameter(command, name, value, property.IsNullable);
}
