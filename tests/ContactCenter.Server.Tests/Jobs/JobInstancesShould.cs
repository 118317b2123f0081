using System.Collections.Concurrent;
using System.Net;
using ContactCenter.Data;
using ContactCenter.Server.Jobs;
using ContactCenter.Server.Tests.Support;
using Hangfire;
using Hangfire.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ContactCenter.Server.Tests.Jobs;

/// <summary>Several instances of the server on one PostgreSQL catalog: two run jobs, a third is web only (<c>Jobs:Enabled</c> false).</summary>
public sealed class JobInstancesShould(JobInstancesShould.Instances instances) : IClassFixture<JobInstancesShould.Instances>
{
    [Fact]
    public async Task RunEachOccurrenceOfARecurringJobOnce()
    {
        // Every occurrence from here on; earlier ones ran before both servers were surely up.
        var since = DateTime.UtcNow;
        var runs = await Poll.UntilAsync(
            () => Task.FromResult(OccurrenceRecorder.Runs.Where(run => run.Time >= since).ToList()),
            list => list.Count >= 6, "six occurrences of the recurring test job");

        Assert.Equal(runs.Count, runs.Select(run => run.JobId).Distinct().Count());
        Assert.Equal(runs.Count, runs.Select(run => run.Time).Distinct().Count());
        Assert.All(runs, run => Assert.Equal(0, run.Time.Second % 2));
    }

    [Fact]
    public async Task LetAWebOnlyInstanceEnqueueAndServeTheDashboardWithoutRunningJobs()
    {
        var webOnly = instances.WebOnly;
        var note = $"web only {Guid.NewGuid():N}";
        var slug = await webOnly.SignUpAsync();
        var tenantId = await webOnly.CatalogAsync(c => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            c.Tenants.Where(t => t.Slug == slug).Select(t => t.Id)));
        using var platformOperator = await webOnly.CreateOperatorClientAsync();

        var jobId = webOnly.Services.GetRequiredService<IBackgroundJobClient>()
            .Enqueue<TenantNoteJob>(job => job.RunAsync(tenantId, note, CancellationToken.None));
        await Poll.UntilAsync(() => webOnly.TenantAsync(tenantId, db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Settings.Select(s => s.Description))), description => description == note, "a job server to run the job the web-only instance enqueued");
        using var dashboard = await platformOperator.GetAsync(JobsFeature.DashboardPath);

        // Two job servers announce themselves in the shared storage: the web-only instance runs none.
        Assert.Equal(2, webOnly.Services.GetRequiredService<JobStorage>().GetMonitoringApi().Servers().Count);
        Assert.DoesNotContain(webOnly.Services.GetServices<IHostedService>(), service => service is BackgroundJobServerHostedService);
        Assert.Contains(instances.First.Services.GetServices<IHostedService>(), service => service is BackgroundJobServerHostedService);
        Assert.DoesNotContain(webOnly.Logs.Lines, line => line.Message == $"Noted {note}");
        Assert.Single(instances.First.Logs.Lines.Concat(instances.Second.Logs.Lines), line => line.Message == $"Noted {note}");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.False(string.IsNullOrEmpty(jobId));
    }

    [Fact]
    public async Task RunJobsOnAfterAnotherHostInTheProcessStopped()
    {
        // Hangfire logs through a process-wide provider; the instance started last sets it, and then stops here.
        var departing = new Instance(instances.First);
        await departing.InitializeAsync();
        using (var client = departing.CreateClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        }

        await departing.DisposeAsync();
        var slug = await instances.First.SignUpAsync();
        var tenantId = await instances.First.CatalogAsync(c => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            c.Tenants.Where(t => t.Slug == slug).Select(t => t.Id)));

        instances.First.Services.GetRequiredService<IBackgroundJobClient>()
            .Enqueue<TenantNoteJob>(job => job.RunAsync(tenantId, "after", CancellationToken.None));

        await Poll.UntilAsync(() => instances.First.TenantAsync(tenantId, db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Settings.Select(s => s.Description))), description => description == "after", "the job enqueued after another host stopped");
    }

    /// <summary>Two instances that run jobs and one web-only instance, on one catalog; the first drops the databases.</summary>
    public sealed class Instances : IAsyncLifetime
    {
        public Instance First { get; } = new();

        public Instance Second { get; }

        public Instance WebOnly { get; }

        public Instances()
        {
            OccurrenceRecorder.Install();
            Second = new Instance(First);
            WebOnly = new Instance(First, jobsEnabled: false);
        }

        public async ValueTask InitializeAsync()
        {
            await First.InitializeAsync();
            await Task.WhenAll(Second.InitializeAsync().AsTask(), WebOnly.InitializeAsync().AsTask());
        }

        public async ValueTask DisposeAsync()
        {
            await WebOnly.DisposeAsync();
            await Second.DisposeAsync();
            await First.DisposeAsync();
        }
    }

    /// <summary>One instance; each declares the recurring test job, as every instance of a deployment declares the same jobs.</summary>
    public sealed class Instance : ServerFixture
    {
        private readonly bool _jobsEnabled = true;

        public Instance()
        {
        }

        public Instance(Instance first, bool jobsEnabled = true)
            : base(first) => _jobsEnabled = jobsEnabled;

        public override DatabaseProvider Provider => DatabaseProvider.Postgres;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Jobs:Enabled", _jobsEnabled ? "true" : "false");
            builder.ConfigureServices(services =>
                services.AddRecurringJob<CountingJob>("tests:counting", "*/2 * * * * *", misfire: MisfireHandlingMode.Strict));
        }
    }
}

/// <summary>The recurring test job; <see cref="OccurrenceRecorder"/> records its runs.</summary>
public sealed class CountingJob : IRecurringJob
{
    public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Records every run of <see cref="CountingJob"/> as it starts, with its Hangfire job id and the occurrence it was
/// created for (the "Time" parameter; with Strict misfire handling, one job per occurrence).
/// </summary>
public sealed class OccurrenceRecorder : Hangfire.Common.JobFilterAttribute, IServerFilter
{
    public static ConcurrentQueue<(string JobId, DateTime Time)> Runs { get; } = new();

    private static readonly Lazy<bool> Installed = new(() =>
    {
        // Hangfire's filters are process-wide; this one only looks at the test job.
        GlobalJobFilters.Filters.Add(new OccurrenceRecorder());
        return true;
    });

    public static void Install() => _ = Installed.Value;

    public void OnPerforming(PerformingContext context)
    {
        if (context.BackgroundJob.Job.Type == typeof(CountingJob))
        {
            var time = DateTimeOffset.FromUnixTimeSeconds(context.GetJobParameter<long>("Time")).UtcDateTime;
            Runs.Enqueue((context.BackgroundJob.Id, time));
        }
    }

    public void OnPerformed(PerformedContext context)
    {
    }
}
