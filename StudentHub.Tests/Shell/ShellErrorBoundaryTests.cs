using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using StudentHub.Tests.Infrastructure;
using StudentHub.Web.Shell;

namespace StudentHub.Tests.Shell;

/// <summary>A failing page gets an apology, a reference and a retry button; the exception goes to the log, not the reader.</summary>
public class ShellErrorBoundaryTests : AppComponentTest
{
    private readonly LogCollector _log = new();

    public ShellErrorBoundaryTests() : base("ko-KR")
    {
        Services.AddLogging(b => b.AddProvider(_log).SetMinimumLevel(LogLevel.Debug));
        FlakyPage.Failure = () => new InvalidOperationException(FlakyPage.Detail);
    }

    [Fact]
    public void FailingPage_ShowsALocalizedMessageAndReference_AndLogsTheException()
    {
        FlakyPage.FailuresLeft = 1;

        var boundary = Render<ShellErrorBoundary>(p => p.AddChildContent<FlakyPage>());

        var error = boundary.Find("[data-testid=page-error]");
        Assert.Contains("이 페이지에 문제가 생겼습니다", error.TextContent);
        Assert.DoesNotContain(FlakyPage.Detail, boundary.Markup);
        Assert.DoesNotContain(nameof(InvalidOperationException), boundary.Markup);
        var logged = Assert.Single(_log.Entries, e => e.Exception is InvalidOperationException);
        Assert.Equal(LogLevel.Error, logged.Level);
        var reference = logged.Message.Split("error reference ")[1].TrimEnd(')', '.');
        Assert.Contains(reference, error.TextContent);
    }

    [Fact]
    public void ABrowserThatLeftMidRender_IsNoPageFailure_AndIsLoggedAsDebug()
    {
        FlakyPage.FailuresLeft = 1;
        FlakyPage.Failure = () => new JSDisconnectedException("JavaScript interop calls cannot be issued at this time.");

        Render<ShellErrorBoundary>(p => p.AddChildContent<FlakyPage>());

        Assert.DoesNotContain(_log.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(LogLevel.Debug, Assert.Single(_log.Entries, e => e.Exception is JSDisconnectedException).Level);
    }

    [Fact]
    public void Retry_RendersThePageAgain()
    {
        FlakyPage.FailuresLeft = 1;
        var boundary = Render<ShellErrorBoundary>(p => p.AddChildContent<FlakyPage>());

        boundary.Find("[data-testid=page-error-retry]").Click();

        Assert.Empty(boundary.FindAll("[data-testid=page-error]"));
        Assert.Equal("페이지 내용", boundary.Find("p.flaky").TextContent);
    }

    private sealed class FlakyPage : ComponentBase
    {
        public const string Detail = "Npgsql: password authentication failed for user studenthub";

        // Static: the tests of one class run one at a time.
        public static int FailuresLeft;
        public static Func<Exception> Failure = () => new InvalidOperationException(Detail);

        protected override void OnInitialized()
        {
            if (FailuresLeft-- > 0)
                throw Failure();
        }

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "class", "flaky");
            builder.AddContent(2, "페이지 내용");
            builder.CloseElement();
        }
    }
}
