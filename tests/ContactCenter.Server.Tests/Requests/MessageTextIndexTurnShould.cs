using ContactCenter.Data.Catalog;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tenancy;

namespace ContactCenter.Server.Tests.Requests;

/// <summary>
/// The text indexer's turn (<see cref="MessageTextIndexTurn"/>): a run visits the tenants the ingest touched, and once a
/// minute a sweep goes over every tenant from the first id to the last, going on in the next run where a run's time ran
/// out, so that with enough tenants the last are reached too.
/// </summary>
public sealed class MessageTextIndexTurnShould
{
    private static readonly TenantRecord[] Tenants = [.. Enumerable.Range(1, 4).Select(Tenant)];

    [Fact]
    public void SweepAtTheFirstRunFromTheFirstTenantByIdAndNotAgainBeforeTheInterval()
    {
        var turn = new MessageTextIndexTurn();
        var shuffled = new[] { Tenants[2], Tenants[0], Tenants[3], Tenants[1] };

        Assert.Equal(Guid.Empty, turn.BeginSweep());
        Assert.Equal(Slugs(Tenants), Slugs(MessageTextIndexTurn.Rest(shuffled, Guid.Empty)));
        turn.SweepFrom = null;
        Assert.Null(turn.BeginSweep());
    }

    [Fact]
    public void GoOnWithASweepInProgressInTheNextRun()
    {
        var turn = new MessageTextIndexTurn();
        turn.BeginSweep();
        turn.SweepFrom = Tenants[2].Id;

        Assert.Equal(Tenants[2].Id, turn.BeginSweep());
        Assert.Equal(["t3", "t4"], Slugs(MessageTextIndexTurn.Rest(Tenants, Tenants[2].Id)));
    }

    [Fact]
    public void GoOnWithTheNextTenantWhenTheOneToGoOnWithIsGone()
    {
        var withoutTheThird = Tenants.Where(t => t.Slug != "t3").ToList();

        Assert.Equal(["t4"], Slugs(MessageTextIndexTurn.Rest(withoutTheThird, Tenants[2].Id)));
        Assert.Empty(MessageTextIndexTurn.Rest(Tenants[..2], Tenants[3].Id));
    }

    [Fact]
    public void GoOnWithATenantWithTextLeftAndOtherwiseTheNextOneUntilTheLast()
    {
        var rest = MessageTextIndexTurn.Rest(Tenants, Tenants[1].Id);

        Assert.Equal(Tenants[1].Id, MessageTextIndexTurn.After(rest, 0, done: false));
        Assert.Equal(Tenants[2].Id, MessageTextIndexTurn.After(rest, 0, done: true));
        Assert.Equal(Tenants[3].Id, MessageTextIndexTurn.After(rest, 2, done: false));
        Assert.Null(MessageTextIndexTurn.After(rest, 2, done: true));
    }

    [Fact]
    public void HandOverTheTouchedTenantsOnceEach()
    {
        var turn = new MessageTextIndexTurn();
        turn.Touched(Tenants[1].Id);
        turn.Touched(Tenants[3].Id);
        turn.Touched(Tenants[1].Id);

        Assert.Equal([Tenants[1].Id, Tenants[3].Id], turn.TakeTouched().Order());
        Assert.Empty(turn.TakeTouched());
    }

    /// <summary>Tenant <paramref name="n"/>, whose id sorts after those of smaller numbers.</summary>
    private static TenantRecord Tenant(int n) =>
        new(new Guid($"0000000{n}-0000-0000-0000-000000000000"), "t" + n, "Tenant " + n, TenantStatus.Active, "main", "db" + n);

    private static List<string> Slugs(IEnumerable<TenantRecord> tenants) => tenants.Select(t => t.Slug).ToList();
}
