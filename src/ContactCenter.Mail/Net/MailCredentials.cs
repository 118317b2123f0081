namespace ContactCenter.Mail.Net;

/// <summary>Credentials a mail client authenticates with.</summary>
public abstract record MailCredentials(string UserName)
{
    /// <summary>Refuses values that would break the protocol line they travel on.</summary>
    internal void Validate()
    {
        MailText.RequireSingleLine(UserName, nameof(UserName));
        if (UserName.Length == 0)
        {
            throw new ArgumentException("The user name is empty.", nameof(UserName));
        }
    }
}

/// <summary>User name and password (SASL PLAIN or LOGIN, IMAP LOGIN, POP3 USER/PASS).</summary>
public sealed record PasswordCredentials(string UserName, string Password) : MailCredentials(UserName)
{
    /// <summary>Hides the password from logs.</summary>
    public override string ToString() => $"PasswordCredentials {{ UserName = {UserName} }}";
}

/// <summary>User name and OAuth 2.0 access token (SASL XOAUTH2).</summary>
public sealed record OAuth2Credentials(string UserName, string AccessToken) : MailCredentials(UserName)
{
    /// <summary>Hides the token from logs.</summary>
    public override string ToString() => $"OAuth2Credentials {{ UserName = {UserName} }}";
}
