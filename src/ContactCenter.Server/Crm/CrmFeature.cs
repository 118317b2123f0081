namespace ContactCenter.Server.Crm;

/// <summary>The minimal CRM: contacts, companies and client partitions (BPO clients).</summary>
public static class CrmFeature
{
    /// <summary>How many client partitions a tenant may have unless <c>Tenancy:PartitionLimit</c> says otherwise.</summary>
    public const int DefaultPartitionLimit = 10;

    public static IHostApplicationBuilder AddCrm(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PartitionDeletion>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCrm(this IEndpointRouteBuilder app) => app.MapContacts().MapCompanies().MapPartitions();

    /// <summary>The configured partition limit per tenant.</summary>
    /// <exception cref="InvalidOperationException"><c>Tenancy:PartitionLimit</c> is negative or not a number.</exception>
    public static int PartitionLimit(IConfiguration configuration)
    {
        var text = configuration["Tenancy:PartitionLimit"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultPartitionLimit;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit)
            ? limit
            : throw new InvalidOperationException($"Tenancy:PartitionLimit must be a whole number of 0 or more, not '{text}'.");
    }
}
