using MudBlazor.Services;
using StudentHub.Web;
using StudentHub.Web.Components;
using StudentHub.Web.Database;
using StudentHub.Web.Demo;
using StudentHub.Web.Home;
using StudentHub.Web.Localization;

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

builder.Services.AddStudentHubLocalization();
builder.Services.AddMudServices();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddDemoData();
builder.Services.AddHome();

var app = builder.Build();

if (Commands.AreRequested(args))
    return await Commands.RunAsync(app, args);

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseStudentHubLocalization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();
return 0;
