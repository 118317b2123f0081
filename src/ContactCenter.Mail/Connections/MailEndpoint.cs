namespace ContactCenter.Mail.Connections;

/// <summary>How a connection to a mail server is secured.</summary>
public enum MailSecurity
{
    /// <summary>TLS from the first byte (IMAPS 993, POP3S 995, SMTPS 465).</summary>
    ImplicitTls,

    /// <summary>Plain connection upgraded with STARTTLS/STLS before authentication; refused if the server does not offer it.</summary>
    StartTls,

    /// <summary>No TLS at all. Only for loopback tests and trusted networks.</summary>
    None,
}

/// <summary>An account's server settings: where to connect, how to secure it, whom to sign in as.</summary>
/// <param name="Host">Host name or address; also the name the server's certificate must carry.</param>
/// <param name="Port">TCP port.</param>
/// <param name="Security">How the connection is secured.</param>
/// <param name="UserName">The user to sign in as, or null to connect without signing in (SMTP relays).</param>
/// <param name="Password">The user's password.</param>
public sealed record MailEndpoint(string Host, int Port, MailSecurity Security, string? UserName = null, string? Password = null)
{
    /// <summary>Hides the password from logs.</summary>
    public override string ToString() => $"{Host}:{Port} ({Security}, user {UserName ?? "-"})";
}
