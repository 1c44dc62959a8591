using System.Globalization;
using System.Text.Json;
using Bunit;
using StudentHub.Web.Localization;
using StudentHub.Web.Scheduler;

namespace StudentHub.Tests.Scheduler;

/// <summary>A run's output in Korean: the data keys in words, numbers and lists in the reader's culture, the added words in Korean.</summary>
public sealed class RunOutputTests : BunitContext, IAsyncLifetime
{
    public RunOutputTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ko-KR");
        Services.AddStudentHubLocalization();
    }

    [Fact]
    public void Output_IsKeyValueLines_WithTheAddedWordsInKorean()
    {
        var output = new Dictionary<string, JsonElement>
        {
            ["students_anonymized"] = JsonSerializer.SerializeToElement(12500),
            ["student_ids"] = JsonSerializer.SerializeToElement(Array.Empty<Guid>()),
            ["dry_run"] = JsonSerializer.SerializeToElement(false),
        };

        var view = Render<RunOutput>(p => p.Add(o => o.Output, output));

        Assert.Equal(["students anonymized", "student ids", "dry run"], view.FindAll("[data-testid=run-output-key]").Select(k => k.TextContent));
        Assert.Equal(["12,500", "없음", "아니요"], view.FindAll("[data-testid=run-output-value]").Select(v => v.TextContent.Trim()));
        Assert.Equal("원본 보기", view.Find("summary").TextContent.Trim());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
