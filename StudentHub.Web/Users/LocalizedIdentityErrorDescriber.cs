using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace StudentHub.Web.Users;

/// <summary>
/// Identity's error messages in the reader's language (Identity's own are English only), for the errors people
/// meet here: password rules, a taken or malformed email, a wrong password, a concurrent change.
/// </summary>
/// <remarks>
/// An account's user name is its email address, so the user-name errors read as the email ones: one taken address
/// then gives one message, not two (callers show distinct descriptions).
/// </remarks>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<LocalizedIdentityErrorDescriber> localizer) : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Describe(nameof(DefaultError));
    public override IdentityError ConcurrencyFailure() => Describe(nameof(ConcurrencyFailure));
    public override IdentityError PasswordMismatch() => Describe(nameof(PasswordMismatch));
    public override IdentityError InvalidToken() => Describe(nameof(InvalidToken));
    public override IdentityError InvalidEmail(string? email) => Describe(nameof(InvalidEmail), email ?? "");
    public override IdentityError InvalidUserName(string? userName) => DescribeAs(nameof(InvalidUserName), nameof(InvalidEmail), userName ?? "");
    public override IdentityError DuplicateEmail(string email) => Describe(nameof(DuplicateEmail), email);
    public override IdentityError DuplicateUserName(string userName) => DescribeAs(nameof(DuplicateUserName), nameof(DuplicateEmail), userName);
    public override IdentityError PasswordTooShort(int length) => Describe(nameof(PasswordTooShort), length);
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Describe(nameof(PasswordRequiresUniqueChars), uniqueChars);
    public override IdentityError PasswordRequiresNonAlphanumeric() => Describe(nameof(PasswordRequiresNonAlphanumeric));
    public override IdentityError PasswordRequiresDigit() => Describe(nameof(PasswordRequiresDigit));
    public override IdentityError PasswordRequiresLower() => Describe(nameof(PasswordRequiresLower));
    public override IdentityError PasswordRequiresUpper() => Describe(nameof(PasswordRequiresUpper));
    public override IdentityError UserLockoutNotEnabled() => Describe(nameof(UserLockoutNotEnabled));

    private IdentityError Describe(string code, params object[] arguments) => DescribeAs(code, code, arguments);

    private IdentityError DescribeAs(string code, string message, params object[] arguments) =>
        new() { Code = code, Description = localizer[message, arguments] };
}
