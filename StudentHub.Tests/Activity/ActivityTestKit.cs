using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using StudentHub.Data.Entities;
using StudentHub.Tests.Infrastructure;
using StudentHub.Tests.Shell;
using StudentHub.Web.Activity;
using StudentHub.Web.Security;

namespace StudentHub.Tests.Activity;

/// <summary>The activity service as a given reader sees it, on a stopped clock.</summary>
public static class ActivityTestKit
{
    public static RecentActivity Teacher(DatabaseFixture database, string userId, DateTimeOffset now) =>
        Service(database, AppComponentTest.Principal(userId, userId + "@school.kr", Roles.Teacher), now);

    public static RecentActivity Staff(DatabaseFixture database, DateTimeOffset now) =>
        Service(database, AppComponentTest.Principal("staff-activity", "staff@school.kr", Roles.Staff), now);

    private static RecentActivity Service(DatabaseFixture database, ClaimsPrincipal user, DateTimeOffset now)
    {
        var currentUser = new CurrentUser(new HttpContextAccessor());
        currentUser.Set(user);
        var factory = database.ContextFactory();
        return new RecentActivity(factory, new SchoolScope(currentUser, factory), new StoppedClock(now));
    }
}
