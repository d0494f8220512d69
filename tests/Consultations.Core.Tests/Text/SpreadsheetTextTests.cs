using Consultations.Core.Text;

namespace Consultations.Core.Tests.Text;

public sealed class SpreadsheetTextTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rx", "'\rx")]
    [InlineData("  =1+1", "'  =1+1")]
    [InlineData("\u00A0-1", "'\u00A0-1")]
    [InlineData("\n@x", "'\n@x")]
    [InlineData("-", "'-")]
    [InlineData("", "")]
    [InlineData("   ", "   ")]
    [InlineData("Information sharing", "Information sharing")]
    [InlineData("co-operation – 3 countries", "co-operation – 3 countries")]
    [InlineData("a=b", "a=b")]
    [InlineData("'=1", "'=1")]
    [InlineData("12", "12")]
    [InlineData("Việt Nam", "Việt Nam")]
    public void Neutralise_prefixes_only_what_a_spreadsheet_could_run(string value, string expected) =>
        Assert.Equal(expected, SpreadsheetText.Neutralise(value));
}
