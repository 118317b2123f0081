namespace ContactCenter.Mail.Smtp;

/// <summary>One SMTP reply (RFC 5321 section 4.2): a three-digit code and one or more text lines.</summary>
public sealed record SmtpResponse(int Code, IReadOnlyList<string> Lines)
{
    /// <summary>2xx: the command succeeded.</summary>
    public bool IsPositive => Code is >= 200 and < 300;

    /// <summary>The text lines joined by spaces.</summary>
    public string Text => string.Join(' ', Lines);

    /// <inheritdoc />
    public override string ToString() => $"{Code} {Text}";
}

/// <summary>The server's answer to one RCPT TO.</summary>
public sealed record SmtpRecipientResult(string Address, SmtpResponse Response)
{
    /// <summary>The server accepted this recipient.</summary>
    public bool Accepted => Response.IsPositive;
}

/// <summary>The outcome of sending one message: per-recipient answers and the final answer to the data.</summary>
public sealed record SmtpSendResult(IReadOnlyList<SmtpRecipientResult> Recipients, SmtpResponse DataResponse)
{
    /// <summary>Recipients the server refused; the message went to all others.</summary>
    public IEnumerable<SmtpRecipientResult> Rejected => Recipients.Where(r => !r.Accepted);
}
