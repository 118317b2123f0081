using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ContactCenter.Testing;

/// <summary>What a wrk run measured: throughput, latency percentiles and everything that went wrong.</summary>
public sealed record WrkResult(long Requests, double RequestsPerSecond, double P50Ms, double P99Ms, long SocketErrors, long NotOk, string Output);

/// <summary>
/// Debian's wrk driving GET requests round robin over a list of paths, each with its own headers (a tenant's path with
/// that tenant's session cookie): every answer but 200 counts as wrong, redirects too.
/// </summary>
public static partial class Wrk
{
    /// <exception cref="InvalidOperationException">wrk is not installed or failed.</exception>
    public static async Task<WrkResult> RunAsync(Uri baseAddress, IReadOnlyList<(string Path, string Cookie)> targets, TimeSpan duration, int connections = 16, int threads = 2)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(targets);
        var folder = Path.Combine(Path.GetTempPath(), $"cc-wrk-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var script = Path.Combine(folder, "targets.lua");
            await File.WriteAllTextAsync(script, Script(targets));
            var start = new ProcessStartInfo("wrk",
                [$"-t{threads}", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "--timeout", "10s", "-s", script, baseAddress.ToString()])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {error}{output}");
            }

            return Parse(output);
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            throw new InvalidOperationException("wrk is not installed: the test command installs it (infra/dev/test.sh).", missing);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Reads wrk's summary (with <c>--latency</c>) and the script's count of answers other than 200.</summary>
    public static WrkResult Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        long Number(Regex pattern) => pattern.Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrorsPattern().Match(output);
        var errors = socket.Success ? Enumerable.Range(1, 4).Sum(i => long.Parse(socket.Groups[i].Value, CultureInfo.InvariantCulture)) : 0;
        var perSecond = RatePattern().Match(output) is { Success: true } rate ? double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new WrkResult(Number(RequestsPattern()), perSecond, Percentile(output, "50%"), Percentile(output, "99%"), errors, Number(NotOkPattern()), output);
    }

    private static double Percentile(string output, string label)
    {
        var match = Regex.Match(output, $@"^\s+{Regex.Escape(label)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        if (!match.Success)
        {
            return double.NaN;
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    private static string Script(IReadOnlyList<(string Path, string Cookie)> targets)
    {
        var lua = new StringBuilder("local targets = {\n");
        foreach (var (path, cookie) in targets)
        {
            lua.Append(CultureInfo.InvariantCulture, $"  {{ [==[{path}]==], [==[{cookie}]==] }},\n");
        }

        lua.Append("""
            }
            local threads = {}
            function setup(thread) table.insert(threads, thread) end
            function init(args) n = 0; bad = 0; statuses = {} end
            function request()
              n = n + 1
              local t = targets[(n % #targets) + 1]
              return wrk.format("GET", t[1], { ["Cookie"] = t[2] })
            end
            function response(status, headers, body)
              if status ~= 200 then
                bad = bad + 1
                local key = tostring(status) .. " " .. (headers["Location"] or "")
                statuses[key] = (statuses[key] or 0) + 1
              end
            end
            function done(summary, latency, requests)
              local total = 0
              for _, t in ipairs(threads) do
                total = total + t:get("bad")
                for key, count in pairs(t:get("statuses")) do io.write(string.format("answer %s: %d\n", key, count)) end
              end
              io.write(string.format("not-200: %d\n", total))
            end

            """);
        return lua.ToString();
    }

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsPattern();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RatePattern();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsPattern();

    [GeneratedRegex(@"not-200: (\d+)")]
    private static partial Regex NotOkPattern();
}
