namespace StudentHub.Web.Shell;

/// <summary>
/// The last breadcrumb, below the page's drawer entry, when the page names one itself (a student's name under
/// Students), and a linked crumb before it for a page nested under another (Students › name › Timeline):
/// a page sets them with <see cref="PageBreadcrumb"/>, <see cref="ShellBreadcrumbs"/> shows them. One per circuit.
/// </summary>
public sealed class BreadcrumbTrail
{
    private object? _owner;

    public string? PageCrumb { get; private set; }

    /// <summary>The crumb between the drawer entry and <see cref="PageCrumb"/>, with where it links to; null for none.</summary>
    public (string Text, string Href)? ParentCrumb { get; private set; }

    public event Action? Changed;

    public void Set(object owner, string text, (string Text, string Href)? parent = null)
    {
        if (ReferenceEquals(_owner, owner) && PageCrumb == text && ParentCrumb == parent)
            return;
        _owner = owner;
        PageCrumb = text;
        ParentCrumb = parent;
        Changed?.Invoke();
    }

    /// <summary>
    /// Clears the crumb if <paramref name="owner"/> set it: on navigation the next page's crumb may already be set
    /// by the time the previous page is disposed.
    /// </summary>
    public void Clear(object owner)
    {
        if (!ReferenceEquals(_owner, owner))
            return;
        _owner = null;
        PageCrumb = null;
        ParentCrumb = null;
        Changed?.Invoke();
    }
}
