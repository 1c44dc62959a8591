using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;

using StudentHub.Web.Security;

namespace StudentHub.Web.Localization;

/// <summary>
/// Korean first (the users are Korean schools), English second. The choice is a cookie, read on each request;
/// a Blazor circuit keeps the culture of the request that opened it, so switching reloads the page.
/// </summary>
public static class CultureSwitch
{
    public static readonly IReadOnlyList<(string Culture, string Name)> Languages = [("ko-KR", "한국어"), ("en-US", "English")];

    public static string Link(string culture, string returnPath) =>
        $"/culture?culture={Uri.EscapeDataString(culture)}&returnUrl={Uri.EscapeDataString("/" + returnPath)}";

    public static IServiceCollection AddStudentHubLocalization(this IServiceCollection services) =>
        services
            .AddLocalization()
            .AddScoped<ReaderTimeZone>()
            // Hangul as text, not as &#xD559; entities: readable pages, a third of the bytes.
            .AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

    public static WebApplication UseStudentHubLocalization(this WebApplication app)
    {
        var cultures = Languages.Select(l => l.Culture).ToArray();
        app.UseRequestLocalization(new RequestLocalizationOptions()
            .SetDefaultCulture(cultures[0])
            .AddSupportedCultures(cultures)
            .AddSupportedUICultures(cultures));

        app.MapGet("/culture", (string culture, string? returnUrl, HttpContext http) =>
        {
            if (!cultures.Contains(culture))
                return Results.Problem(statusCode: 400, title: "Unsupported culture",
                    detail: $"culture must be one of {string.Join(", ", cultures)}.");
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(CultureInfo.GetCultureInfo(culture))),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(LocalUrls.LocalOrHome(returnUrl));
        }).AllowAnonymous();
        return app;
    }
}
