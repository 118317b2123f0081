using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using ContactCenter.Mail.Connections;

namespace ContactCenter.Mail.Tests.Support;

/// <summary>
/// The local Dovecot and Postfix started by infra/dev/services.d/mail.sh. Their ports, users and CA are read from
/// $CC_DEV_DIR/mail/services.env. When the services are not running the tests fail with a message saying how to start
/// them: a silently skipped mail test would hide a broken mail setup.
/// </summary>
public sealed class MailServices
{
    private static readonly Lazy<MailServices> Instance = new(Load);
    private readonly Dictionary<string, string> _values;

    private MailServices(Dictionary<string, string> values)
    {
        _values = values;
        Host = Get("CC_MAIL_HOST");
        Ca = X509CertificateLoader.LoadCertificateFromFile(Get("CC_MAIL_CA"));
    }

    public static MailServices Current => Instance.Value;

    public string Host { get; }

    public X509Certificate2 Ca { get; }

    public int ImapPort => GetInt("CC_MAIL_IMAP_PORT");

    public int ImapsPort => GetInt("CC_MAIL_IMAPS_PORT");

    public int Pop3Port => GetInt("CC_MAIL_POP3_PORT");

    public int Pop3sPort => GetInt("CC_MAIL_POP3S_PORT");

    public int SubmissionPort => GetInt("CC_MAIL_SUBMISSION_PORT");

    public int SmtpsPort => GetInt("CC_MAIL_SMTPS_PORT");

    public string Maildirs => Get("CC_MAIL_MAILDIRS");

    public string DovecotConfig => Get("CC_MAIL_DOVECOT_CONF");

    public static string Address(string user) => user + "@cc.test";

    public static string Password(string user) => user + "-secret";

    /// <summary>The endpoint of <paramref name="user"/>'s account on <paramref name="port"/>.</summary>
    public MailEndpoint Endpoint(string user, int port, MailSecurity security) => new(Host, port, security, Address(user), Password(user));

    /// <summary>Trusts the test CA; 30 s per operation.</summary>
    public MailConnectionSettings Settings(MailProtocolLog? log = null) => new()
    {
        ExtraTrustedCa = Ca,
        Timeout = TimeSpan.FromSeconds(30),
        ClientName = "tests.cc.test",
        ProtocolLog = log,
    };

    /// <summary>The Maildir folder of a user's mailbox ("" for INBOX).</summary>
    public string MaildirOf(string user, string mailbox = "") =>
        Path.Combine(Maildirs, "cc.test", user, "Maildir", mailbox.Length == 0 ? string.Empty : "." + mailbox.Replace('/', '.'));

    private string Get(string key) =>
        _values.TryGetValue(key, out var value) ? value : throw new InvalidOperationException($"{key} is missing from the mail services file.");

    private int GetInt(string key) => int.Parse(Get(key), System.Globalization.CultureInfo.InvariantCulture);

    private static MailServices Load()
    {
        string devDir = Environment.GetEnvironmentVariable("CC_DEV_DIR") is { Length: > 0 } d ? d : "/tmp/contactcenter-dev";
        string file = Path.Combine(devDir, "mail", "services.env");
        const string Hint = "Start them with 'infra/dev/services.d/mail.sh start' (infra/dev/test.sh does this).";
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"The mail test services are not set up: {file} does not exist. {Hint}");
        }

        var values = File.ReadAllLines(file)
            .Where(l => l.Contains('=', StringComparison.Ordinal))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        var services = new MailServices(values);
        foreach (var port in new[] { services.ImapPort, services.Pop3Port, services.SubmissionPort })
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(services.Host, port);
            }
            catch (SocketException e)
            {
                throw new InvalidOperationException($"The mail test services are not running: nothing listens on {services.Host}:{port} ({e.Message}). {Hint}", e);
            }
        }

        return services;
    }
}
