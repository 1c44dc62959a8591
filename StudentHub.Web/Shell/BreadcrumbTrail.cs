namespace StudentHub.Web.Shell;

/// <summary>
/// The last breadcrumb, below the page's drawer entry, when the page names one itself (a student's name under
/// Students): a page sets it with <see cref="PageBreadcrumb"/>, <see cref="ShellBreadcrumbs"/> shows it. One per circuit.
/// </summary>
public sealed class BreadcrumbTrail
{
    private object? _owner;

    public string? PageCrumb { get; private set; }

    public event Action? Changed;

    public void Set(object owner, string text)
    {
        if (ReferenceEquals(_owner, owner) && PageCrumb == text)
            return;
        _owner = owner;
        PageCrumb = text;
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
        Changed?.Invoke();
    }
}
