using StudentHub.Data.Entities;

namespace StudentHub.Web.Demo;

/// <summary>
/// The role each of the six source nodes plays in the demo data: which events it reports, how its sessions
/// are named (<c>source_id</c>) and sized, and when students use it.
/// </summary>
/// <param name="Share">Fraction of sessions that happen on this node.</param>
/// <param name="SecondaryEventType">Reported instead of <paramref name="EventType"/> with probability <paramref name="SecondaryShare"/>.</param>
/// <param name="TargetsWeakConcepts">Review and coaching nodes steer a student to the concepts they are worst at.</param>
/// <param name="DuringSchoolHours">Tests and assessments are sat in class, on weekdays; everything else after school or at weekends.</param>
internal sealed record SourceNode(
    int Number,
    string SourceIdPrefix,
    double Share,
    EventType EventType,
    EventType? SecondaryEventType,
    double SecondaryShare,
    int MinEventsPerSession,
    int MaxEventsPerSession,
    bool TargetsWeakConcepts,
    bool DuringSchoolHours)
{
    public static readonly IReadOnlyList<SourceNode> All =
    [
        // Study (개념 학습): lessons with practice problems.
        new(1, "STUDY_SESSION_", 0.30, EventType.Study, EventType.Review, 0.15, 3, 8, false, false),
        // Test (단원 평가): unit tests sat in class.
        new(2, "TEST_", 0.10, EventType.Test, null, 0, 1, 1, false, true),
        // Review (오답 복습): retrying mistakes.
        new(3, "REVIEW_SESSION_", 0.17, EventType.Review, EventType.Study, 0.10, 2, 6, true, false),
        // Lab (탐구 실험실): exploratory problem solving, the design document's node 4.
        new(4, "LAB_SESSION_", 0.23, EventType.Study, EventType.Review, 0.10, 3, 7, false, false),
        // Assessment (진단 평가): diagnostic assessments.
        new(5, "ASSESSMENT_", 0.08, EventType.Assessment, null, 0, 1, 1, false, true),
        // Coaching (맞춤 개입): tutoring sessions that carry out interventions.
        new(6, "COACHING_SESSION_", 0.12, EventType.Intervention, null, 0, 3, 6, true, false),
    ];

    public static SourceNode Pick(Random random)
    {
        var u = random.NextDouble();
        foreach (var node in All)
        {
            if (u < node.Share)
                return node;
            u -= node.Share;
        }
        return All[^1];
    }
}
