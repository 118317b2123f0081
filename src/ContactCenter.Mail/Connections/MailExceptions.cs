namespace ContactCenter.Mail.Connections;

/// <summary>Base of every error our mail seam raises; catch this to handle any mail failure.</summary>
public abstract class MailException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected MailException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}

/// <summary>The connection could not be made, was closed by the server, timed out or broke mid-command.</summary>
public sealed class MailConnectionException : MailException
{
    /// <summary>Creates the exception.</summary>
    public MailConnectionException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}

/// <summary>The server's certificate was not trusted (chain, name or validity); nothing was sent to it.</summary>
public sealed class MailCertificateException : MailException
{
    /// <summary>Creates the exception.</summary>
    public MailCertificateException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}

/// <summary>The file naming an extra certificate authority cannot be read or holds no PEM certificate.</summary>
public sealed class MailCertificateFileException : MailException
{
    /// <summary>Creates the exception.</summary>
    public MailCertificateFileException(string file, Exception innerException)
        : base($"'{file}' is not a readable PEM certificate: {innerException.Message}", innerException)
    {
        File = file;
    }

    /// <summary>The file that was named.</summary>
    public string File { get; }
}

/// <summary>Every address the host resolved to was refused by the connection's <see cref="IMailAddressPolicy"/>.</summary>
public sealed class MailAddressRefusedException : MailException
{
    /// <summary>Creates the exception.</summary>
    public MailAddressRefusedException(string host, IReadOnlyList<System.Net.IPAddress> refused)
        : base($"No address of {host} may be connected to (refused: {string.Join(", ", refused)}).")
    {
        Host = host;
        Refused = refused;
    }

    /// <summary>The host that was resolved.</summary>
    public string Host { get; }

    /// <summary>The addresses the policy refused.</summary>
    public IReadOnlyList<System.Net.IPAddress> Refused { get; }
}

/// <summary>The server rejected the credentials or offered no usable authentication mechanism.</summary>
public sealed class MailAuthenticationException : MailException
{
    /// <summary>Creates the exception.</summary>
    public MailAuthenticationException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}

/// <summary>The server refused a command or broke the protocol; the message names what it answered.</summary>
public sealed class MailCommandException : MailException
{
    /// <summary>Creates the exception.</summary>
    public MailCommandException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}

/// <summary>The operation is not possible on this kind of mailbox (e.g. moving a message on POP3).</summary>
public sealed class MailOperationNotSupportedException : MailException
{
    /// <summary>Creates the exception.</summary>
    public MailOperationNotSupportedException(string message) : base(message)
    {
    }
}
