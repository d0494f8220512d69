using Consultations.Core.Domain;
using Consultations.Core.Guard;

namespace Consultations.Core.Tests.Guard;

public sealed class AttributionGuardTests
{
    internal static readonly GuardKey Key = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    internal static readonly Participant[] Register =
    [
        new("p1", "Phạm Thu Hằng", "Ministry of Information and Communications (MIC)", "government", "Director"),
        new("p2", "Antonio Reyes", "PLDT", "telecoms", null),
        new("p3", "Ana Maria Delos Santos", "Department of Information and Communications Technology (DICT)", "government", null),
        new("p4", "Joy Faith Lim", "EngageMedia", "civil-society", null),
        new("p5", "Nurul Izzah binti Hassan", "Universiti Malaya", "academia", null),
        new("p6", "Mei Ling Tan", "Cyber Security Malaysia", "cert", null),
        new("p7", "Juan Dela Cruz", "Globe Telecom", "telecoms", null),
        new("p8", "Budi", "Badan Siber dan Sandi Negara (BSSN)", "government", null),
        new("p9", "Trần Minh Đức", "Viettel", "telecoms", null),
        new("p10", "Josefina Macaraeg", "Central Bank Technology Risk Supervision Department (CB-TRSD)", "government", null),
        new("p11", "Rudi Hartono", "Ministry of Communication and Informatics (Kominfo)", "government", null),
    ];

    internal static readonly AttributionGuard Guard = new(GuardRegister.Compile(Register, Key, 3), Key, 3);

    public static TheoryData<string, FindingKind, string> Found => new()
    {
        // text, expected kind, expected matched text
        { "Thu Hằng said the ministry would consult.", FindingKind.Participant, "Thu Hằng" },
        { "Thu Hang said the ministry would consult.", FindingKind.Participant, "Thu Hang" },
        { "PHAM THU HANG raised standards.", FindingKind.Participant, "PHAM THU HANG" },
        { "As Phạm   Thu\nHằng put it, adopt then adapt.", FindingKind.Participant, "Phạm   Thu\nHằng" },
        { "Chị Hằng disagreed.", FindingKind.Participant, "Chị Hằng" },
        { "We heard Reyes's view on peering.", FindingKind.Participant, "Reyes" },
        { "Reyes' view was different.", FindingKind.Participant, "Reyes" },
        { "Reyes, Antonio argued for sandboxes.", FindingKind.Participant, "Reyes, Antonio" },
        { "Mr. Reyes noted the cost.", FindingKind.Participant, "Mr. Reyes" },
        { "the DICT should lead", FindingKind.Organisation, "DICT" },
        { "PLDT already runs a SOC.", FindingKind.Organisation, "PLDT" },
        { "Someone at the Ministry of Information and Communications agreed.", FindingKind.Organisation, "Ministry of Information and Communications" },
        { "MIC will publish guidance.", FindingKind.Organisation, "MIC" },
        { "Dr Nurul emphasised training.", FindingKind.Participant, "Dr Nurul" },
        { "Nurul Izzah spoke about inclusion.", FindingKind.Participant, "Nurul Izzah" },
        { "Nurul Izzah Hassan spoke.", FindingKind.Participant, "Nurul Izzah Hassan" },
        { "Delos Santos proposed a registry.", FindingKind.Participant, "Delos Santos" },
        { "Ms Delos Santos proposed a registry.", FindingKind.Participant, "Ms Delos Santos" },
        { "Juan Dela Cruz asked about funding.", FindingKind.Participant, "Juan Dela Cruz" },
        { "Dela Cruz asked about funding.", FindingKind.Participant, "Dela Cruz" },
        { "Ms Tan from the CERT agreed.", FindingKind.Participant, "Ms Tan" },
        { "Pak Budi shared a case.", FindingKind.Participant, "Pak Budi" },
        { "Budi shared a case.", FindingKind.Participant, "Budi" },
        { "BSSN shared a case.", FindingKind.Organisation, "BSSN" },
        { "Engr. Lim presented.", FindingKind.Participant, "Engr. Lim" },
        { "Lim presented the map.", FindingKind.Participant, "Lim" },
        { "Anh Đức said it first.", FindingKind.Participant, "Anh Đức" },
        { "Ong Duc said it first.", FindingKind.Participant, "Ong Duc" },
        { "Tran Minh Duc said it first.", FindingKind.Participant, "Tran Minh Duc" },
        { "EngageMedia ran the survey.", FindingKind.Organisation, "EngageMedia" },
        { "Viettel ran the survey.", FindingKind.Organisation, "Viettel" },
        { "email a.reyes@pldt.example for the slides", FindingKind.Contact, "a.reyes@pldt.example" },
        { "Call +63 2 8888 1234 after the session.", FindingKind.Contact, "+63 2 8888 1234" },
        { "Call 0917 123 4567 after the session.", FindingKind.Contact, "0917 123 4567" },
        { "Call (02) 8888-1234 after the session.", FindingKind.Contact, "(02) 8888-1234" },
        { "See https://example.org/profile/reyes for more.", FindingKind.Contact, "https://example.org/profile/reyes" },
        { "Follow @areyes_ph on the platform.", FindingKind.Contact, "@areyes_ph" },
        { "Later, Joy said it again.", FindingKind.Participant, "Joy" },
        { "The CB-TRSD issued a circular.", FindingKind.Organisation, "CB-TRSD" },
        { "The CB TRSD issued a circular.", FindingKind.Organisation, "CB TRSD" },
        { "Kominfo issued a circular.", FindingKind.Organisation, "Kominfo" },
        { "The kominfo circular was read out.", FindingKind.Organisation, "kominfo" },
    };

