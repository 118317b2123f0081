namespace ContactCenter.Server.Tests.Support;

/// <summary>Waits for something a background job does: asks again and again, up to a generous limit, never for a set time.</summary>
internal static class Poll
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(90);

    /// <summary>
    /// For mail the outbox sends. The kick sends it at once, as a rule; when a kick is lost, the outbox sweep (every
    /// minute, over every tenant of the shared host, on two workers busy with the other recurring jobs) sends it later.
    /// </summary>
    public static readonly TimeSpan SentLimit = TimeSpan.FromMinutes(4);

    /// <summary>Returns the first value <paramref name="done"/> accepts; fails with <paramref name="what"/> after the limit.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? DefaultLimit);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Still waiting for {what} after {(limit ?? DefaultLimit).TotalSeconds} s; last seen: {value}");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}
