using MimeKit;

namespace ContactCenter.Server.MailFetching;

/// <summary>
/// Recognises mail no person wrote: RFC 3834 <c>Auto-Submitted</c> other than <c>no</c>, delivery status reports
/// (RFC 3464 <c>multipart/report; report-type=delivery-status</c>), mail from a mailer daemon or with an empty
/// Return-Path (RFC 5321 section 4.5.5), and the common vendor out-of-office headers. Such mail is recorded on its
/// request but never answered automatically, and never reopens a closed request.
/// </summary>
public static class AutomaticMail
{
    private static readonly string[] DaemonLocalParts = ["mailer-daemon", "postmaster"];

    public static bool Is(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var headers = message.Headers;
        if (headers["Auto-Submitted"] is { } autoSubmitted && !autoSubmitted.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (headers.Contains("X-Autoreply") || headers.Contains("X-Autorespond") || headers["X-Auto-Response-Suppress"] is not null && headers["Precedence"] is "auto_reply")
        {
            return true;
        }

        if (headers["Return-Path"]?.Trim() == "<>")
        {
            return true;
        }

        if (message.Body is MultipartReport { ReportType: { } type } && type.Equals("delivery-status", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return message.From.Mailboxes.Any(m => DaemonLocalParts.Contains(m.LocalPart, StringComparer.OrdinalIgnoreCase));
    }
}
