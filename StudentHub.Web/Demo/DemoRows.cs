using StudentHub.Data.Entities;

namespace StudentHub.Web.Demo;

/// <summary>What the seeder keeps of a student once the row is written.</summary>
/// <param name="ActiveUntil">Now, or the graduation ceremony for a graduate: the student's events are the year before it.</param>
internal sealed record DemoStudent(int Index, Guid Id, int Grade, bool Graduated, DateTime ActiveUntil, bool WantsDailyReport)
{
    public DateTime ActiveFrom => ActiveUntil.AddMonths(-12);
}

/// <summary>One <c>learning_history</c> row; times are UTC.</summary>
internal readonly record struct DemoEvent(
    DateTime OccurredAt, DateTime CreatedAt, EventType EventType, int SourceNode, string SourceId, string Content);

/// <summary>One <c>interventions</c> row, its JSON columns already serialized.</summary>
internal sealed record DemoIntervention(
    Guid Id,
    Guid StudentId,
    InterventionType Type,
    InterventionStatus Status,
    string WeakAreas,
    string LearningPath,
    string Progress,
    DateTime CreatedAt,
    DateTime? CompletedAt,
    DateTime? ProgressedAt);
