using ContactCenter.Data.Catalog;
using ContactCenter.Server.Identity.Provider;
using Microsoft.AspNetCore.Identity;

namespace ContactCenter.Server.Platform;

/// <summary>
/// Appoints platform operators: people with the Identity role <c>PlatformOperator</c>, whose tokens carry the
/// role <c>platform_operator</c>. The first operator is appointed on the command line.
/// </summary>
public sealed class PlatformOperators(UserManager<PlatformUser> users, RoleManager<IdentityRole<Guid>> roles)
{
    public async Task<IReadOnlyList<string>> ListAsync() =>
        (await users.GetUsersInRoleAsync(PersonDirectory.PlatformOperatorRoleName)).Select(u => u.Email ?? u.UserName ?? u.Id.ToString()).Order().ToList();

    /// <summary>Makes the person with that e-mail an operator, creating the account when a password is given.</summary>
    /// <exception cref="InvalidOperationException">No such person and no password, or the password or e-mail is refused.</exception>
    public async Task AddAsync(string email, string? password)
    {
        await PersonDirectory.EnsureRolesAsync(roles);
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            if (password is null)
            {
                throw new InvalidOperationException($"There is no account for '{email}': give --password to create one.");
            }

            user = new PlatformUser { Id = Guid.CreateVersion7(), UserName = email, Email = email };
            Check(await users.CreateAsync(user, password));
        }

        if (!await users.IsInRoleAsync(user, PersonDirectory.PlatformOperatorRoleName))
        {
            Check(await users.AddToRoleAsync(user, PersonDirectory.PlatformOperatorRoleName));
        }
    }

    /// <summary>Takes the operator role away.</summary>
    /// <returns>False when the person was no operator.</returns>
    public async Task<bool> RemoveAsync(string email)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null || !await users.IsInRoleAsync(user, PersonDirectory.PlatformOperatorRoleName))
        {
            return false;
        }

        Check(await users.RemoveFromRoleAsync(user, PersonDirectory.PlatformOperatorRoleName));
        // The session cookie and tokens lose the role at the next sign-in or refresh; the security stamp ends sessions now.
        await users.UpdateSecurityStampAsync(user);
        return true;
    }

    /// <summary><c>operators list</c>, <c>operators add --email &lt;e&gt; [--password &lt;p&gt;]</c>, <c>operators remove --email &lt;e&gt;</c>.</summary>
    public static async Task<int> RunCommandAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        await using var scope = services.CreateAsyncScope();
        var operators = scope.ServiceProvider.GetRequiredService<PlatformOperators>();
        var email = Option(args, "--email");
        try
        {
            switch (args.ElementAtOrDefault(0))
            {
                case "list":
                    var all = await operators.ListAsync();
                    foreach (var name in all)
                    {
                        output.WriteLine(name);
                    }

                    output.WriteLine($"{all.Count} operator(s)");
                    return 0;
                case "add" when email is not null:
                    await operators.AddAsync(email, Option(args, "--password"));
                    output.WriteLine($"{email}: platform operator");
                    return 0;
                case "remove" when email is not null:
                    if (await operators.RemoveAsync(email))
                    {
                        output.WriteLine($"{email}: no longer a platform operator");
                        return 0;
                    }

                    error.WriteLine($"'{email}' is not a platform operator.");
                    return 1;
                default:
                    error.WriteLine("usage: operators list | operators add --email <e-mail> [--password <password>] | operators remove --email <e-mail>");
                    return 2;
            }
        }
        catch (InvalidOperationException refused)
        {
            error.WriteLine(refused.Message);
            return 1;
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