    [Theory]
    [MemberData(nameof(Found))]
    public void Finds_what_could_identify_a_speaker(string text, FindingKind kind, string matched)
    {
        var finding = Assert.Single(Guard.Check(text), f => f.Kind == kind);

        Assert.Equal(matched, text.Substring(finding.Start, finding.Length));
        Assert.Equal(matched, finding.Text);
        Assert.False(string.IsNullOrWhiteSpace(finding.Suggestion));
    }

    [Theory]
    [InlineData("we need faith and joy in the process")]
    [InlineData("Joy and faith matter, said one delegate.")]
    [InlineData("Mark the date: media literacy is a priority.")]
    [InlineData("Reyesa is a different word, as is Reyesville.")]
    [InlineData("Tan Sri Abdullah opened the session.")]
    [InlineData("They hang the banner, then tan in the sun.")]
    [InlineData("The 2023-2028 strategy follows ISO/IEC 27001 and NIST CSF v2.0.")]
    [InlineData("A government agency should lead; the ministry agreed.")]
    [InlineData("The mic was off during the telecoms discussion.")]
    [InlineData("Information and communications technology is a development priority.")]
    [InlineData("Officials from several ministries spoke, as did many academics.")]
    public void Stays_quiet_on_ordinary_text(string text)
    {
        var findings = Guard.Check(text, new Dictionary<string, int> { ["government"] = 5, ["academia"] = 4 });

        Assert.True(findings.Count == 0, string.Join("; ", findings.Select(f => $"{f.Kind} '{f.Text}'")));
    }

    [Fact]
    public void A_group_label_is_flagged_when_fewer_than_k_participants_share_it()
    {
        const string text = "A civil society participant argued for open data, and academics agreed.";

        var findings = Guard.Check(text, new Dictionary<string, int> { ["civil-society"] = 1, ["academia"] = 5 });

        var finding = Assert.Single(findings);
        Assert.Equal(FindingKind.SmallGroup, finding.Kind);
        Assert.Equal("A civil society participant", finding.Text);
        Assert.Equal("a participant", finding.Suggestion);
        Assert.Empty(Guard.Check(text, new Dictionary<string, int> { ["civil-society"] = 3, ["academia"] = 5 }));
    }

    [Fact]
    public void Register_counts_are_the_default_group_counts()
    {
        // The register has one academic: "academics" points at her.
        var finding = Assert.Single(Guard.Check("Two academics argued the point."));

        Assert.Equal(FindingKind.SmallGroup, finding.Kind);
    }

    [Fact]
    public void Suggestions_never_name_a_group_too_small_to_hide_in()
    {
        var lim = Assert.Single(Guard.Check("Lim argued for it."));
        var hang = Assert.Single(Guard.Check("Thu Hằng argued for it."));

        // One civil-society participant is too few to hide in (k = 3); three government people are enough.
        Assert.Equal("a participant", lim.Suggestion);
        Assert.Equal("a government representative", hang.Suggestion);
    }

    [Fact]
    public void Spans_are_utf16_positions_in_the_original_text_and_replacement_reads_naturally()
    {
        const string text = "🙂 Nguyễn said nothing; Thu Hằng's proposal won.";

        var finding = Assert.Single(Guard.Check(text));

        Assert.Equal(text.IndexOf("Thu", StringComparison.Ordinal), finding.Start);
        Assert.Equal("Thu Hằng".Length, finding.Length);
        Assert.Equal("🙂 Nguyễn said nothing; a government representative's proposal won.", AttributionGuard.ApplySuggestions(text, [finding]));
    }

    [Fact]
    public void Severity_is_block_for_names_and_warn_for_an_ambiguous_first_name()
    {
        Assert.Equal(FindingSeverity.Block, Assert.Single(Guard.Check("Antonio Reyes spoke.")).Severity);
        Assert.Equal(FindingSeverity.Warn, Assert.Single(Guard.Check("Then Antonio spoke.")).Severity);
        Assert.Equal(FindingSeverity.Warn, Assert.Single(Guard.Check("Later, Joy spoke.")).Severity);
    }

    [Fact]
    public void Another_key_recognises_nothing_from_a_register_hashed_with_this_one()
    {
        var otherKey = GuardKey.Generate();
        var guard = new AttributionGuard(GuardRegister.Compile(Register, Key, 3), otherKey, 3);

        Assert.DoesNotContain(guard.Check("Antonio Reyes of PLDT spoke."), f => f.Kind is FindingKind.Participant or FindingKind.Organisation);
    }

    [Fact]
    public void The_compiled_register_holds_no_name_or_organisation_in_clear()
    {
        var compiled = GuardRegister.Compile(Register, Key, 3);
        var json = Consultations.Core.Storage.DocumentJson.Serialize(compiled);

        foreach (var word in new[] { "reyes", "antonio", "pldt", "hang", "nurul", "engagemedia", "dict", "santos" })
        {
            Assert.DoesNotContain(word, json, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Findings_carry_a_stable_key_without_the_text()
    {
        var a = Assert.Single(Guard.Check("Reyes spoke."));
        var b = Assert.Single(Guard.Check("Later Reyes spoke again."));

        Assert.Equal(a.Key, b.Key);
        Assert.DoesNotContain("reyes", a.Key, StringComparison.OrdinalIgnoreCase);
    }
}
