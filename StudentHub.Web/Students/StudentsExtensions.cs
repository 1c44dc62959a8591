namespace StudentHub.Web.Students;

public static class StudentsExtensions
{
    public static IServiceCollection AddStudents(this IServiceCollection services) =>
        services.AddScoped<StudentDirectory>()
            .AddScoped<StudentProfile>()
            .AddScoped<StudentCharts>()
            .AddScoped<RosterImporter>()
            .AddStudentEditing();
}
