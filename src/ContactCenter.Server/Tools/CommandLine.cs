using ContactCenter.Server.Platform;

namespace ContactCenter.Server.Tools;

/// <summary>Commands run instead of the web server: <c>dotnet run --project src/ContactCenter.Server -- &lt;command&gt;</c>.</summary>
public static class CommandLine
{
    /// <summary>Commands on the platform's data: they need the catalog.</summary>
    private static readonly string[] PlatformCommandNames = ["migrate", "tenants", "clients", "operators"];

    /// <summary>Tools that work on files alone (a message, a letter, the migrations' SQL): no database is opened or created.</summary>
    private static readonly string[] StandaloneCommandNames = ["mail", "letters", "migrations"];

    public static bool IsCommand(string[] args) => args.Length > 0 && PlatformCommandNames.Contains(args[0]);

    public static bool IsStandaloneCommand(string[] args) => args.Length > 0 && StandaloneCommandNames.Contains(args[0]);

    /// <summary>Runs an operator command; then tells the running instances of what it changed (a tenant suspended, a client removed).</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        var exit = await RunCommandAsync(services, args, cancellationToken);
        await services.GetRequiredService<Instances.InstanceSignalsTransport>().FlushAsync(cancellationToken);
        return exit;
    }

    private static Task<int> RunCommandAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken) =>
        args[0] switch
        {
            "migrate" => PlatformCommands.MigrateAsync(services, args[1..], Console.Out, Console.Error, cancellationToken),
            "tenants" => PlatformCommands.TenantsAsync(services, args[1..], Console.Out, Console.Error, cancellationToken),
            "clients" => Identity.ClientsFeature.RunCommandAsync(services, args[1..], Console.Out, Console.Error, cancellationToken),
            "operators" => PlatformOperators.RunCommandAsync(services, args[1..], Console.Out, Console.Error),
            _ => Task.FromResult(2),
        };

    public static Task<int> RunStandaloneAsync(string[] args, CancellationToken cancellationToken) =>
        args[0] switch
        {
            "mail" => MailCommand.RunAsync(args[1..], Console.Out, Console.Error, cancellationToken),
            "letters" => LettersCommand.RunAsync(args[1..], Console.Out, Console.Error, cancellationToken),
            "migrations" => MigrationsCommand.RunAsync(args[1..], Console.Out, Console.Error, cancellationToken),
            _ => Task.FromResult(2),
        };
}
