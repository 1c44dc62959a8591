using Microsoft.AspNetCore.Components;

namespace StudentHub.Web.Components;

/// <summary>One part of a record in a <see cref="ConflictTable"/>: theirs (in the database now) and mine (this page's).</summary>
public sealed record ConflictRow(string Key, string Label, RenderFragment Theirs, RenderFragment Mine, bool Differs);
