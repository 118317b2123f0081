namespace ContactCenter.Mail.Net;

/// <summary>Base of every error a mail protocol client raises; catch this to handle any mail failure.</summary>
public abstract class MailException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected MailException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}

/// <summary>
/// The connection could not be made, was closed by the server, timed out or broke mid-response. The client
/// is disconnected afterwards: nothing of a half-read response is returned, and the caller connects again.
/// </summary>
public sealed class MailConnectionException : MailException
{
    /// <summary>Creates the exception.</summary>
    public MailConnectionException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}

/// <summary>The server sent something that does not follow the protocol (or tried to inject data).</summary>
public sealed class MailProtocolException : MailException
{
    /// <summary>Creates the exception.</summary>
    public MailProtocolException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}

/// <summary>The server rejected the credentials or the authentication mechanism.</summary>
public sealed class MailAuthenticationException : MailException
{
    /// <summary>Creates the exception.</summary>
    public MailAuthenticationException(string message, string? serverResponse = null) : base(message)
    {
        ServerResponse = serverResponse;
    }

    /// <summary>The server's response text, when it gave one.</summary>
    public string? ServerResponse { get; }
}

/// <summary>The server refused a command (IMAP NO/BAD, POP3 -ERR, SMTP 4xx/5xx); the connection stays usable.</summary>
public sealed class MailCommandException : MailException
{
    /// <summary>Creates the exception.</summary>
    public MailCommandException(string command, string status, string serverResponse)
        : base($"The server refused {command}: {status} {serverResponse}".TrimEnd())
    {
        Command = command;
        Status = status;
        ServerResponse = serverResponse;
    }

    /// <summary>The command verb that was refused (never its arguments, which may hold secrets).</summary>
    public string Command { get; }

    /// <summary>The status: "NO"/"BAD" (IMAP), "-ERR" (POP3) or the reply code (SMTP, e.g. "550").</summary>
    public string Status { get; }

    /// <summary>The server's response text.</summary>
    public string ServerResponse { get; }
}

/// <summary>The server does not offer an extension the requested operation needs (e.g. STARTTLS, SMTPUTF8).</summary>
public sealed class MailCapabilityException : MailException
{
    /// <summary>Creates the exception.</summary>
    public MailCapabilityException(string message) : base(message)
    {
    }
}
