using Consultations.Core.Domain;
using Consultations.Core.Guard;

namespace Consultations.Core.Tests.Guard;

/// <summary>How rapporteurs really mention people: bare names as speakers, short organisation names, roles, ranks, typos.</summary>
public sealed class GuardMentionTests
{
    internal static readonly Participant[] Register =
    [
        new("m1", "Hope Villanueva", "Maxis Broadband Sdn Bhd", "telecoms", "Chief Information Security Officer"),
        new("m2", "Rose Fernandez", "Smart Communications Inc.", "telecoms", "Lieutenant Colonel, Cyber Group"),
        new("m3", "Lim Wei Ling", "Luzon Digital Telecom Corporation (LDTC)", "telecoms", "Undersecretary"),
        new("m4", "Grace Tan", "Asian Institute for Public Policy (AIPP)", "academia", "Deputy Director"),
        new("m5", "Dewi Kartika", "PT Telekomunikasi Nusantara Tbk", "government", "Programme Manager"),
        new("m6", "Paolo Mercado", "Department of Information and Communications Technology (DICT)", "government", "Head of Policy at DICT"),
        new("m7", "Lê Hoàng Nam", "Viet Nam Computer Emergency Response Team (VNCERT)", "cert", "Director"),
        new("m8", "Cristina Angeles", "Los Angeles Data Labs", "technology", null),
    ];

    private static readonly AttributionGuard Guard = new(GuardRegister.Compile(Register, AttributionGuardTests.Key, 3), AttributionGuardTests.Key, 3);

    private static readonly Dictionary<string, int> NoGroups = [];

