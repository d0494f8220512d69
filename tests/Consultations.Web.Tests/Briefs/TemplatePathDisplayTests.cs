using Consultations.Testing.Web;
using Consultations.Web.Briefs;

namespace Consultations.Web.Tests.Briefs;

/// <summary>The template admin page names the template's folder relative to the data folder, never the server's absolute path.</summary>
public sealed class TemplatePathDisplayTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_admin_page_shows_the_template_path_relative_to_the_data_folder()
    {
        using var admin = await app.SignedInClientAsync("demo-admin");
        var page = await admin.GetOkAsync("/briefs/template");
        var status = page.Document.QuerySelector("[data-testid=template-status]")!.TextContent;

        Assert.Contains("<data folder>/brief-templates/brief.cshtml", status, StringComparison.Ordinal);
        Assert.DoesNotContain(app.DataDirectory, page.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/srv/data/brief-templates/brief.cshtml", "<data folder>/brief-templates/brief.cshtml")]
    [InlineData("/srv/app/templates/brief.cshtml", "<app folder>/templates/brief.cshtml")]
    [InlineData("/etc/elsewhere/brief.cshtml", "<configured folder>/brief.cshtml")]
    [InlineData("/srv/data-other/brief.cshtml", "<configured folder>/brief.cshtml")]
    public void Paths_are_described_from_the_folder_they_are_in(string path, string expected) =>
        Assert.Equal(expected, BriefTemplateFileProvider.Describe(path, "/srv/data", "/srv/app"));
}
