using ContactCenter.Server.Letters;
using ContactCenter.Server.Platform;

namespace ContactCenter.Server;

/// <summary>Commands run instead of the web server: <c>dotnet run --project src/ContactCenter.Server -- &lt;command&gt;</c>.</summary>
public static class CommandLine
{
    private static readonly string[] Commands = ["migrate", "tenants", "letters"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken) =>
        args[0] switch
        {
            "migrate" => PlatformCommands.MigrateAsync(services, args[1..], Console.Out, cancellationToken),
            "tenants" => PlatformCommands.TenantsAsync(services, args[1..], Console.Out, Console.Error, cancellationToken),
            "letters" => LettersCommand.RunAsync(args[1..], Console.Out, Console.Error, cancellationToken),
            _ => Task.FromResult(2),
        };
}
