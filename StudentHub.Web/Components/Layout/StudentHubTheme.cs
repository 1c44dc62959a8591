using MudBlazor;

namespace StudentHub.Web.Components.Layout;

public static class StudentHubTheme
{
    public static readonly MudTheme Theme = new()
    {
        Typography = new Typography
        {
            // System fonts that draw Hangul well on every platform; no web font download.
            Default = new DefaultTypography
            {
                FontFamily = ["Pretendard", "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", "Noto Sans CJK KR", "Roboto", "sans-serif"],
            },
        },
    };
}
