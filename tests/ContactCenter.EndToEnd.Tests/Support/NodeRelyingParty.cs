using System.Diagnostics;
using System.Text.Json;

namespace ContactCenter.EndToEnd.Tests.Support;

/// <summary>A failure of the Node relying party that is not an OAuth error response: a rejected token, a broken page, a missing install.</summary>
public sealed class RelyingPartyException(string message) : Exception(message);

/// <summary>
/// Runs <c>oidc-client/relying-party.mjs</c> (Node's openid-client) against the live server and returns the
/// JSON it prints. The packages are installed by <c>infra/dev/services.d/node-client.sh start</c>.
/// </summary>
public static class NodeRelyingParty
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The folder with package.json, the script and node_modules, found from the test assembly upwards.</summary>
    /// <exception cref="RelyingPartyException">The folder or its installed packages are missing.</exception>
    public static string ClientFolder
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, "tests", "ContactCenter.EndToEnd.Tests", "oidc-client");
                if (File.Exists(Path.Combine(candidate, "relying-party.mjs")))
                {
                    return Directory.Exists(Path.Combine(candidate, "node_modules", "openid-client"))
                        ? candidate
                        : throw new RelyingPartyException($"openid-client is not installed in {candidate}; run infra/dev/services.d/node-client.sh start (the test command does).");
                }
            }

            throw new RelyingPartyException($"No tests/ContactCenter.EndToEnd.Tests/oidc-client above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>Runs the script with <paramref name="arguments"/> and parses its one line of JSON.</summary>
    /// <exception cref="RelyingPartyException">Node failed, timed out or printed no JSON.</exception>
    public static async Task<JsonElement> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = ClientFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("relying-party.mjs");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start) ?? throw new RelyingPartyException("node did not start.");
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw new RelyingPartyException($"node relying-party.mjs {arguments[0]} did not finish within {Timeout.TotalSeconds} s.");
        }

        if (node.ExitCode != 0)
        {
            throw new RelyingPartyException($"node relying-party.mjs {arguments[0]} exited with {node.ExitCode}:\n{await errors}\n{await output}");
        }

        var json = await output;
        try
        {
            return JsonDocument.Parse(json).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new RelyingPartyException($"node relying-party.mjs {arguments[0]} printed no JSON ({e.Message}):\n{json}\n{await errors}");
        }
    }
}
