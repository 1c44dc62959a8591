namespace StudentHub.Data.Entities;

/// <summary>A learning intervention planned for a student (table <c>interventions</c>).</summary>
public class Intervention
{
    public Guid Id { get; set; }
    public Guid StudentId { get; set; }
    public InterventionType Type { get; set; }
    public List<WeakArea> WeakAreas { get; set; } = [];
    public List<LearningPathStep> LearningPath { get; set; } = [];
    public InterventionStatus Status { get; set; } = InterventionStatus.Active;
    public InterventionProgress Progress { get; set; } = new();
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>When a step was last ticked done (or undone): an active intervention untouched for long is "stalled". Null until then.</summary>
    public DateTimeOffset? ProgressedAt { get; set; }

    /// <summary>For an <see cref="InterventionType.Auto"/> intervention, what the hub saw that made it; null for one a person made.</summary>
    public InterventionEvidence? Evidence { get; set; }

    /// <summary>PostgreSQL's <c>xmin</c>: changes with every update, so a save over someone else's newer save is detected.</summary>
    public uint Version { get; set; }

    public Student? Student { get; set; }
}

public enum InterventionType
{
    Auto,
    TeacherRequested,
}

public enum InterventionStatus
{
    Active,
    Paused,
    Completed,
    Cancelled,
}

public class WeakArea
{
    public string Concept { get; set; } = "";
    public double CurrentMastery { get; set; }
    public double TargetMastery { get; set; } = 0.85;
    public int Priority { get; set; }
}

public class LearningPathStep
{
    public int Step { get; set; }

    /// <summary>review_concept, practice, assessment, or a custom activity.</summary>
    public string Activity { get; set; } = "";

    public string? Concept { get; set; }
    public string? ProblemSetId { get; set; }
    public int? NumProblems { get; set; }

    /// <summary>Seconds.</summary>
    public int EstimatedDuration { get; set; }

    /// <summary>When the step was ticked done; null while it is still to do. <see cref="Intervention.Progress"/> counts these.</summary>
    public DateTimeOffset? CompletedAt { get; set; }
}

public class InterventionProgress
{
    public int Completed { get; set; }
    public int Total { get; set; }
}
