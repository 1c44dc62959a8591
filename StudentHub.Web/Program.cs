using MudBlazor.Services;
using StudentHub.Web;
using StudentHub.Web.Activity;
using StudentHub.Web.Analytics;
using StudentHub.Web.Audit;
using StudentHub.Web.Components;
using StudentHub.Web.Components.Account;
using StudentHub.Web.Database;
using StudentHub.Web.DatabaseHealth;
using StudentHub.Web.Demo;
using StudentHub.Web.Health;
using StudentHub.Web.Home;
using StudentHub.Web.Ingest;
using StudentHub.Web.Interventions;
using StudentHub.Web.Localization;
using StudentHub.Web.Reports;
using StudentHub.Web.Scheduler;
using StudentHub.Web.Security;
using StudentHub.Web.Shell;
using StudentHub.Web.Students;
using StudentHub.Web.Timeline;
using StudentHub.Web.Users;

var builder = WebApplication.CreateBuilder(args);

try
{
    builder.AddStudentHubDatabase();
}
catch (EmbeddedDatabaseUnavailableException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

builder.Services.AddStudentHubSecurity();
builder.Services.AddStudentHubLocalization();
builder.Services.AddMudServices();
builder.Services.AddRazorComponents().AddInteractiveServerComponents()
    // Prerendered state comes back to the circuit through the hub: the timeline's first page (50 events with their
    // JSON) is past SignalR's 32 KB default, which closed the circuit.
    .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 256 * 1024);
builder.Services.AddAuditTrail();
builder.Services.AddDemoData();
builder.Services.AddUsers();
builder.Services.AddHome();
builder.Services.AddShell();
builder.Services.AddStudents();
builder.Services.AddTimeline();
builder.Services.AddInterventions();
builder.Services.AddActivity();
builder.Services.AddIngest();
builder.Services.AddScheduler();
builder.Services.AddReports();
builder.Services.AddAnalytics();
builder.Services.AddDatabaseHealth();
builder.Services.AddHealth();

var app = builder.Build();

if (Commands.AreRequested(args))
    return await Commands.RunAsync(app, args);

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseSecurityHeaders();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseApiDatabaseOutage();
app.UseStudentHubLocalization();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapHealth();
app.MapAccountEndpoints();
app.MapRosterCsv();
app.MapReports();
app.MapIngestApi();
app.MapTimelineApi();
app.MapApiFallback();
app.MapApiDocs();
// The security headers already forbid framing ('none'); Blazor's own frame-ancestors header would be a second policy.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);

await app.RunAsync();
return 0;
