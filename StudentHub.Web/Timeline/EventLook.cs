using Microsoft.AspNetCore.Components;
using MudBlazor;
using StudentHub.Web.Components;
using StudentHub.Data.Entities;

namespace StudentHub.Web.Timeline;

/// <summary>How an event is drawn: one icon and one colour per type, the same on every page that lists events.</summary>
public sealed record EventLook(string Icon, Color Color)
{
    public static readonly EventLook InterventionStarted = new(Icons.Material.Filled.Flag, Color.Warning);
    public static readonly EventLook InterventionCompleted = new(Icons.Material.Filled.SportsScore, Color.Success);

    private static readonly EventLook Study = new(Icons.Material.Filled.MenuBook, Color.Primary);
    private static readonly EventLook Test = new(Icons.Material.Filled.Quiz, Color.Secondary);
    private static readonly EventLook Intervention = new(Icons.Material.Filled.Psychology, Color.Warning);
    private static readonly EventLook Review = new(Icons.Material.Filled.Replay, Color.Info);
    private static readonly EventLook Assessment = new(Icons.Material.Filled.FactCheck, Color.Tertiary);
    private static readonly EventLook Other = new(Icons.Material.Filled.Event, Color.Default);

    /// <summary>One shared look per type: the markup below is built once, not once per card.</summary>
    public static EventLook Of(EventType type) => type switch
    {
        EventType.Study => Study,
        EventType.Test => Test,
        EventType.Intervention => Intervention,
        EventType.Review => Review,
        EventType.Assessment => Assessment,
        _ => Other,
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

    /// <summary>The icon in a filled avatar of the look's colour, as MudAvatar draws it: one markup frame in a card, not nine.</summary>
    public MarkupString Avatar { get; } = new(
        $"""<div class="mud-avatar mud-avatar-medium mud-avatar-filled mud-avatar-filled-{CssName(Color)} mud-elevation-0" data-testid="event-icon">{IconMarkup.Svg(Icon, "medium")}</div>""");

    /// <summary>The classes of an outlined small chip in the look's colour.</summary>
    public string ChipClass { get; } = $"mud-chip mud-chip-outlined mud-chip-size-small mud-chip-color-{CssName(Color)}";

    /// <summary>The classes of a text chip in a result's colour.</summary>
    public static string ResultChipClass(string result) => ResultChipClasses[ResultColor(result)];

    private static readonly Dictionary<Color, string> ResultChipClasses = Enum.GetValues<Color>()
        .ToDictionary(c => c, c => $"mud-chip mud-chip-text mud-chip-size-small mud-chip-color-{CssName(c)}");
}
