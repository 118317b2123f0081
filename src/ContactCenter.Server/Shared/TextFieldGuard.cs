using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server;

/// <summary>
/// Names the fields of an endpoint or page whose text may span lines (CR, LF and TAB allowed); matched by the field's
/// last name segment, ignoring case (<c>notes</c>, <c>Form.Body</c> → <c>body</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class MultiLineTextAttribute(params string[] fields) : Attribute
{
    /// <summary>Every field of the endpoint (free-form JSON such as an app setting).</summary>
    public const string AnyField = "*";

    public IReadOnlyList<string> Fields { get; } = fields;
}

/// <summary>
/// Refuses control characters in every text a request carries — query values, form fields and JSON strings — before
/// any endpoint or page sees them, so no feature can forget it: a NUL stored by SQLite broke PostgreSQL with a 500.
/// Line breaks and tabs pass only in fields marked <see cref="MultiLineTextAttribute"/>. APIs get a validation
/// problem naming the fields; pages a 400 page naming them.
/// </summary>
public sealed class TextFieldGuard(RequestDelegate next)
{
    private static readonly IStringLocalizer T = Localization.Texts<SharedTexts>();

    public async Task InvokeAsync(HttpContext context)
    {
        var multiLine = context.GetEndpoint()?.Metadata.GetOrderedMetadata<MultiLineTextAttribute>()
            .SelectMany(a => a.Fields).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        var refused = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, values) in context.Request.Query)
        {
            Check(key, values, multiLine, refused);
        }

        if (context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            foreach (var (key, value) in await ReadUrlEncodedAsync(context.Request, context.RequestAborted))
            {
                Check(key, value, multiLine, refused);
            }
        }
        else if (context.Request.HasFormContentType)
        {
            foreach (var (key, values) in await context.Request.ReadFormAsync(context.RequestAborted))
            {
                Check(key, values, multiLine, refused);
            }
        }
        else if (context.Request.HasJsonContentType() && context.Request.ContentLength is not 0)
        {
            await CheckJsonAsync(context.Request, multiLine, refused, context.RequestAborted);
        }

        if (refused.Count == 0)
        {
            await next(context);
            return;
        }

        var errors = refused.ToDictionary(field => field, _ => new[] { T["ControlCharacters"].Value }, StringComparer.Ordinal);
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || !Accepts(context.Request, "text/html"))
        {
            await TypedResults.ValidationProblem(errors).ExecuteAsync(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await StatusPages.WriteTextAsync(context, T["ControlCharactersTitle"], T["ControlCharactersText", string.Join(", ", refused)]);
    }

    /// <summary>Whether <paramref name="text"/> holds a control character that a field of its kind may not hold.</summary>
    public static bool HasControlCharacters(string text, bool multiLine)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) && !(multiLine && c is '\r' or '\n' or '\t'))
            {
                return true;
            }
        }

        return false;
    }

    private static void Check(string key, Microsoft.Extensions.Primitives.StringValues values, HashSet<string> multiLine, SortedSet<string> refused)
    {
        var field = FieldName(key);
        if (HasControlCharacters(key, multiLine: false) || values.Any(v => v is not null && HasControlCharacters(v, IsMultiLine(field, multiLine))))
        {
            refused.Add(field);
        }
    }

    /// <summary>
    /// The fields of a URL-encoded form, read from the buffered body by hand: ASP.NET Core's form reader throws on an
    /// encoded NUL without saying in which field (a 500 on every page), and the field is what the person needs to know.
    /// </summary>
    private static async Task<List<(string Key, string Value)>> ReadUrlEncodedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        try
        {
            using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            var body = await reader.ReadToEndAsync(cancellationToken);
            return body.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2))
                .Select(pair => (Decode(pair[0]), pair.Length > 1 ? Decode(pair[1]) : ""))
                .ToList();
        }
        finally
        {
            request.Body.Position = 0;
        }

        static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
    }

    /// <summary>
    /// Reads the JSON body once (buffered, so the endpoint reads it again; Kestrel's and our size limits bound it) and
    /// notes every string and property name with control characters by its path. A body that is no JSON is left to
    /// the endpoint's binding, which refuses it.
    /// </summary>
    private static async Task CheckJsonAsync(HttpRequest request, HashSet<string> multiLine, SortedSet<string> refused, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
            Walk(document.RootElement, "", multiLine, refused);
        }
        catch (JsonException)
        {
            // Not JSON: the endpoint's binding answers 400 for it.
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    private static void Walk(JsonElement element, string path, HashSet<string> multiLine, SortedSet<string> refused)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String when HasControlCharacters(element.GetString()!, IsMultiLine(path, multiLine)):
                refused.Add(path.Length == 0 ? "body" : path);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = HasControlCharacters(property.Name, multiLine: false) ? "?" : property.Name;
                    var child = path.Length == 0 ? name : $"{path}.{name}";
                    if (name == "?")
                    {
                        refused.Add(child);
                    }

                    Walk(property.Value, child, multiLine, refused);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{path}[{index++}]", multiLine, refused);
                }

                break;
        }
    }

    /// <summary>Whether a field on the path allows line breaks: the field a nested value belongs to (an app setting's JSON value) decides for all of it.</summary>
    private static bool IsMultiLine(string path, HashSet<string> multiLine) =>
        multiLine.Contains(MultiLineTextAttribute.AnyField) || path.Split('.').Any(segment => multiLine.Contains(FieldName(segment)));

    /// <summary>The API's name of a form key or JSON path: its last segment, camel-cased, without an index.</summary>
    private static string FieldName(string key)
    {
        var name = key[(key.LastIndexOf('.') + 1)..];
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        name = bracket >= 0 ? name[..bracket] : name;
        return name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static bool Accepts(HttpRequest request, string mediaType) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase));
}
