using ContactCenter.Mail.Connections;
using ContactCenter.Server.Outbox;
using MailKit.Net.Smtp;
using MimeKit;

namespace ContactCenter.Server.Tests.Outbox;

/// <summary>The outbox's rules that need no server: the back-off and which refusals are final.</summary>
public sealed class OutboxRulesShould
{
    [Fact]
    public void DoubleTheDelayAfterEveryFailureUpToTheLimit()
    {
        var settings = new OutboxSettings();

        var delays = Enumerable.Range(1, 9).Select(attempts => settings.RetryDelay(attempts).TotalMinutes).ToList();

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60], delays);
        Assert.Equal(8, settings.MaxAttempts);
    }

    [Theory]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, true)]
    [InlineData(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.MailboxNameNotAllowed, true)]
    [InlineData(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.TransactionFailed, true)]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxBusy, false)]
    [InlineData(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.InsufficientStorage, false)]
    [InlineData(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.ServiceNotAvailable, false)]
    public void GiveUpAtOnceOnlyOnAPermanentRefusalOfTheMail(SmtpErrorCode error, SmtpStatusCode status, bool permanent)
    {
        var refused = new SmtpCommandException(error, status, MailboxAddress.Parse("someone@example.com"), "refused");

        Assert.Equal(permanent, OutboxSendJob.IsPermanent(new MailCommandException("refused", refused)));
    }

    [Fact]
    public void TryAgainAfterABrokenConnectionOrARefusedSignIn()
    {
        Assert.False(OutboxSendJob.IsPermanent(new MailConnectionException("broke")));
        Assert.False(OutboxSendJob.IsPermanent(new MailAuthenticationException("535 refused")));
    }
}
