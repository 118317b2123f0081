namespace ContactCenter.Server.Tests.Jobs;

/// <summary>Job test classes of one shared host run one after the other: some empty its job tables, others read them.</summary>
public static class JobCollections
{
    public const string Sqlite = "Jobs on the shared SQLite host";
    public const string Postgres = "Jobs on the shared PostgreSQL host";
}
