using Microsoft.AspNetCore.Components;

namespace StudentHub.Web.Components;

/// <summary>
/// MudBlazor icons drawn as MudIcon draws them, as markup: one frame where a component would cost its own render
/// tree in every circuit (docs/benchmarks.md, circuits). For parts drawn on every page or many times on one.
/// </summary>
public static class IconMarkup
{
    /// <param name="icon">The icon's SVG content (<c>Icons.Material.Filled.…</c>).</param>
    /// <param name="size">MudBlazor's size name: small, medium or large.</param>
    /// <param name="classes">Further classes of the svg element.</param>
    public static string Svg(string icon, string size, string? classes = null) =>
        $"""<svg class="mud-icon-root mud-svg-icon mud-icon-size-{size}{(classes is null ? "" : " " + classes)}" focusable="false" viewBox="0 0 24 24" aria-hidden="true">{icon}</svg>""";

    /// <summary><see cref="Svg"/> as a markup frame.</summary>
    public static MarkupString Of(string icon, string size, string? classes = null) => new(Svg(icon, size, classes));
}
