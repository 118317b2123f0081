using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ContactCenter.Mail.Net;

/// <summary>
/// Server certificate validation: the system's trust store, plus an optional extra CA. Host name mismatches are
/// never forgiven, and neither is anything else; there is deliberately no "accept all" switch.
/// </summary>
internal static class TlsValidation
{
    public static RemoteCertificateValidationCallback Create(X509Certificate2? extraCa) =>
        (_, certificate, _, errors) => Validate(certificate, errors, extraCa);

    internal static bool Validate(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2? extraCa)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // Only an untrusted chain can be cured by the extra CA; a wrong name or a missing certificate cannot.
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || extraCa is null || certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(extraCa);
        // A private CA publishes no revocation lists; the chain itself is still checked in full.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1"));
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
