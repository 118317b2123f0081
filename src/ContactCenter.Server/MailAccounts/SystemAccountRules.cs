using ContactCenter.Data.Tenant;

namespace ContactCenter.Server.MailAccounts;

/// <summary>
/// The one set of field rules for system accounts, the tenant's own and the platform operator's global ones: they
/// differ only in where a name must be unique.
/// </summary>
internal static class SystemAccountRules
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<MailAccountsTexts>();

    /// <summary>
    /// Validates the request and, only when all of it is valid, copies it onto the account; <paramref name="nameTaken"/>
    /// tells whether another account of the same list (the tenant's, or the global ones) already has that name.
    /// </summary>
    public static async Task<FieldErrors> ApplyAsync(ISystemAccount account, SystemAccountRequest request, Func<string, Task<bool>> nameTaken)
    {
        var errors = new FieldErrors();
        var type = MailAccountNames.Type(request.Type);
        if (type is null)
        {
            errors.Add("type", Texts["ChooseType"]);
        }

        var name = errors.Required("name", request.Name, SystemAccount.NameMaxLength, Texts["WhatName"]);
        if (name is not null && await nameTaken(name))
        {
            errors.Add("name", Texts["SystemNameTaken", name]);
        }

        var address = errors.Address("emailAddress", request.EmailAddress);
        var protocol = request.Protocol is null ? MailProtocol.Imap : MailAccountNames.Protocol(request.Protocol);
        if (protocol is null)
        {
            errors.Add("protocol", Texts["ChooseProtocol"]);
        }

        var weighting = errors.Weighting("weighting", request.Weighting);
        if (!errors.Any)
        {
            account.Type = type!.Value;
            account.Name = name!;
            account.EmailAddress = address!;
            account.Protocol = protocol!.Value;
            account.Weighting = weighting;
        }

        return errors;
    }
}
