using Microsoft.AspNetCore.Identity;

namespace StudentHub.Web.Users;

/// <summary>The inputs of an account form, for showing an error beside the one it is about.</summary>
public enum UserField { None, Email, Password, Role, Schools, LockEnd }

/// <summary>The codes of the errors <see cref="UserAccounts"/> adds to Identity's own.</summary>
public static class UserAccountErrors
{
    public const string UnknownRole = nameof(UnknownRole);
    public const string TeacherNeedsSchool = nameof(TeacherNeedsSchool);
    public const string SchoolsOnlyForTeachers = nameof(SchoolsOnlyForTeachers);
    public const string LastAdmin = nameof(LastAdmin);
    public const string NotFound = nameof(NotFound);
    public const string ChangedMeanwhile = nameof(ChangedMeanwhile);
    public const string LockEndPassed = nameof(LockEndPassed);

    /// <summary>The input <paramref name="error"/> (ours or Identity's) is about; <see cref="UserField.None"/> for the account as a whole.</summary>
    public static UserField FieldOf(IdentityError error) => error.Code switch
    {
        "DuplicateEmail" or "DuplicateUserName" or "InvalidEmail" or "InvalidUserName" => UserField.Email,
        // The password rules (PasswordTooShort, PasswordRequiresDigit…); PasswordMismatch is a wrong current password.
        var code when code.StartsWith("Password", StringComparison.Ordinal) && code != "PasswordMismatch" => UserField.Password,
        UnknownRole or LastAdmin => UserField.Role,
        TeacherNeedsSchool or SchoolsOnlyForTeachers => UserField.Schools,
        LockEndPassed => UserField.LockEnd,
        _ => UserField.None,
    };
}
