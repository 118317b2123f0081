using ContactCenter.Deployment.Tests.Support;

namespace ContactCenter.Deployment.Tests;

/// <summary>
/// The Dovecot and Postfix configurations of the compose stack, checked by Debian's own Dovecot and Postfix (the same
/// packages the images install; infra/dev/services.d/mail.sh installs them here).
/// </summary>
public sealed class MailImagesShould : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("cc-mail-config-");

    [Fact]
    public void GiveDovecotAConfigurationItAccepts()
    {
        const string doveconf = "/usr/bin/doveconf";
        Assert.True(File.Exists(doveconf), $"{doveconf} is missing: run infra/dev/services.d/mail.sh start.");
        // The certificate and the users file the container has at /tls and /run/secrets, made here.
        var openssl = DockerfileShould.Run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=dovecot",
            "-keyout", Path.Combine(_folder.FullName, "server.key"), "-out", Path.Combine(_folder.FullName, "server.crt")]);
        Assert.True(openssl.ExitCode == 0, openssl.Error);
        File.WriteAllText(Path.Combine(_folder.FullName, "mail-users"), "support@cc.example:{PLAIN}secret\n");
        var config = Repository.Read("infra/docker/dovecot/dovecot.conf")
            .Replace("/tls/", _folder.FullName + "/", StringComparison.Ordinal)
            .Replace("/run/secrets/mail-users", Path.Combine(_folder.FullName, "mail-users"), StringComparison.Ordinal);
        var copy = Path.Combine(_folder.FullName, "dovecot.conf");
        File.WriteAllText(copy, config);

        var check = DockerfileShould.Run(doveconf, ["-n", "-c", copy]);
        Assert.True(check.ExitCode == 0, $"doveconf: {check.Error}");
    }

    [Fact]
    public void GivePostfixParametersItKnows()
    {
        const string postconf = "/usr/sbin/postconf";
        Assert.True(File.Exists(postconf), $"{postconf} is missing: run infra/dev/services.d/mail.sh start.");
        foreach (var file in (string[])["main.cf", "master.cf"])
        {
            File.Copy(Repository.PathOf($"infra/docker/postfix/{file}"), Path.Combine(_folder.FullName, file));
        }

        // postconf warns about every parameter Postfix does not know ("unused parameter") and every bad service line.
        foreach (var arguments in (string[][])[["-c", _folder.FullName, "-n"], ["-c", _folder.FullName, "-M"]])
        {
            var check = DockerfileShould.Run(postconf, arguments);
            Assert.True(check.ExitCode == 0 && check.Error.Length == 0, $"postconf {string.Join(' ', arguments)}: {check.Error}");
        }
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
