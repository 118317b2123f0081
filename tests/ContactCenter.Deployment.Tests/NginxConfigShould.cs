using System.Text.RegularExpressions;
using ContactCenter.Deployment.Tests.Support;

namespace ContactCenter.Deployment.Tests;

/// <summary>infra/docker/nginx.conf, checked by Debian's nginx (infra/dev/test.sh installs it).</summary>
public sealed partial class NginxConfigShould
{
    private const string Config = "infra/docker/nginx.conf";

    [Fact]
    public void PassNginxsOwnCheck()
    {
        const string nginx = "/usr/sbin/nginx";
        Assert.True(File.Exists(nginx), $"{nginx} is missing: install Debian's nginx (infra/dev/test.sh does).");
        var folder = Directory.CreateTempSubdirectory("cc-nginx-");
        try
        {
            // nginx resolves upstream host names while it checks; the compose service names exist only on the compose
            // network, so they are replaced by loopback here. Everything else is checked as written.
            var text = UpstreamHost().Replace(Repository.Read(Config), "${server}127.0.0.1:");
            var copy = Path.Combine(folder.FullName, "nginx.conf");
            File.WriteAllText(copy, text);
            var check = DockerfileShould.Run(nginx, ["-t", "-q", "-c", copy, "-g", $"pid {Path.Combine(folder.FullName, "nginx.pid")};"]);
            Assert.True(check.ExitCode == 0, $"nginx -t: {check.Error}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void ForwardTheClientsAddressSchemeAndHost()
    {
        var text = Repository.Read(Config);
        foreach (var header in (string[])["X-Forwarded-For $proxy_add_x_forwarded_for", "X-Forwarded-Proto $scheme", "X-Forwarded-Host $host"])
        {
            Assert.Contains($"proxy_set_header {header};", text, StringComparison.Ordinal);
        }

        // Round robin: nginx's default, so no other balancing method may be named.
        Assert.DoesNotMatch(new Regex(@"^\s*(least_conn|ip_hash|hash|random)\b", RegexOptions.Multiline), text);
    }

    [GeneratedRegex(@"(?<server>^\s*server\s+)[a-z0-9]+:", RegexOptions.Multiline)]
    private static partial Regex UpstreamHost();
}
