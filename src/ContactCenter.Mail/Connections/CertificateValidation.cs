using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ContactCenter.Mail.Connections;

/// <summary>
/// Server certificate validation: the system's trust store, plus an optional extra CA. A wrong host name or a
/// missing certificate is never forgiven; only an untrusted chain can be cured, and only by the extra CA. The last
/// verdict is kept so that a refusal can say why.
/// </summary>
internal sealed class CertificateValidation(X509Certificate2? extraCa)
{
    public SslPolicyErrors LastErrors { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        LastErrors = errors;
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || extraCa is null || certificate is null)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(extraCa);
        // A private CA publishes no revocation lists; the chain itself is still checked in full.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1"));
        using var leaf = new X509Certificate2(certificate);
        var trusted = custom.Build(leaf);
        LastErrors = trusted ? SslPolicyErrors.None : errors;
        return trusted;
    }
}
