using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContactCenter.Server.Requests;

/// <summary>
/// An answer: <c>body</c> (HTML; sanitised, may be left out when <c>templateId</c> names one of the category's
/// templates, whose filled-in body is sent), <c>to</c> (default: the customer, by the latest mail's Reply-To or sender)
/// and <c>cc</c> (default: none), each an address or a list of them; <c>attachmentIds</c> of prepared or own
/// attachments the answer may carry; <c>close</c> closes the request with the answer (else it waits for the customer).
/// </summary>
public sealed record ReplyInput(
    string? Body,
    [property: JsonConverter(typeof(AddressListConverter))] IReadOnlyList<string>? To,
    [property: JsonConverter(typeof(AddressListConverter))] IReadOnlyList<string>? Cc,
    Guid? TemplateId,
    IReadOnlyList<Guid>? AttachmentIds,
    bool? Close);

/// <summary>An answer taken for sending: the outbound message's <c>id</c>, its request, and the request's status now.</summary>
public sealed record ReplyAccepted(Guid Id, Guid RequestId, string Status);

/// <summary>
/// What an answer starts from: the sender address, the proposed recipients, the subject, the category's default
/// template (<c>templateId</c>, its filled-in <c>body</c>), the category's templates and text blocks (filled in, HTML),
/// the attachments it may carry, whether the caller may upload own ones, the spell-check language, and the caller's draft.
/// </summary>
public sealed record ReplyProposal(
    string From, IReadOnlyList<string> To, IReadOnlyList<string> Cc, string Subject, Guid? TemplateId, string Body,
    IReadOnlyList<ReplyTemplateItem> Templates, IReadOnlyList<ReplyTextBlockItem> TextBlocks, IReadOnlyList<ReplyAttachmentItem> Attachments,
    bool MayUpload, bool SpellCheck, string Language, ReplyDraftItem? Draft);

public sealed record ReplyTemplateItem(Guid Id, string Name, bool IsDefault, string Body);

public sealed record ReplyTextBlockItem(Guid Id, string Name, string Body);

/// <summary>An attachment an answer may carry; <c>own</c>: uploaded by the caller, else one of the tenant's prepared ones.</summary>
public sealed record ReplyAttachmentItem(Guid Id, string FileName, string MediaType, long Size, bool Own);

/// <summary>A draft as the editor saves it: the HTML, the recipients as typed, the template and the chosen attachments.</summary>
public sealed record ReplyDraftInput(string? Body, string? To, string? Cc, Guid? TemplateId, IReadOnlyList<Guid>? AttachmentIds);

public sealed record ReplyDraftItem(string Body, string? To, string? Cc, Guid? TemplateId, IReadOnlyList<Guid> AttachmentIds, DateTime UpdatedAt);

/// <summary>Addresses as one string (separated by commas or semicolons) or as an array of strings.</summary>
public sealed class AddressListConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return Split(reader.GetString());
            case JsonTokenType.StartArray:
                var list = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw new JsonException("Each address is a string.");
                    }

                    list.Add(reader.GetString()!);
                }

                return list;
            default:
                throw new JsonException("Addresses are a string or an array of strings.");
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);

    /// <summary>The addresses of a comma- or semicolon-separated list; a comma inside a quoted display name does not separate.</summary>
    public static IReadOnlyList<string> Split(string? value)
    {
        var result = new List<string>();
        if (string.IsNullOrWhiteSpace(value))
        {
            return result;
        }

        var start = 0;
        var quoted = false;
        for (var i = 0; i <= value.Length; i++)
        {
            if (i < value.Length && value[i] == '"')
            {
                quoted = !quoted;
            }
            else if (i == value.Length || (!quoted && value[i] is ',' or ';'))
            {
                if (value[start..i].Trim() is { Length: > 0 } address)
                {
                    result.Add(address);
                }

                start = i + 1;
            }
        }

        return result;
    }
}
