using MudBlazor;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Timeline;

/// <summary>How an event is drawn: one icon and one colour per type, the same on every page that lists events.</summary>
public sealed record EventLook(string Icon, Color Color)
{
    public static readonly EventLook InterventionStarted = new(Icons.Material.Filled.Flag, Color.Warning);
    public static readonly EventLook InterventionCompleted = new(Icons.Material.Filled.SportsScore, Color.Success);

    public static EventLook Of(EventType type) => type switch
    {
        EventType.Study => new(Icons.Material.Filled.MenuBook, Color.Primary),
        EventType.Test => new(Icons.Material.Filled.Quiz, Color.Secondary),
        EventType.Intervention => new(Icons.Material.Filled.Psychology, Color.Warning),
        EventType.Review => new(Icons.Material.Filled.Replay, Color.Info),
        EventType.Assessment => new(Icons.Material.Filled.FactCheck, Color.Tertiary),
        _ => new(Icons.Material.Filled.Event, Color.Default),
    };

    /// <summary>The colour of a result chip; a result the hub does not know stays neutral.</summary>
    public static Color ResultColor(string? result) => result switch
    {
        "correct" => Color.Success,
        "incorrect" => Color.Error,
        "partial" => Color.Warning,
        _ => Color.Default,
    };

    /// <summary>A colour as MudBlazor's CSS classes name it (<c>mud-chip-color-primary</c>), for markup drawn without its components.</summary>
    public static string CssName(Color color) => color.ToString().ToLowerInvariant();
}
