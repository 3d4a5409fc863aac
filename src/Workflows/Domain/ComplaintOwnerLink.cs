using System.Buffers.Text;
using System.Security.Cryptography;

namespace PropertyFlow.Workflows.Domain;

/// <summary>
/// The private link an owner gets when filing a complaint through the public form (<c>/o/c/{token}</c>). The link's
/// token is random (<see cref="TokenBytes"/> bytes from the system CSPRNG, base64url) and only its SHA-256 hash is
/// stored, so a copy of the database does not hand out working links. The link names the complaint's process
/// instance; the complaint itself is found through the instance (its <see cref="Complaint.SourceKey"/>), so a link
/// works even while the recording step waits for a retry.
/// </summary>
public sealed class ComplaintOwnerLink : Entity
{
    /// <summary>Random bytes per token: 256 bits, twice the 128 required.</summary>
    public const int TokenBytes = 32;

    private ComplaintOwnerLink()
    {
    }

    private ComplaintOwnerLink(Guid instanceId, Guid communityId, string tokenHash, string contactName, string? contactPhone, string contactEmail,
        DateTimeOffset createdAt)
        : base(Guid.NewGuid())
    {
        InstanceId = instanceId;
        CommunityId = communityId;
        TokenHash = tokenHash;
        ContactName = Require.Text(contactName, nameof(contactName));
        ContactPhone = string.IsNullOrWhiteSpace(contactPhone) ? null : contactPhone.Trim();
        ContactEmail = Require.Text(contactEmail, nameof(contactEmail));
        CreatedAt = createdAt;
    }

    /// <summary>The complaint process instance the owner's form started.</summary>
    public Guid InstanceId { get; private set; }

    public Guid CommunityId { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the token's bytes; unique.</summary>
    public string TokenHash { get; private set; } = "";

    /// <summary>The name the owner gave on the form.</summary>
    public string ContactName { get; private set; } = "";

    public string? ContactPhone { get; private set; }

    public string ContactEmail { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The owner's rating (1–5) given on the status page at follow-up; null until rated.</summary>
    public int? Rating { get; private set; }

    public DateTimeOffset? RatedAt { get; private set; }

    /// <summary>
    /// The <see cref="Complaint.SourceKey"/> of the complaint this link's process recorded: the recording step
    /// (<c>record</c> in complaint.bpmn) keys what it makes by instance and element.
    /// </summary>
    public string ComplaintSourceKey => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{InstanceId:N}/record");

    /// <summary>A new link for a complaint instance, and the token to hand to the owner (never stored).</summary>
    public static (ComplaintOwnerLink Link, string Token) Issue(Guid instanceId, Guid communityId, string contactName, string? contactPhone,
        string contactEmail, DateTimeOffset at)
    {
        var bytes = RandomNumberGenerator.GetBytes(TokenBytes);
        var link = new ComplaintOwnerLink(instanceId, communityId, HashOf(bytes), contactName, contactPhone, contactEmail, at);
        return (link, Base64Url.EncodeToString(bytes));
    }

    /// <summary>The stored hash of <paramref name="token"/>, or null when it is not a token of the right shape.</summary>
    public static string? HashOfToken(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[48];
        if (Base64Url.DecodeFromChars(token, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != token.Length || written != TokenBytes)
        {
            return null;
        }

        return HashOf(bytes[..written]);
    }

    /// <summary>Records the owner's rating once.</summary>
    /// <exception cref="DomainException">Already rated, or the score is not 1–5.</exception>
    public void Rate(int score, DateTimeOffset at)
    {
        if (Rating is not null)
        {
            throw new DomainException("This complaint has already been rated.");
        }

        Rating = score is >= 1 and <= 5 ? score : throw new DomainException($"A rating is 1–5, not {score}.");
        RatedAt = at;
    }

    /// <summary>True when the link no longer opens: the complaint closed more than <paramref name="lifetimeAfterClose"/> ago.</summary>
    public static bool IsExpired(Complaint? complaint, TimeSpan lifetimeAfterClose, DateTimeOffset now) =>
        complaint?.ClosedAt is { } closed && now >= closed + lifetimeAfterClose;

    private static string HashOf(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
