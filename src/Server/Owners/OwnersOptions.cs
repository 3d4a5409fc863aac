namespace PropertyFlow.Server.Owners;

/// <summary>Settings of the owners' public pages. Section <c>PropertyFlow:Owners</c>.</summary>
public sealed class OwnersOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "PropertyFlow:Owners";

    /// <summary>Complaint forms one client address may submit per <see cref="ComplaintWindow"/>. Default 5.</summary>
    public int ComplaintPermitLimit { get; set; } = 5;

    /// <summary>The window of <see cref="ComplaintPermitLimit"/> (fixed windows per address). Default 10 minutes.</summary>
    public TimeSpan ComplaintWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The largest request body a public page accepts, in bytes; larger posts get 413. Default 16 KB (16384).</summary>
    public long MaxBodyBytes { get; set; } = 16 * 1024;

    /// <summary>How long a complaint's status link keeps working after the complaint closed. Default 180 days.</summary>
    public TimeSpan LinkLifetimeAfterClose { get; set; } = TimeSpan.FromDays(180);
}
