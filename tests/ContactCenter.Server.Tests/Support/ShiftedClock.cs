namespace ContactCenter.Server.Tests.Support;

/// <summary>The system clock moved by an offset a test sets, to reach expiry without waiting.</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
