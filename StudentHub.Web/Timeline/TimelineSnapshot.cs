namespace StudentHub.Web.Timeline;

/// <summary>
/// What the timeline page showed when prerendered, handed to the interactive circuit (<c>[PersistentState]</c>) so its
/// first paint shows the same events without reading them again.
/// </summary>
/// <param name="Query">The reader's zone and the view's query string: a snapshot of another view is not used.</param>
/// <param name="Next">The cursor after the last event, as text; null at the oldest.</param>
public sealed record TimelineSnapshot(
    Guid StudentId,
    string StudentName,
    string Query,
    IReadOnlyList<TimelineEvent> Events,
    string? Next,
    IReadOnlyList<InterventionMark> Marks);
