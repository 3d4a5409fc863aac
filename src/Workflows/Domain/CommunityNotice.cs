namespace PropertyFlow.Workflows.Domain;

/// <summary>
/// A notice posted to a community (公告: water stoppage, fee notice, statement published). Sending it by e-mail is
/// the notices module's job (topic <c>notice.send</c>); this row is what owners can read on the board.
/// </summary>
public sealed class CommunityNotice : Entity
{
    private CommunityNotice()
    {
    }

    public CommunityNotice(Guid id, Guid communityId, string title, string body, DateTimeOffset createdAt)
        : base(id)
    {
        CommunityId = communityId;
        Title = Require.Text(title, nameof(title));
        Body = Require.Text(body, nameof(body));
        CreatedAt = createdAt;
    }

    public Guid CommunityId { get; private set; }

    public string Title { get; private set; } = "";

    public string Body { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? PublishedAt { get; private set; }

    public DateTimeOffset? WithdrawnAt { get; private set; }

    public void Publish(DateTimeOffset at) =>
        PublishedAt = PublishedAt is null ? at : throw new DomainException($"Notice '{Title}' is already published.");

    public void Withdraw(DateTimeOffset at)
    {
        if (PublishedAt is null || WithdrawnAt is not null)
        {
            throw new DomainException($"Notice '{Title}' is not on the board.");
        }

        WithdrawnAt = at;
    }
}
