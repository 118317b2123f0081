namespace ContactCenter.Server.Tests.Support;

/// <summary>
/// The dev Dovecot and Postfix the test command starts (<c>infra/dev/services.d/mail.sh</c>), read from
/// <c>$CC_DEV_DIR/mail/services.env</c>. The server tests send the platform's mail through them as heidi@cc.test.
/// </summary>
public static class DevMailServices
{
    public const string User = "heidi";

    private static readonly Lazy<IReadOnlyDictionary<string, string>?> Settings = new(Read);

    public static bool Available => Settings.Value is not null;

    public static string Get(string key) =>
        (Settings.Value ?? throw new InvalidOperationException(
            "The mail services are not running: start them with 'infra/dev/services.d/mail.sh start' (the test command does)."))[key];

    public static string Address(string tag) => $"{User}+{tag}@cc.test";

    public static string Password => User + Get("CC_MAIL_PASSWORD_SUFFIX");

    private static Dictionary<string, string>? Read()
    {
        var file = Path.Combine(Environment.GetEnvironmentVariable("CC_DEV_DIR") ?? "/tmp/contactcenter-dev", "mail", "services.env");
        return File.Exists(file)
            ? File.ReadAllLines(file).Where(l => l.Contains('=', StringComparison.Ordinal))
                .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..])
            : null;
    }
}
