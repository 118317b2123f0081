namespace ContactCenter.Server.MailAccounts;

/// <summary>The server tab of a system account form (the tenant's page and the operator's), for <c>_SystemAccountServer</c>.</summary>
/// <param name="FormName">The bound property, e.g. <c>SystemForm</c>.</param>
/// <param name="IdPrefix">Prefix of the inputs' ids, e.g. <c>system-</c>.</param>
/// <param name="ErrorPrefix">Prefix of the error keys, e.g. <c>system.</c>.</param>
/// <param name="Form">The form shown (null: a new account).</param>
/// <param name="Errors">The errors of the form just posted.</param>
public sealed record SystemAccountServerView(string FormName, string IdPrefix, string ErrorPrefix, SystemAccountRequest? Form, FormErrors Errors);

/// <summary>A fetch status as a row shows it, times in the tenant's zone (null: UTC).</summary>
public sealed record FetchStatusView(MailFetchStatus Status, string? TimeZone);

/// <summary>What the two system account pages share: the form of an account, and a posted form.</summary>
internal static class SystemAccountForms
{
    /// <summary>The form to edit <paramref name="account"/>; the password field stays empty (write-only).</summary>
    public static SystemAccountRequest Of(SystemAccountItem account) => new(
        account.Type, account.Name, account.EmailAddress, account.Protocol, account.Weighting,
        account.Host, account.Port, account.TlsMode, account.UserName, null, account.Folder, account.KeepOnServer);

    /// <summary>A posted form: an unchecked box sends nothing, so there "absent" means off, not "default".</summary>
    public static SystemAccountRequest Posted(SystemAccountRequest? form) =>
        (form ?? new SystemAccountRequest(null, null, null, null, null)) with { KeepOnServer = form?.KeepOnServer ?? false };
}
