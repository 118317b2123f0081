using System.Net;

namespace ContactCenter.Mail.Connections;

/// <summary>
/// Decides whether a resolved server address may be connected to. Every connection resolves the host itself and
/// asks the policy for each address before it opens a socket, so a policy sees the address actually used.
/// </summary>
public interface IMailAddressPolicy
{
    /// <summary>True when <paramref name="address"/> may be used for a connection to <paramref name="host"/>.</summary>
    bool Allows(string host, IPAddress address);
}

/// <summary>The policies that need no configuration.</summary>
public static class MailAddressPolicy
{
    /// <summary>Allows every address (the default).</summary>
    public static IMailAddressPolicy AllowAll { get; } = new AllowAllPolicy();

    private sealed class AllowAllPolicy : IMailAddressPolicy
    {
        public bool Allows(string host, IPAddress address) => true;
    }
}
