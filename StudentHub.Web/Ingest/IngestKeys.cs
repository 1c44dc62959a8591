using System.Buffers.Text;
using System.Globalization;
using System.Resources;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using StudentHub.Data;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Ingest;

/// <summary>A key just made: <see cref="Key"/> is the only time the key itself exists outside the node that receives it.</summary>
public sealed record CreatedIngestKey(IngestKey Record, string Key);

/// <summary>
/// The source nodes' API keys: made, listed, revoked, and found from the key a request presents. Only a SHA-256
/// hash of each key is stored, so a copy of the database (a backup, a replica) cannot post events.
/// </summary>
public sealed class IngestKeys(IDbContextFactory<StudentHubDbContext> contextFactory, TimeProvider clock)
{
    /// <summary>Marks the string as a Student Hub key, so secret scanners and people can recognise one that leaked.</summary>
    public const string KeyPrefix = "shk_";

    public const int MaxNameLength = 100;

    // 32 random bytes (256 bits): no guessing, and the key needs no salt or slow hash: a plain SHA-256 of a
    // random 256-bit value cannot be reversed or brute-forced, unlike a password.
    private const int RandomBytes = 32;

    // "shk_" and the first 8 characters of the random part: enough to tell keys apart on the admin page, too
    // little to matter (48 of 256 bits).
    private const int StoredPrefixLength = 12;

    // The checks' messages in English and Korean (IngestKeyMessages.resx, .ko.resx): the Ingest page shows them beside
    // its fields in the reader's language; the command line gets its process's language.
    private static readonly ResourceManager Messages = new(typeof(IngestKeys).Namespace + ".IngestKeyMessages", typeof(IngestKeys).Assembly);

    /// <summary>What is wrong with a new key's name and node, in words an admin or operator can act on; empty when nothing is.</summary>
    public static IReadOnlyList<string> Check(string? name, int sourceNode) =>
        new[] { CheckName(name), CheckNode(sourceNode) }.OfType<string>().ToList();

    /// <summary>What is wrong with a new key's name; null when nothing is.</summary>
    public static string? CheckName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? Message("NameRequired")
        : name.Trim().Length > MaxNameLength ? Message("NameTooLong", MaxNameLength)
        : null;

    /// <summary>What is wrong with a new key's source node; null when nothing is. Null is a form's node not chosen yet.</summary>
    public static string? CheckNode(int? sourceNode) =>
        sourceNode is not { } node ? Message("NodeRequired")
        : node is < 1 or > 6 ? Message("NodeOutOfRange", node)
        : null;

    public async Task<CreatedIngestKey> CreateAsync(string name, int sourceNode, bool canRead, string? createdBy, CancellationToken ct = default)
    {
        if (Check(name, sourceNode) is [var first, ..])
            throw new ArgumentException(first);

        var key = KeyPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));
        var record = new IngestKey
        {
            Name = name.Trim(),
            SourceNode = sourceNode,
            KeyHash = Hash(key),
            KeyPrefix = key[..StoredPrefixLength],
            CanRead = canRead,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = createdBy,
        };
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        db.IngestKeys.Add(record);
        await db.SaveChangesAsync(ct);
        return new CreatedIngestKey(record, key);
    }

    /// <summary>Newest first, revoked ones included: an admin sees what was revoked and when.</summary>
    public async Task<IReadOnlyList<IngestKey>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.IngestKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ThenBy(k => k.Name).ToListAsync(ct);
    }

    /// <summary>Revokes the key from its next request on (no key is cached). False when there is no such key or it was already revoked.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var key = await db.IngestKeys.FirstOrDefaultAsync(k => k.Id == id, ct);
        if (key is null || key.RevokedAt is not null)
            return false;
        key.RevokedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The key record whose key was presented, revoked or not (the caller says which); null for an unknown key.</summary>
    public async Task<IngestKey?> FindAsync(string presentedKey, CancellationToken ct = default)
    {
        var hash = Hash(presentedKey);
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        // The lookup goes through the unique index on the hash. Its timing can only reveal how much of a hash
        // matched, which says nothing about a key (SHA-256 cannot be inverted); the constant-time comparison
        // after it keeps the final check free of even that.
        var key = await db.IngestKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash, ct);
        return key is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key.KeyHash), Encoding.ASCII.GetBytes(hash))
            ? key
            : null;
    }

    /// <summary>SHA-256 of the key's UTF-8 bytes, lowercase hex: what <c>ingest_keys.key_hash</c> holds.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Message(string name, params object[] arguments) =>
        string.Format(CultureInfo.CurrentCulture, Messages.GetString(name, CultureInfo.CurrentUICulture) ?? name, arguments);
}
