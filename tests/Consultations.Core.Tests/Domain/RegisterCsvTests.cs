using System.Text;
using Consultations.Core.Domain;

namespace Consultations.Core.Tests.Domain;

public sealed class RegisterCsvTests
{
    private static readonly IReadOnlyList<StakeholderGroup> Groups = StakeholderGroup.Defaults;

    [Fact]
    public void A_spreadsheet_export_is_read_with_quotes_diacritics_acronyms_and_blank_lines()
    {
        const string csv = """"
            name,organisation,stakeholder_group,role
            "Reyes, Antonio",PLDT,telecoms,"Head, Cyber Defense"
            Nguyễn Thị Lan,Department of Information and Communications Technology (DICT),Government,Director

            Trần Minh Đức,"Viettel ""Cyber Security""",,
              Budi  ,BSSN, GOVERNMENT ,
            ,,,
            """";

        var result = Parse(csv);

        Assert.True(result.Succeeded, string.Join(" | ", result.Errors));
        Assert.Equal(
        [
            new ParticipantEntry("Reyes, Antonio", "PLDT", "telecoms", "Head, Cyber Defense", 2),
            new ParticipantEntry("Nguyễn Thị Lan", "Department of Information and Communications Technology (DICT)", "government", "Director", 3),
            new ParticipantEntry("Trần Minh Đức", "Viettel \"Cyber Security\"", null, "", 5),
            new ParticipantEntry("Budi", "BSSN", "government", "", 6),
        ], result.Entries);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Utf8_is_read_with_or_without_a_byte_order_mark(bool bom)
    {
        var bytes = new UTF8Encoding(bom).GetPreamble().Concat(Encoding.UTF8.GetBytes("name,organisation\r\nPhạm Thu Hằng,MIC\r\n")).ToArray();

        var result = RegisterCsv.Parse(bytes, Groups);

        Assert.Equal("Phạm Thu Hằng", Assert.Single(result.Entries).Name);
    }

    [Fact]
    public void Utf16_with_a_byte_order_mark_is_read_too() =>
        Assert.Equal("Đức", Assert.Single(RegisterCsv.Parse(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("name\nĐức\n")).ToArray(), Groups).Entries).Name);

    [Fact]
    public void Columns_may_come_in_any_order_with_any_case_and_the_american_spelling()
    {
        var result = Parse("Role,Organization,Name,Stakeholder Group\nCISO,PLDT,Antonio Reyes,Telecommunications\n");

        Assert.Equal(new ParticipantEntry("Antonio Reyes", "PLDT", "telecoms", "CISO", 2), Assert.Single(result.Entries));
    }

    [Fact]
    public void An_unknown_group_names_the_row_and_the_allowed_labels_and_keys()
    {
        var result = Parse("name,organisation,stakeholder_group,role\nA,B,government,\nC,D,media,\n");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Row 3:", error, StringComparison.Ordinal);
        Assert.Contains("“media”", error, StringComparison.Ordinal);
        Assert.Contains("“Government” (government), “Armed forces and defence” (armed-forces), “Telecommunications” (telecoms)", error, StringComparison.Ordinal);
        Assert.Contains("“Other private sector” (private-sector)", error, StringComparison.Ordinal);
        Assert.Empty(result.Entries);
        Assert.Empty(result.GroupMatches);
    }

    [Fact]
    public void Groups_written_as_spreadsheets_write_them_are_read_as_their_keys()
    {
        // Row 5's space is a non-breaking one, as text copied from a web page into a spreadsheet carries.
        var csv = $"""
            name,organisation,stakeholder_group,role
            Ana Uno,Bank One,Private sector,
            Ben Dos,NGO Two,Civil society,
            Cid Tres,Bank Three, PRIVATE  SECTOR ,
            Dan Cuatro,NGO Four,Civil{'\u00A0'}society,
            Eva Cinco,Bank Five,private_sector,
            Fe Seis,Bank Six,Other private sector,
            Gil Siete,Carrier,telecoms,
            """;

        var result = Parse(csv);

        Assert.True(result.Succeeded, string.Join(" | ", result.Errors));
        Assert.Equal(
            ["private-sector", "civil-society", "private-sector", "civil-society", "private-sector", "private-sector", "telecoms"],
            result.Entries.Select(e => e.StakeholderGroup));
        Assert.Equal(
        [
            ("Private sector", "private-sector", StakeholderGroupMatchedBy.Key, 1),
            ("Civil society", "civil-society", StakeholderGroupMatchedBy.Label, 1),
            ("PRIVATE  SECTOR", "private-sector", StakeholderGroupMatchedBy.Key, 1),
            ("Civil\u00A0society", "civil-society", StakeholderGroupMatchedBy.Key, 1),
            ("private_sector", "private-sector", StakeholderGroupMatchedBy.Key, 1),
            ("Other private sector", "private-sector", StakeholderGroupMatchedBy.Label, 1),
            ("telecoms", "telecoms", StakeholderGroupMatchedBy.Key, 1),
        ],
        result.GroupMatches.Select(m => (m.Text, m.Match.Group.Key, m.Match.By, m.Rows)));
    }

    [Fact]
    public void Each_distinct_group_text_is_reported_once_with_how_many_rows_wrote_it()
    {
        var result = Parse("name,stakeholder_group\nA,Academia and research\nB,academia\nC,Academia and research\nD,\nE,Academia and research\n");

        Assert.Equal(
            [("Academia and research", StakeholderGroupMatchedBy.Label, 3), ("academia", StakeholderGroupMatchedBy.Key, 1)],
            result.GroupMatches.Select(m => (m.Text, m.Match.By, m.Rows)));
        Assert.All(result.GroupMatches, m => Assert.Equal("academia", m.Match.Group.Key));
    }

    [Fact]
    public void Every_bad_row_is_reported_by_its_spreadsheet_row_number_and_nothing_is_returned()
    {
        var result = Parse($"name,organisation\nGood Person,Org\n\n,Nameless Org\nToo,Many,Values,Here,Really\n{new string('x', 201)},Org\n");

        Assert.Empty(result.Entries);
        Assert.Collection(
            result.Errors,
            e => Assert.StartsWith("Row 4: A participant needs a name", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Row 5: 5 values for 2 columns", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Row 6: A participant needs a name of 1 to 200", e, StringComparison.Ordinal));
    }

    [Fact]
    public void An_unclosed_quote_is_reported_with_its_row()
    {
        var result = Parse("name,organisation\nAntonio Reyes,PLDT\n\"Maria Santos,DICT\nBudi,BSSN\n");

        Assert.StartsWith("Row 3: a double quote is not closed", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "The file is empty.")]
    [InlineData("name,organisation\n", "The file has a header row but no participants.")]
    [InlineData("Antonio Reyes,PLDT\nMaria Santos,DICT\n", "is not one this import knows")]
    [InlineData("organisation,role\nPLDT,CISO\n", "at least a “name” column")]
    [InlineData("name,name\nA,B\n", "appears twice")]
    public void Files_without_a_usable_header_or_rows_are_explained(string csv, string expected) =>
        Assert.Contains(Parse(csv).Errors, e => e.Contains(expected, StringComparison.Ordinal));

    [Fact]
    public void Text_that_is_not_utf8_is_refused_with_how_to_save_it()
    {
        var latin1 = new byte[] { (byte)'n', (byte)'a', (byte)'m', (byte)'e', (byte)'\n', (byte)'J', 0xF6, (byte)'r', (byte)'g', (byte)'\n' };

        Assert.Contains("CSV UTF-8", Assert.Single(RegisterCsv.Parse(latin1, Groups).Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        var big = new byte[RegisterCsv.MaxBytes + 1];

        Assert.Contains("the limit is 1 MB", Assert.Single(RegisterCsv.Parse(big, Groups).Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_parsed_file_imports_into_a_register_with_one_history_entry()
    {
        var register = ParticipantRegister.Create(TestData.Consultation(TestData.Programme()), TestData.Lead, TestData.T0);
        var result = Parse("name,organisation,stakeholder_group\nA One,Org,cert\nB Two,Org,cert\nC Three,Org,academia\n");

        register.AddRange(result.Entries, TestData.Facilitator, TestData.T0);

        Assert.Equal(3, register.Participants.Count);
        Assert.Equal(new Dictionary<string, int> { ["cert"] = 2, ["academia"] = 1 }, register.GroupCounts());
        Assert.Equal(RegisterAction.Imported, Assert.Single(register.History).Action);
    }

    private static RegisterCsvResult Parse(string csv) => RegisterCsv.Parse(Encoding.UTF8.GetBytes(csv), Groups);
}
