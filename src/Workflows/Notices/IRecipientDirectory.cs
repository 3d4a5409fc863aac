namespace PropertyFlow.Workflows.Notices;

/// <summary>Someone a notice can be sent to.</summary>
/// <param name="Name">The display name used in the greeting.</param>
/// <param name="Email">The address the notice goes to.</param>
/// <param name="PreferredLanguage"><c>zh</c> or <c>en</c>; templates pick their language from it.</param>
public sealed record Recipient(string Name, string Email, string PreferredLanguage = "zh");

/// <summary>
/// Turns a notice's <c>to</c> into addresses. The forms are <c>owner:{ownerId}</c>, <c>role:{roleId}</c>
/// (every on-duty staff member with the role), <c>user:{userName}</c>, or a plain e-mail address.
/// The domain implements it from its own tables; notices only read it.
/// </summary>
public interface IRecipientDirectory
{
    /// <summary>The recipients <paramref name="to"/> names; empty when it names nobody (never null).</summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is not one of the forms above.</exception>
    Task<IReadOnlyList<Recipient>> ResolveAsync(string to, CancellationToken cancellationToken = default);
}
