namespace ContactCenter.Server.Jobs;

/// <summary>The <c>Jobs</c> configuration section.</summary>
public sealed class JobsSettings
{
    public const string Section = "Jobs";

    /// <summary>False: a web-only instance that runs no job server; it still enqueues jobs and serves the dashboard.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Jobs this instance runs at once. Ours wait on databases and mail servers, not on the processor.</summary>
    public int WorkerCount { get; set; } = 5;
}
