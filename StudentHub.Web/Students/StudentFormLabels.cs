using System.Globalization;
using System.Resources;

namespace StudentHub.Web.Students;

/// <summary>
/// The name of each field of the student form in the reader's language (<c>StudentFormLabels.resx</c>), shared by the
/// form and its conflict dialog. The words for stored codes (learning styles and the like) are <see cref="StudentLabels"/>'s.
/// </summary>
public static class StudentFormLabels
{
    private static readonly ResourceManager Resources = new(typeof(StudentFormLabels).FullName!, typeof(StudentFormLabels).Assembly);

    public static string Field(StudentField field) =>
        Resources.GetString("Field_" + field, CultureInfo.CurrentUICulture) ?? field.ToString();
}
