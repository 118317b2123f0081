using ContactCenter.Data.Catalog;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tenancy;

namespace ContactCenter.Server.Tests.Requests;

/// <summary>
/// The text indexer's turn (<see cref="MessageTextIndexTurn"/>): a run whose time is up hands the next run the tenant it
/// stopped at, or the one after it when that one is done, so that runs go round all tenants instead of starting with the
/// same ones every time.
/// </summary>
public sealed class MessageTextIndexTurnShould
{
    private static readonly TenantRecord[] Tenants = [.. Enumerable.Range(1, 4).Select(Tenant)];

    [Fact]
    public void StartWithTheFirstTenantByIdWhenNoRunStoppedBefore()
    {
        var shuffled = new[] { Tenants[2], Tenants[0], Tenants[3], Tenants[1] };

        Assert.Equal(Slugs(Tenants), Slugs(MessageTextIndexTurn.InTurn(shuffled, Guid.Empty)));
        Assert.Equal(Guid.Empty, new MessageTextIndexTurn().ResumeAt);
    }

    [Fact]
    public void StartWhereTheLastRunStoppedAndGoRound()
    {
        Assert.Equal(["t3", "t4", "t1", "t2"], Slugs(MessageTextIndexTurn.InTurn(Tenants, Tenants[2].Id)));
        Assert.Equal(["t4", "t1", "t2", "t3"], Slugs(MessageTextIndexTurn.InTurn(Tenants, Tenants[3].Id)));
    }

    [Fact]
    public void StartWithTheNextTenantWhenTheOneToResumeIsGone()
    {
        var withoutTheThird = Tenants.Where(t => t.Slug != "t3").ToList();

        Assert.Equal(["t4", "t1", "t2"], Slugs(MessageTextIndexTurn.InTurn(withoutTheThird, Tenants[2].Id)));
        Assert.Equal(["t1", "t2"], Slugs(MessageTextIndexTurn.InTurn(Tenants[..2], Tenants[3].Id)));
    }

    [Fact]
    public void ResumeATenantWithTextLeftAndOtherwiseTheNextOneGoingRound()
    {
        var inTurn = MessageTextIndexTurn.InTurn(Tenants, Tenants[1].Id);
        var turn = new MessageTextIndexTurn { ResumeAt = MessageTextIndexTurn.After(inTurn, 1, done: false) };

        Assert.Equal(Tenants[2].Id, turn.ResumeAt);
        Assert.Equal(Tenants[3].Id, MessageTextIndexTurn.After(inTurn, 1, done: true));
        Assert.Equal(Tenants[1].Id, MessageTextIndexTurn.After(inTurn, 3, done: true));
    }

    /// <summary>Tenant <paramref name="n"/>, whose id sorts after those of smaller numbers.</summary>
    private static TenantRecord Tenant(int n) =>
        new(new Guid($"0000000{n}-0000-0000-0000-000000000000"), "t" + n, "Tenant " + n, TenantStatus.Active, "main", "db" + n);

    private static List<string> Slugs(IEnumerable<TenantRecord> tenants) => tenants.Select(t => t.Slug).ToList();
}
