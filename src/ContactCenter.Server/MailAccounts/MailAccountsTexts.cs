namespace ContactCenter.Server.MailAccounts;

/// <summary>The texts of the mail accounts (<c>MailAccountsTexts.resx</c>, <c>MailAccountsTexts.de.resx</c>).</summary>
public sealed class MailAccountsTexts;
