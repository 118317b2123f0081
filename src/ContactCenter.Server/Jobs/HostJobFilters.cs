using Hangfire.Common;
using Hangfire.Server;

namespace ContactCenter.Server.Jobs;

/// <summary>
/// The job filters Hangfire applies: its own (global and attributes) and the <see cref="IServerFilter"/>s registered in
/// this host (job metrics and log scopes), which never go into Hangfire's process-wide <c>GlobalJobFilters</c>.
/// </summary>
internal sealed class HostJobFilters(IEnumerable<IServerFilter> filters) : IJobFilterProvider
{
    private readonly JobFilter[] _own = filters.Select(f => new JobFilter(f, JobFilterScope.Global, order: null)).ToArray();

    public IEnumerable<JobFilter> GetFilters(Job job) => JobFilterProviders.Providers.GetFilters(job).Concat(_own);
}
