namespace StudentHub.Data.Entities;

/// <summary>A student's master record (table <c>students</c>), the single source of truth the other nodes read.</summary>
public class Student
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string SchoolId { get; set; } = "";
    public int Grade { get; set; }
    public string? ClassName { get; set; }
    public string? StudentNumber { get; set; }
    public string? Email { get; set; }
    public string? ParentContact { get; set; }
    public StudentMetadata Metadata { get; set; } = new();
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Not in the design document: anonymization counts five years from graduation, not from enrolment.</summary>
    public DateOnly? GraduatedAt { get; set; }

    /// <summary>PostgreSQL's <c>xmin</c>: changes with every update, so a save over someone else's newer save is detected.</summary>
    public uint Version { get; set; }

    public List<LearningEvent> LearningEvents { get; set; } = [];
    public List<Intervention> Interventions { get; set; } = [];
    public List<ScheduledTask> ScheduledTasks { get; set; } = [];
}
