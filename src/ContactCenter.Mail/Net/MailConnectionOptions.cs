using System.Security.Cryptography.X509Certificates;

namespace ContactCenter.Mail.Net;

/// <summary>How the connection is secured.</summary>
public enum MailSecurity
{
    /// <summary>TLS from the first byte (IMAPS 993, POP3S 995, SMTPS 465).</summary>
    ImplicitTls,

    /// <summary>Plain connection upgraded with STARTTLS/STLS before authentication; refused if the server does not offer it.</summary>
    StartTls,

    /// <summary>No TLS at all. Only for loopback tests and trusted networks.</summary>
    None,
}

/// <summary>Where and how a mail client connects.</summary>
public sealed record MailConnectionOptions
{
    /// <summary>Host name or address of the server; also the name its certificate must carry.</summary>
    public required string Host { get; init; }

    /// <summary>TCP port.</summary>
    public required int Port { get; init; }

    /// <summary>How the connection is secured. Default: implicit TLS.</summary>
    public MailSecurity Security { get; init; } = MailSecurity.ImplicitTls;

    /// <summary>
    /// An extra certificate authority trusted besides the system's (e.g. a company CA or a test CA). Certificates
    /// are always validated: chain and host name.
    /// </summary>
    public X509Certificate2? ExtraTrustedCa { get; init; }

    /// <summary>Time allowed for connecting and for each read or write; a slower server breaks the connection.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Name this client gives itself (SMTP EHLO). Default: "localhost".</summary>
    public string ClientName { get; init; } = "localhost";
}
