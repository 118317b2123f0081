using ContactCenter.Server.Mail;
using ContactCenter.Server.Platform;

namespace ContactCenter.Server;

/// <summary>Commands run instead of the web server: <c>dotnet run --project src/ContactCenter.Server -- &lt;command&gt;</c>.</summary>
public static class CommandLine
{
    private static readonly string[] Commands = ["migrate", "tenants", "clients", "mail"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken) =>
        args[0] switch
        {
            "migrate" => PlatformCommands.MigrateAsync(services, args[1..], Console.Out, Console.Error, cancellationToken),
            "tenants" => PlatformCommands.TenantsAsync(services, args[1..], Console.Out, Console.Error, cancellationToken),
            "clients" => Identity.ClientsFeature.RunCommandAsync(services, args[1..], Console.Out, Console.Error, cancellationToken),
            "mail" => MailCommand.RunAsync(args[1..], Console.Out, Console.Error, cancellationToken),
            _ => Task.FromResult(2),
        };
}
