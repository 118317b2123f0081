using ContactCenter.Data.Tenant;
using ContactCenter.Mail.Messages;

namespace ContactCenter.Server.MailFetching;

/// <summary>A received message as read: the request message it would become, or (<see cref="Refused"/>) why it goes to quarantine.</summary>
public sealed record ReadMail(ReceivedMessage? Mail, RequestMessage? Message, Placement? Refused);

/// <summary>An inbound message already in the database (or placed earlier in the round), as the duplicate check compares it.</summary>
public sealed record KnownMessage(Guid Id, Guid RequestId, string MessageIdHash, string? MessageId, string? ContentHash);

/// <summary>
/// What one round of messages, placed together and saved in one transaction, has looked up and placed so far: the
/// earlier messages under their Message-IDs and the senders' contacts (read once for the round), the messages placed
/// (a later message of the round may duplicate or answer one of them) and the requests created (numbered when saved).
/// </summary>
public sealed class IngestRound
{
    private readonly Dictionary<string, List<KnownMessage>> _messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Contact>> _contacts = new(StringComparer.Ordinal);
    private readonly List<RequestMessage> _placed = [];
    private readonly List<Request> _created = [];

    /// <summary>Whether placing the round wrote mail to the outbox (an external answer passed on to the customer).</summary>
    public bool SendsMail { get; set; }

    /// <summary>The requests created in this round, in the order of their messages.</summary>
    public IReadOnlyList<Request> CreatedRequests => _created;

    /// <summary>The messages placed in this round, in order.</summary>
    public IReadOnlyList<RequestMessage> PlacedMessages => _placed;

    /// <summary>The inbound messages under a Message-ID hash; null when this round has not looked it up.</summary>
    public IReadOnlyList<KnownMessage>? KnownMessages(string idHash) => _messages.GetValueOrDefault(idHash);

    /// <summary>Whether the contacts of this (lower-case) address have been looked up.</summary>
    public bool ContactsKnown(string address) => _contacts.ContainsKey(address);

    /// <summary>The first contact of the address in the partition (the oldest), if looked up or added.</summary>
    public Contact? Contact(string address, Guid? partitionId) =>
        _contacts.GetValueOrDefault(address)?.FirstOrDefault(c => c.PartitionId == partitionId);

    internal void AddKnownMessages(IEnumerable<string> idHashes, IEnumerable<KnownMessage> found)
    {
        foreach (var hash in idHashes)
        {
            _messages.TryAdd(hash, []);
        }

        foreach (var message in found)
        {
            _messages[message.MessageIdHash].Add(message);
        }
    }

    internal void AddKnownContacts(IReadOnlyCollection<string> addresses, IEnumerable<Contact> found)
    {
        foreach (var address in addresses)
        {
            _contacts.TryAdd(address, []);
        }

        foreach (var contact in found)
        {
            // Found by the database's case-insensitive comparison: filed under the address it was looked up by.
            var key = addresses.FirstOrDefault(a => string.Equals(a, contact.Email, StringComparison.OrdinalIgnoreCase)) ?? contact.Email!.ToLowerInvariant();
            if (_contacts.TryGetValue(key, out var list) && !list.Contains(contact))
            {
                list.Add(contact);
            }
        }
    }

    internal void AddContact(string address, Contact contact)
    {
        if (!_contacts.TryGetValue(address, out var list))
        {
            _contacts[address] = list = [];
        }

        list.Add(contact);
    }

    internal void Placed(RequestMessage message)
    {
        _placed.Add(message);
        if (message.MessageIdHash is { } hash && _messages.TryGetValue(hash, out var known))
        {
            known.Add(new KnownMessage(message.Id, message.RequestId, hash, message.MessageId, message.ContentHash));
        }
    }

    internal void Created(Request request) => _created.Add(request);
}
