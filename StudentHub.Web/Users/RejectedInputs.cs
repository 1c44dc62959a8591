using Microsoft.AspNetCore.Identity;

namespace StudentHub.Web.Users;

/// <summary>
/// What the server refused in a dialog (a taken email, a weak password, the last admin's role), shown beside the
/// input it is about for as long as that input still holds the refused value: editing the input clears it.
/// </summary>
public sealed class RejectedInputs
{
    private readonly Dictionary<UserField, (string? Value, string Message)> _rejected = [];

    /// <summary>
    /// Files the errors of <paramref name="result"/> under the inputs the dialog shows (with their values at the
    /// time) and returns the others, which concern the account as a whole, for an alert.
    /// </summary>
    public IReadOnlyList<string> Take(IdentityResult result, IReadOnlyDictionary<UserField, string?> shownInputs)
    {
        _rejected.Clear();
        var others = new List<string>();
        foreach (var errors in result.Errors.GroupBy(UserAccountErrors.FieldOf))
        {
            var message = string.Join(" ", errors.Select(e => e.Description).Distinct());
            if (shownInputs.TryGetValue(errors.Key, out var value))
                _rejected[errors.Key] = (value, message);
            else
                others.Add(message);
        }
        return others;
    }

    /// <summary>The refusal of <paramref name="input"/>, while it still holds the refused value.</summary>
    public string? For(UserField input, string? currentValue) =>
        _rejected.TryGetValue(input, out var rejected) && rejected.Value == currentValue ? rejected.Message : null;

    public void Clear() => _rejected.Clear();
}
