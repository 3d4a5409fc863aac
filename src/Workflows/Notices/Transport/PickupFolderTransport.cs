using System.Globalization;
using Microsoft.Extensions.Options;

namespace PropertyFlow.Workflows.Notices.Transport;

/// <summary>
/// Writes each notice as an <c>.eml</c> file (open it with any mail program) to
/// <see cref="NoticeOptions.PickupFolder"/>: used when no SMTP host is configured, so the product runs with
/// nothing installed. A file is written under a temporary name and renamed, so a reader never sees half a
/// message; its name holds the notice id, so sending a notice again replaces its file instead of adding one.
/// </summary>
public sealed class PickupFolderTransport(IOptions<NoticeOptions> notices, IOptions<SmtpOptions> smtp) : INoticeTransport
{
    /// <summary>The absolute folder path.</summary>
    public string Folder { get; } = Path.GetFullPath(notices.Value.PickupFolder);

    /// <inheritdoc />
    public string Description => $"pickup folder {Folder}";

    /// <inheritdoc />
    public Task<INoticeTransportSession> OpenAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        return Task.FromResult<INoticeTransportSession>(new Session(Folder, smtp.Value));
    }

    /// <summary>The file of a notice: <c>{created, UTC}-{id}.eml</c>.</summary>
    private static string PathFor(string folder, OutgoingNotice notice) =>
        Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{notice.CreatedAt.UtcDateTime:yyyyMMdd-HHmmss}-{notice.Id:N}.eml"));

    private sealed class Session(string folder, SmtpOptions smtp) : INoticeTransportSession
    {
        public async Task SendAsync(OutgoingNotice notice, CancellationToken cancellationToken)
        {
            using var message = NoticeMessages.Build(notice, smtp.FromName, smtp.FromAddress);
            var path = PathFor(folder, notice);
            var temp = path + ".tmp";
            await message.WriteToAsync(temp, cancellationToken);
            File.Move(temp, path, overwrite: true);
        }

        public ValueTask DisposeAsync() => default;
    }
}