    public static TheoryData<string, FindingKind, FindingSeverity, string> Found => new()
    {
        // A bare name as the one who speaks, dictionary word or first word of a sentence.
        { "Hope noted that reporting is slow.", FindingKind.Participant, FindingSeverity.Block, "Hope" },
        { "Rose argued for a regional body.", FindingKind.Participant, FindingSeverity.Block, "Rose" },
        { "Lim said the plan works.", FindingKind.Participant, FindingSeverity.Block, "Lim" },
        { "Rose also warned about costs.", FindingKind.Participant, FindingSeverity.Block, "Rose" },
        { "Hope strongly disagreed.", FindingKind.Participant, FindingSeverity.Block, "Hope" },
        { "Grace's view was that it costs too much.", FindingKind.Participant, FindingSeverity.Block, "Grace" },
        { "Then Hope asked who pays.", FindingKind.Participant, FindingSeverity.Block, "Hope" },

        // Organisations said the short way.
        { "Maxis's view was clear.", FindingKind.Organisation, FindingSeverity.Block, "Maxis" },
        { "Maxis already runs a SOC.", FindingKind.Organisation, FindingSeverity.Block, "Maxis" },
        { "Data was shared with Smart in March.", FindingKind.Organisation, FindingSeverity.Warn, "Smart" },
        { "Luzon Digital Telecom runs the exchange.", FindingKind.Organisation, FindingSeverity.Block, "Luzon Digital Telecom" },
        { "A contract with Luzon Telecom was cited.", FindingKind.Organisation, FindingSeverity.Block, "Luzon Telecom" },
        { "Telekomunikasi Nusantara agreed to test it.", FindingKind.Organisation, FindingSeverity.Block, "Telekomunikasi Nusantara" },
        { "Someone from Smart Communications agreed.", FindingKind.Organisation, FindingSeverity.Block, "Smart Communications" },

        // Roles and ranks held by a participant.
        { "The Chief Information Security Officer of a telco said so.", FindingKind.Role, FindingSeverity.Warn, "Chief Information Security Officer" },
        { "The Deputy Director said no.", FindingKind.Role, FindingSeverity.Warn, "Deputy Director" },
        { "the deputy director said no.", FindingKind.Role, FindingSeverity.Warn, "deputy director" },
        { "The Colonel from the cyber group agreed.", FindingKind.Role, FindingSeverity.Warn, "Colonel" },
        { "The Undersecretary spoke first.", FindingKind.Role, FindingSeverity.Warn, "Undersecretary" },
        { "The CISO said it would not scale.", FindingKind.Role, FindingSeverity.Warn, "CISO" },
        { "The agency's programme manager disagreed.", FindingKind.Role, FindingSeverity.Warn, "programme manager" },
        { "The head of policy explained the plan.", FindingKind.Role, FindingSeverity.Warn, "head of policy" },
        { "The Deputy Director of DICT spoke.", FindingKind.Role, FindingSeverity.Block, "Deputy Director" },
        { "DICT's Deputy Director spoke.", FindingKind.Role, FindingSeverity.Block, "Deputy Director" },
        { "The Colonel from the national CERT agreed.", FindingKind.Role, FindingSeverity.Block, "Colonel" },
        { "The deputy director at the Ministry disagreed.", FindingKind.Role, FindingSeverity.Block, "deputy director" },

        // One letter away from a name of six letters or more.
        { "We heard from Fernandes on this.", FindingKind.Participant, FindingSeverity.Warn, "Fernandes" },
        { "Villaneuva was there too.", FindingKind.Participant, FindingSeverity.Warn, "Villaneuva" },
        { "Villanueve was there too.", FindingKind.Participant, FindingSeverity.Warn, "Villanueve" },
        { "Villannueva was there too.", FindingKind.Participant, FindingSeverity.Warn, "Villannueva" },
        { "Mercados was there too.", FindingKind.Participant, FindingSeverity.Warn, "Mercados" },

        // An organisation whose name starts with a place, and a person whose name is part of one.
        { "The Viet Nam Computer Emergency Response Team shared indicators.", FindingKind.Organisation, FindingSeverity.Block, "Viet Nam Computer Emergency Response Team" },
        { "Ms Angeles shared indicators.", FindingKind.Participant, FindingSeverity.Block, "Ms Angeles" },

        // Chinese names, family name first.
        { "Wei Ling presented the survey.", FindingKind.Participant, FindingSeverity.Block, "Wei Ling" },
        { "Ms Lim presented the survey.", FindingKind.Participant, FindingSeverity.Block, "Ms Lim" },
    };

    [Theory]
    [MemberData(nameof(Found))]
    public void Finds_the_mention(string text, FindingKind kind, FindingSeverity severity, string expected)
    {
        var findings = Guard.Check(text, NoGroups);
        var finding = Assert.Single(findings, f => f.Text == expected);
        Assert.Equal(kind, finding.Kind);
        Assert.Equal(severity, finding.Severity);
        Assert.Equal(expected, text.Substring(finding.Start, finding.Length));
    }

    [Theory]
    [InlineData("There was hope remained for a deal.")]
    [InlineData("Hope remained that the law would pass.")]
    [InlineData("Prices rose by 5% and a rose garden opened.")]
    [InlineData("Regulators want smart regulation and grace periods.")]
    [InlineData("A tan line is not a policy.")]
    [InlineData("Typhoons hit Luzon hard last year.")]
    [InlineData("Telecoms in the major cities invest more.")]
    [InlineData("The Ministry and the national Telecom regulator met.")]
    [InlineData("Participants from Asian and Public Policy institutes disagreed.")]
    [InlineData("A senior manager from a bank and a deputy director of a school spoke.")]
    [InlineData("The general public needs smart, digital services.")]
    [InlineData("Smart devices are everywhere.")]
    [InlineData("A programme manager should own the register.")]
    [InlineData("Ms Okonkwo, a visiting speaker, said the same.")]
    [InlineData("Malaysia and Viet Nam said the same.")]
    [InlineData("Flights from Los Angeles were late; Ho Chi Minh City hosted the drill.")]
    [InlineData("Grace periods said nothing about enforcement.")]
    [InlineData("An agreed approach is better.")]
    [InlineData("Hoping for the best, she noted the Fernandina report.")]
    public void Stays_quiet_on_ordinary_text(string text)
    {
        Assert.Empty(Guard.Check(text, NoGroups));
    }

