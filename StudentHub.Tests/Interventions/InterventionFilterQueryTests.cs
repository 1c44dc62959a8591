using StudentHub.Data.Entities;
using StudentHub.Web.Interventions;

namespace StudentHub.Tests.Interventions;

/// <summary>The list's filter as URL parameters: every part round-trips, and what does not read is dropped rather than failing the page.</summary>
public class InterventionFilterQueryTests
{
    [Fact]
    public void EveryPart_RoundTripsThroughTheUrl()
    {
        var filter = new InterventionFilter(InterventionStatus.Paused, InterventionType.TeacherRequested, "SCH001", 7, "분수의 덧셈",
            new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), StalledOnly: true);

        var parameters = InterventionFilterQuery.ToParameters(filter);

        Assert.Equal("paused", parameters[InterventionFilterQuery.Status]);
        Assert.Equal("teacher_requested", parameters[InterventionFilterQuery.Type]);
        Assert.Equal("2026-03-01", parameters[InterventionFilterQuery.From]);
        Assert.Equal("yes", parameters[InterventionFilterQuery.Stalled]);
        Assert.Equal(filter, InterventionFilterQuery.FromQuery(name => parameters[name] as string));
        Assert.All(InterventionFilterQuery.ToParameters(InterventionFilter.None).Values, Assert.Null);
    }

    [Fact]
    public void MalformedValues_AreDropped_AndABackwardsRangeIsTurnedAround()
    {
        var query = new Dictionary<string, string?>
        {
            [InterventionFilterQuery.Status] = "finished",
            [InterventionFilterQuery.Type] = "Auto",
            [InterventionFilterQuery.Grade] = "13",
            [InterventionFilterQuery.School] = "  ",
            [InterventionFilterQuery.Concept] = " 도형 ",
            [InterventionFilterQuery.From] = "2026-03-31",
            [InterventionFilterQuery.To] = "2026-03-01",
            [InterventionFilterQuery.Stalled] = "1",
        };

        var filter = InterventionFilterQuery.FromQuery(name => query.GetValueOrDefault(name));

        Assert.Equal(new InterventionFilter(Concept: "도형", CreatedFrom: new DateOnly(2026, 3, 1), CreatedTo: new DateOnly(2026, 3, 31)), filter);
    }
}
