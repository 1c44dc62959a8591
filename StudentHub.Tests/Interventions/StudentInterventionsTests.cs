using Bunit;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Students;

namespace StudentHub.Tests.Interventions;

/// <summary>A student's page lists all their interventions, whatever the status, each linked to its own page.</summary>
public class StudentInterventionsTests(DatabaseFixture database) : InterventionComponentTest(database), IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task TheStudentPage_ListsEveryInterventionNewestFirst_WithItsStatusAndALink()
    {
        var data = await InterventionData.SeedAsync(Database);
        SignIn("admin-student", "admin@school.kr", Roles.Admin);

        var page = Render<StudentPage>(p => p.Add(s => s.Id, data.StudentA1));

        page.WaitForElement("[data-testid=student-interventions]", Patience);
        var cards = page.FindAll("[data-testid=intervention]");
        Assert.Equal([$"/interventions/{data.A1Active}", $"/interventions/{data.A1Paused}"],
            cards.Select(c => c.QuerySelector("[data-testid=intervention-link]")!.GetAttribute("href")));
        Assert.Equal(["active", "paused"], cards.Select(c => c.QuerySelector("[data-testid=status-chip]")!.GetAttribute("data-status")));
        Assert.Equal(["1 of 4 steps done", "0 of 2 steps done"], cards.Select(c => c.QuerySelector("[data-testid=intervention-steps]")!.TextContent.Trim()));
        Assert.Equal($"/interventions/new?student={data.StudentA1}", page.Find("[data-testid=new-intervention]").GetAttribute("href"));
    }

    [Fact]
    public async Task ATeacher_GetsNoNewInterventionButton()
    {
        var data = await InterventionData.SeedAsync(Database);
        await SignInTeacherAsync("teacher-student-a", InterventionData.SchoolA);

        var page = Render<StudentPage>(p => p.Add(s => s.Id, data.StudentA1));

        page.WaitForElement("[data-testid=student-interventions]", Patience);
        Assert.Equal(2, page.FindAll("[data-testid=intervention]").Count);
        Assert.Empty(page.FindAll("[data-testid=new-intervention]"));
    }
}
