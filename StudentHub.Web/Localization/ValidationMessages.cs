using System.Globalization;
using System.Resources;

namespace StudentHub.Web.Localization;

/// <summary>
/// Validation messages in the reader's language, for attributes (<c>ErrorMessageResourceType = typeof(ValidationMessages)</c>):
/// data annotations read a static property, so these read the resources in <c>ValidationMessages.resx</c>.
/// </summary>
public static class ValidationMessages
{
    private static readonly ResourceManager Resources = new(typeof(ValidationMessages).FullName!, typeof(ValidationMessages).Assembly);

    public static string EmailRequired => Get();
    public static string EmailInvalid => Get();
    public static string PasswordRequired => Get();
    public static string PasswordsDiffer => Get();
    public static string DisplayNameRequired => Get();
    public static string RoleRequired => Get();

    private static string Get([System.Runtime.CompilerServices.CallerMemberName] string name = "") =>
        Resources.GetString(name, CultureInfo.CurrentUICulture) ?? name;
}
