namespace StudentHub.Web.Users;

/// <summary>One row of the Users page.</summary>
public sealed record UserSummary(
    string Id,
    string Email,
    string DisplayName,
    string? Role,
    IReadOnlyList<string> Schools,
    DateTimeOffset? LockedUntil,
    DateTimeOffset? LastSignIn)
{
    public bool IsLocked => LockedUntil > DateTimeOffset.UtcNow;

    public bool IsLockedIndefinitely => LockedUntil >= UserAccounts.Indefinitely;
}

/// <summary>A page of the users list: <paramref name="SortBy"/> is a <see cref="UserSummary"/> property name.</summary>
public sealed record UserListQuery(string? Search, string? SortBy, bool Descending, int Page, int PageSize);

public sealed record UserList(IReadOnlyList<UserSummary> Items, int Total);