    [Theory]
    [InlineData("The Chief Information Security Officer of a telco said so.", "A senior security manager of a telco said so.")]
    [InlineData("The Deputy Director said no.", "An official said no.")]
    [InlineData("The Colonel from the cyber group agreed.", "An officer from the cyber group agreed.")]
    [InlineData("Hope noted that reporting is slow.", "A telecoms industry representative noted that reporting is slow.")]
    [InlineData("The agency's programme manager disagreed.", "The agency's manager disagreed.")]
    public void Readers_see_a_neutral_description_instead(string text, string masked)
    {
        Assert.Equal(masked, ReaderMask.Apply(text, Guard.Check(text, NoGroups), []));
    }

    [Theory]
    [InlineData("Assistant Secretary for Cybersecurity", "an official")]
    [InlineData("Chief Information Security Officer", "a senior security manager")]
    [InlineData("Lieutenant Colonel, Cyber Group", "an officer")]
    [InlineData("Managing Director", "a senior executive")]
    [InlineData("Senior Lecturer", "an academic")]
    [InlineData("Programme Coordinator", "a manager")]
    [InlineData("Threat Intelligence Analyst", "a specialist")]
    [InlineData("Board Member", "a senior participant")]
    public void A_role_is_described_without_naming_it(string role, string suggestion)
    {
        var register = new[] { new Participant("r1", "Someone Unusual", "Nowhere Particular", null, role) };
        var guard = new AttributionGuard(GuardRegister.Compile(register, AttributionGuardTests.Key, 3), AttributionGuardTests.Key, 3);
        var title = role.Split(',')[0];

        var finding = Assert.Single(guard.Check($"We heard the {title} twice.", NoGroups));
        Assert.Equal(FindingKind.Role, finding.Kind);
        Assert.Equal(suggestion, finding.Suggestion);
    }

    [Fact]
    public void A_blocking_role_identifies_and_a_warning_role_does_not()
    {
        Assert.Contains(Guard.Check("The Deputy Director of DICT spoke.", NoGroups), f => f.Kind == FindingKind.Role && f.Identifies());
        Assert.DoesNotContain(Guard.Check("The Deputy Director spoke.", NoGroups), f => f.Identifies());
    }

    [Fact]
    public void A_purged_register_still_knows_roles_short_forms_and_near_misses()
    {
        // The compiled register holds keyed hashes only; a guard rebuilt from it alone finds the same things.
        var compiled = GuardRegister.Compile(Register, AttributionGuardTests.Key, 3);
        var text = "Maxis's view: the Colonel agreed, Fernandes disagreed and Hope noted the cost.";
        var fromCompiled = new AttributionGuard(compiled, AttributionGuardTests.Key, 3).Check(text, NoGroups);

        Assert.Equal(Guard.Check(text, NoGroups), fromCompiled);
        Assert.Equal(["Maxis", "Colonel", "Fernandes", "Hope"], fromCompiled.Select(f => f.Text));
        Assert.DoesNotContain(compiled.Patterns, p => Register.Any(r => p.Tokens.Contains(r.Name.Split(' ')[0], StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Near_misses_are_only_looked_for_on_long_name_words()
    {
        var register = new[] { new Participant("s1", "Ana Lee", "Kalasag", "telecoms", null) };
        var guard = new AttributionGuard(GuardRegister.Compile(register, AttributionGuardTests.Key, 3), AttributionGuardTests.Key, 3);

        Assert.Empty(guard.Check("Anna Lea attended.", NoGroups));
        Assert.Single(guard.Check("Kalasag attended.", NoGroups));
    }
}
