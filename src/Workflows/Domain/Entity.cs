using System.Security.Cryptography;
using System.Text;

namespace PropertyFlow.Workflows.Domain;

/// <summary>
/// Every domain entity: a <see cref="Guid"/> id made by the application (no round trip to learn it, safe to hand to a
/// process as a variable) and a version that the database checks on update, so two writers cannot both win.
/// </summary>
public abstract class Entity
{
    protected Entity()
    {
    }

    protected Entity(Guid id) => Id = id == Guid.Empty ? Guid.NewGuid() : id;

    public Guid Id { get; private set; }

    /// <summary>Raised by one on every saved change; an optimistic-concurrency token.</summary>
    public int Version { get; private set; }

    internal void BumpVersion() => Version++;

    /// <summary>A stable id derived from <paramref name="key"/>: the demo seed gets the same ids on every machine.</summary>
    public static Guid StableId(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        var bytes = hash[..16].ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // version 5 style (name based)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
