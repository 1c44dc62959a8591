using AngleSharp.Dom;
using Bunit;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using StudentHub.Tests.Students;
using StudentHub.Web.Interventions;
using StudentHub.Web.Students;

namespace StudentHub.Tests.Interventions;

/// <summary>An automatic intervention's evidence, in English: the model, when, and per concept the estimate and attempts.</summary>
public class InterventionEvidenceViewTests : AppComponentTest
{
    [Fact]
    public void Evidence_NamesTheModelAndWhen_AndListsEachConceptAgainstTheTarget()
    {
        var view = Render<InterventionEvidenceView>(p => p.Add(v => v.Evidence, EvidenceSamples.TwoConcepts()));

        var summary = Text(view.Find("[data-testid=evidence-summary]"));
        // 03:00 UTC is noon in Seoul, where times show until the browser names its zone.
        Assert.Equal("Bayesian knowledge tracing · computed 3/11/2026 12:00 PM · at least 5 attempts per concept", summary);
        Assert.Equal("2026-03-11T03:00:00Z", view.Find("[data-testid=evidence-summary] time").GetAttribute("datetime"));
        Assert.Equal(
            [
                ["이차함수", "12% / 85%", "6: 0 correct, 1 partial, 5 incorrect", "2/27/2026", "3/4/2026"],
                ["삼각비", "76% / 85%", "8: 5 correct, 1 partial, 2 incorrect", "3/5/2026", "3/10/2026"],
            ],
            Rows(view));
        Assert.Empty(view.FindAll("[data-testid=intervention-evidence-panel]"));
    }

    [Fact]
    public void AModelThePageDoesNotKnow_ShowsAsStored_AndNoConceptsSaysSo()
    {
        var view = Render<InterventionEvidenceView>(p => p.Add(v => v.Evidence, new InterventionEvidence
        {
            Model = "pfa",
            ComputedAt = EvidenceSamples.ComputedAt,
            MinAttempts = 3,
        }));

        Assert.StartsWith("pfa · computed", Text(view.Find("[data-testid=evidence-summary]")));
        Assert.Contains("The evidence names no concept.", view.Markup);
        Assert.Empty(view.FindAll("[data-testid=evidence-concept]"));
    }

    [Fact]
    public void Expandable_FoldsTheEvidenceUnderOneHeader_UntilOpened()
    {
        var view = Render<InterventionEvidenceView>(p => p.Add(v => v.Evidence, EvidenceSamples.TwoConcepts()).Add(v => v.Expandable, true));

        var panel = view.Find("[data-testid=intervention-evidence-panel]");
        Assert.Equal("Evidence", panel.QuerySelector(".mud-expand-panel-header")!.TextContent.Trim());
        Assert.Empty(view.FindAll(".mud-panel-expanded"));

        view.Find(".mud-expand-panel-header").Click();

        view.WaitForAssertion(() => Assert.Single(view.FindAll(".mud-panel-expanded")));
        Assert.Equal(2, view.FindAll(".mud-panel-expanded [data-testid=evidence-concept]").Count);
    }

    internal static string Text(IElement element) => string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Replace('\u202F', ' ');

    internal static string[][] Rows(IRenderedComponent<InterventionEvidenceView> view) =>
        view.FindAll("[data-testid=evidence-concept]").Select(r => r.QuerySelectorAll("td").Select(c => Text(c)).ToArray()).ToArray();
}

/// <summary>The same in Korean.</summary>
public class InterventionEvidenceViewKoreanTests() : AppComponentTest("ko-KR")
{
    [Fact]
    public void Evidence_ReadsInKorean()
    {
        var view = Render<InterventionEvidenceView>(p => p.Add(v => v.Evidence, EvidenceSamples.TwoConcepts()).Add(v => v.Expandable, true));

        Assert.Equal("근거", view.Find(".mud-expand-panel-header").TextContent.Trim());
        view.Find(".mud-expand-panel-header").Click();

        view.WaitForAssertion(() => Assert.Equal(2, view.FindAll("[data-testid=evidence-concept]").Count));
        var summary = InterventionEvidenceViewTests.Text(view.Find("[data-testid=evidence-summary]"));
        Assert.StartsWith("베이즈 지식 추적(BKT) · 계산 2026. 3. 11.", summary);
        Assert.EndsWith("· 개념별 최소 5회 시도", summary);
        Assert.Equal(["개념", "숙달도 / 목표", "시도", "처음", "마지막"], view.FindAll("th").Select(h => h.TextContent.Trim()));
        Assert.Equal("6회: 정답 0, 부분 정답 1, 오답 5",
            InterventionEvidenceViewTests.Text(view.FindAll("[data-testid=evidence-concept]")[0].QuerySelectorAll("td")[2]));
    }
}

/// <summary>The student page's active interventions carry their evidence, folded.</summary>
public class StudentPageEvidenceTests(DatabaseFixture database) : StudentComponentTest(database), IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task AnAutoIntervention_ShowsItsEvidence_AManualOneHasNone()
    {
        var student = new Student { Name = "근거", SchoolId = "EVIDENCE", Grade = 9 };
        await using (var db = Database.CreateDbContext())
        {
            db.Students.Add(student);
            db.Interventions.AddRange(
                new Intervention
                {
                    Student = student,
                    Type = InterventionType.Auto,
                    WeakAreas = [new() { Concept = "이차함수", CurrentMastery = 0.12, Priority = 1 }],
                    Evidence = EvidenceSamples.TwoConcepts(),
                },
                new Intervention
                {
                    Student = student,
                    Type = InterventionType.TeacherRequested,
                    WeakAreas = [new() { Concept = "삼각비", CurrentMastery = 0.5, Priority = 1 }],
                });
            await db.SaveChangesAsync();
        }
        SignIn("admin-evidence", "admin@school.kr", Roles.Admin);

        var page = Render<StudentPage>(p => p.Add(s => s.Id, student.Id));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=intervention]").Count), Patience);
        var panel = Assert.Single(page.FindAll("[data-testid=intervention-evidence-panel]"));
        Assert.Contains("Automatic", panel.Closest("[data-testid=intervention]")!.TextContent);
        page.Find("[data-testid=intervention-evidence-panel] .mud-expand-panel-header").Click();
        page.WaitForAssertion(() => Assert.Equal(
            ["이차함수", "삼각비"],
            page.FindAll("[data-testid=evidence-concept] td:first-child").Select(c => c.TextContent.Trim())), Patience);
    }
}

internal static class EvidenceSamples
{
    public static readonly DateTimeOffset ComputedAt = new(2026, 3, 11, 3, 0, 0, TimeSpan.Zero);

    public static InterventionEvidence TwoConcepts() => new()
    {
        Model = AutoInterventions.Model,
        ComputedAt = ComputedAt,
        MinAttempts = 5,
        Concepts =
        [
            new()
            {
                Concept = "이차함수", Mastery = 0.1168, Target = 0.85, Attempts = 6, Correct = 0, Partial = 1, Incorrect = 5,
                FirstSeen = ComputedAt.AddDays(-12), LastSeen = ComputedAt.AddDays(-7),
            },
            new()
            {
                Concept = "삼각비", Mastery = 0.7619, Target = 0.85, Attempts = 8, Correct = 5, Partial = 1, Incorrect = 2,
                FirstSeen = ComputedAt.AddDays(-6), LastSeen = ComputedAt.AddDays(-1),
            },
        ],
    };
}
