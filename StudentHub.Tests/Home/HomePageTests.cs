using System.Net;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;

namespace StudentHub.Tests.Home;

public class HomePageTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Overview_ShowsTheDatabasesLiveCounts()
    {
        await using (var db = database.CreateDbContext())
        {
            for (var i = 1; i <= 3; i++)
                db.Students.Add(new Student { Name = $"학생{i}", SchoolId = "SCH001", Grade = 7, ClassName = "2반", StudentNumber = $"{i:00}" });
            await db.SaveChangesAsync();
            var first = db.Students.Local.First();
            db.LearningHistory.AddRange(Enumerable.Range(0, 4).Select(i => new LearningEvent
            {
                StudentId = first.Id,
                EventType = EventType.Test,
                SourceNode = 2,
                OccurredAt = DateTimeOffset.UtcNow.AddMinutes(-i),
                Content = new EventContent { Concept = "일차방정식", Result = "correct" },
            }));
            db.Interventions.Add(new Intervention { StudentId = first.Id, Type = InterventionType.Auto });
            await db.SaveChangesAsync();
        }
        await using var factory = new StudentHubWebFactory(database);
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("data-testid=\"figure-students\"[^§]*?figure-value[^>]*>3<", html);
        Assert.Matches("data-testid=\"figure-events\"[^§]*?figure-value[^>]*>4<", html);
        Assert.Matches("data-testid=\"figure-partitions\"[^§]*?figure-value[^>]*>7<", html);
        Assert.Matches("data-testid=\"figure-interventions\"[^§]*?figure-value[^>]*>1<", html);
    }

    [Fact]
    public async Task Overview_SpeaksKoreanByDefault_AndEnglishOnRequest()
    {
        await using var factory = new StudentHubWebFactory(database);
        using var client = factory.CreateClient(new() { HandleCookies = true });

        var korean = await client.GetStringAsync("/");
        var switched = await client.GetAsync("/culture?culture=en-US&returnUrl=%2F");
        var english = await switched.Content.ReadAsStringAsync();

        Assert.Contains("학습 이벤트", korean);
        Assert.Contains("Learning events", english);
        Assert.Contains("<html lang=\"en\"", english);
    }

    [Fact]
    public async Task CultureSwitch_NeverRedirectsOffSite()
    {
        await using var factory = new StudentHubWebFactory(database);
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/culture?culture=ko-KR&returnUrl=%2F%2Fevil.example");

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }
}
