using ContactCenter.Server.Platform;
using ContactCenter.Server.Tenancy;
using Hangfire;
using Hangfire.AspNetCore;

namespace ContactCenter.Server.Jobs;

/// <summary>Background jobs on Hangfire: the storage for the configured database, the job server, the dashboard.</summary>
public static class JobsFeature
{
    public const string DashboardPath = "/platform/jobs";

    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(JobsSettings.Section).Get<JobsSettings>() ?? new JobsSettings();
        var services = builder.Services;
        services.AddSingleton(settings);

        // Storage and activator are this host's own services, registered before AddHangfire (whose TryAdd then keeps
        // them) so that Hangfire's process-wide JobStorage.Current and JobActivator.Current are never used: several
        // hosts in one process (the tests) would otherwise run each other's jobs in each other's databases.
        services.AddSingleton(sp => JobStorages.Create(sp.GetRequiredService<DatabaseSettings>()));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<Hangfire.Common.IJobFilterProvider>(sp => new HostJobFilters(sp.GetServices<Hangfire.Server.IServerFilter>()));
        services.AddHangfire((sp, configuration) => configuration
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<IHostApplicationLifetime>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddScoped<TenantJobs>();
        services.AddHostedService<RecurringJobRegistration>();
        if (settings.Enabled)
        {
            services.AddHangfireServer(options =>
            {
                options.WorkerCount = settings.WorkerCount;
                // Due delayed and recurring jobs are looked for this often (default 15 s): schedules of a few seconds.
                options.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            });
        }

        return builder;
    }

    /// <summary>The dashboard, for platform operators only: anonymous callers go to the sign-in, tenant users are refused (403).</summary>
    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder app)
    {
        app.MapHangfireDashboardWithAuthorizationPolicy(PlatformFeature.OperatorPolicy, DashboardPath, new DashboardOptions
        {
            AppPath = "/",
            // The catalog's connection string (user, host) is nobody's business on a web page.
            DisplayStorageConnectionString = false,
        });
        return app;
    }
}
