using System.Globalization;
using System.Text.RegularExpressions;
using Consultations.Core.Analysis;
using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Core.Text;

namespace Consultations.Core.Import;

/// <summary>What the planner needs besides the file: where the notes go and the checks each proposed note gets.</summary>
/// <param name="Programme">The programme: its taxonomy and stakeholder groups name what the file's columns may say.</param>
/// <param name="Consultation">The consultation the notes go to: its sessions are what headings and session columns match.</param>
/// <param name="DefaultSessionId">The session for rows before any heading or session column names one; null leaves them to the person.</param>
/// <param name="Guard">The consultation's attribution guard, run on every row's text.</param>
/// <param name="Suggester">Theme suggestions for rows whose file names no theme; null for none.</param>
/// <param name="Existing">What the consultation holds already.</param>
public sealed record ImportContext(
    Programme Programme,
    Consultation Consultation,
    string? DefaultSessionId,
    Func<string, IReadOnlyList<GuardFinding>> Guard,
    ThemeSuggester? Suggester,
    ImportExisting Existing);

/// <summary>
/// Turns a file's blocks into proposed notes: headings (and a spreadsheet's session column) steer rows to sessions, a
/// leading "Recommendation:" or a quoted paragraph sets the kind, columns name groups and themes, and every row gets the
/// guard's findings, its problems and its stable key. Nothing is saved here.
/// </summary>
public static partial class ImportPlanner
{
    /// <summary>Suggestions weaker than this are not offered (as in the note form).</summary>
    public const double MinimumSuggestionScore = 0.2;

    public const int MaxSuggestedThemes = 3;

    public static ImportPlan Plan(ImportDocument document, ImportContext context, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(context);
        var consultation = context.Consultation;
        if (context.DefaultSessionId is { } chosen && consultation.FindSession(chosen) is null)
        {
            throw new DomainRuleException("That session is not one of this consultation's.");
        }

        var sessions = new SessionMatcher(consultation, context.Programme.Taxonomy);
        var currentSession = context.DefaultSessionId;
        var pending = new List<(ImportBlock Block, string? Session)>();
        var unmatched = new List<string>();
        foreach (var block in document.Blocks)
        {
            if (block.Kind == ImportBlockKind.Heading)
            {
                if (sessions.Match(block.Text) is { } session)
                {
                    currentSession = session;
                }
                else if (!string.IsNullOrWhiteSpace(block.Text) && unmatched.Count < 50)
                {
                    unmatched.Add(ImportPlan.Shorten(block.Text.Trim()));
                }

                continue;
            }

            pending.Add((block, currentSession));
        }

        // Rows are independent once headings have set their sessions: the guard and the suggestions run on every core.
        var rows = new ImportRow[pending.Count];
        var done = 0;
        Parallel.For(0, pending.Count, i =>
        {
            rows[i] = PlanRow(pending[i].Block, i + 1, pending[i].Session, sessions, document, context);
            if (Interlocked.Increment(ref done) % 100 == 0)
            {
                progress?.Report(Volatile.Read(ref done));
            }
        });

        progress?.Report(rows.Length);
        return new ImportPlan(document, context.Programme.Id, consultation.Id, rows, unmatched);
    }

    private static ImportRow PlanRow(ImportBlock block, int number, string? currentSession, SessionMatcher sessions, ImportDocument document, ImportContext context)
    {
        var programme = context.Programme;
        var columns = block.Columns;
        var (text, kind) = KindFromText(NoteContent.NormaliseText(block.Text), block.Kind);
        string? kindHint = null;
        if (columns?.Kind is { Length: > 0 } kindName)
        {
            kind = KindFromName(kindName);
            kindHint = kind is null ? kindName : null;
        }

        var sessionId = currentSession;
        string? sessionHint = null;
        if (columns?.Session is { Length: > 0 } sessionName)
        {
            sessionId = sessions.Match(sessionName);
            sessionHint = sessionId is null ? sessionName : null;
        }

        string? group = null;
        string? groupHint = null;
        if (columns?.StakeholderGroup is { Length: > 0 } groupName)
        {
            group = programme.MatchStakeholderGroup(groupName)?.Group.Key;
            groupHint = group is null ? groupName : null;
        }

        var (themes, subThemes, unknown) = ThemesFromColumn(columns?.Themes, programme.Taxonomy);
        var suggested = false;
        if (themes.Count == 0 && unknown.Count == 0 && context.Suggester is { } suggester && text.Length is > 0 and <= Note.MaxTextLength)
        {
            themes = [.. suggester.Suggest(text, MaxSuggestedThemes).Where(s => s.Score >= MinimumSuggestionScore).Select(s => s.Theme)];
            suggested = themes.Count > 0;
        }

        var textHash = ImportKeys.TextSha256(text);
        var key = ImportKeys.NoteId(context.Consultation.Id, document.Sha256, block.Position, text);
        return new ImportRow
        {
            Row = number,
            Location = block.Location,
            Key = key,
            Text = text,
            TextSha256 = textHash,
            SessionId = sessionId,
            SessionHint = sessionHint,
            Kind = kind,
            KindHint = kindHint,
            StakeholderGroup = group,
            GroupHint = groupHint,
            Themes = themes,
            SubThemes = subThemes,
            ThemesSuggested = suggested,
            UnknownThemes = unknown,
            Findings = text.Length > 0 ? context.Guard(text) : [],
            ExistingNoteId = context.Existing.Find(key, textHash),
        };
    }

    /// <summary>A leading "Recommendation:" (or Challenge, Quote, Finding) sets the kind and is dropped; a quoted paragraph or a quote block is a quote.</summary>
    internal static (string Text, NoteKind? Kind) KindFromText(string text, ImportBlockKind blockKind)
    {
        if (KindPrefix().Match(text) is { Success: true } prefix && KindFromName(prefix.Groups["kind"].Value) is { } kind)
        {
            return (text[prefix.Length..].TrimStart(), kind);
        }

        if (blockKind == ImportBlockKind.Quote || QuotedParagraph().IsMatch(text))
        {
            return (text, NoteKind.Quote);
        }

        return (text, NoteKind.Finding);
    }

    /// <summary>A kind by key or label ("recommendation", "Recommendations", "Non-attributed quote"), case and accents ignored; null when it is none.</summary>
    public static NoteKind? KindFromName(string name)
    {
        var folded = Fold(name);
        if (folded.EndsWith('s') && folded.Length > 1)
        {
            folded = folded[..^1];
        }

        foreach (var kind in Enum.GetValues<NoteKind>())
        {
            if (folded == Fold(kind.ToString()) || folded == Fold(kind.Label()))
            {
                return kind;
            }
        }

        return null;
    }

    private static (IReadOnlyList<string> Themes, IReadOnlyList<string> SubThemes, IReadOnlyList<string> Unknown) ThemesFromColumn(string? value, ThemeTaxonomy taxonomy)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return ([], [], []);
        }

        var themes = new List<string>();
        var subThemes = new List<string>();
        var unknown = new List<string>();
        foreach (var name in value.Split([';', ',', '|', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var folded = Fold(name);
            if (taxonomy.Themes.FirstOrDefault(t => Fold(t.Key) == folded || Fold(t.Label) == folded) is { } theme)
            {
                themes.Add(theme.Key);
            }
            else if (taxonomy.ContainsSubTheme(name))
            {
                subThemes.Add(name);
            }
            else if (taxonomy.Themes.SelectMany(t => t.SubThemes.Select(s => (Theme: t, Sub: s))).Where(p => Fold(p.Sub.Key) == folded || Fold(p.Sub.Label) == folded).ToList() is [var only])
            {
                subThemes.Add(only.Theme.SubThemeRef(only.Sub));
            }
            else
            {
                unknown.Add(ImportPlan.Shorten(name));
            }
        }

        foreach (var sub in subThemes)
        {
            themes.Add(ThemeTaxonomy.SplitSubThemeRef(sub).ThemeKey);
        }

        return ([.. themes.Distinct(StringComparer.Ordinal)], [.. subThemes.Distinct(StringComparer.Ordinal)], unknown);
    }

    /// <summary>Lower case, no accents, punctuation as spaces, one space between words: how names in a file are compared.</summary>
    internal static string Fold(string? value) => TextFolding.FoldWords(value ?? string.Empty);

    [GeneratedRegex(@"^(?<kind>recommendations?|challenges?|quotes?|findings?)\s*[:：—–]\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KindPrefix();

    // Opens with a quotation mark and closes with one, optionally followed by a short unnamed attribution ("— a regulator").
    [GeneratedRegex(@"^[""“«„][^\n]*[""”»](\s*[—–-]\s*[^\n]{0,80})?$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex QuotedParagraph();

    /// <summary>Finds the session a heading or a session column names.</summary>
    private sealed partial class SessionMatcher(Consultation consultation, ThemeTaxonomy taxonomy)
    {
        private readonly List<(Session Session, string Title)> _sessions = [.. consultation.Sessions.Select(s => (s, Fold(s.Title)))];

        /// <summary>
        /// The session whose id or title the text is; else "Plenary 2" / "Session 2" (the session whose title starts so,
        /// else the second session); else a theme's name (the first session about that theme); else a title the text
        /// starts with, or that starts with the text. Null when none matches.
        /// </summary>
        public string? Match(string text)
        {
            var folded = Fold(text);
            if (folded.Length == 0)
            {
                return null;
            }

            if (consultation.FindSession(text.Trim()) is { } byId)
            {
                return byId.Id;
            }

            if (_sessions.FirstOrDefault(s => s.Title == folded) is { Session: { } exact })
            {
                return exact.Id;
            }

            if (Numbered().Match(folded) is { Success: true } numbered)
            {
                var word = numbered.Groups["word"].Value;
                var number = int.Parse(numbered.Groups["n"].Value, CultureInfo.InvariantCulture);
                var prefix = $"{word} {number}";
                if (_sessions.FirstOrDefault(s => s.Title == prefix || s.Title.StartsWith(prefix + " ", StringComparison.Ordinal)) is { Session: { } titled })
                {
                    return titled.Id;
                }

                // "Plenary 2" with no session titled so: the second plenary-like session in order, counting only those named with the word, else the second session.
                var named = _sessions.Where(s => s.Title.StartsWith(word + " ", StringComparison.Ordinal) || s.Title == word).ToList();
                var pool = named.Count >= number ? named : _sessions;
                if (number >= 1 && number <= pool.Count && numbered.Length == folded.Length)
                {
                    return pool[number - 1].Session.Id;
                }
            }

            if (taxonomy.Themes.FirstOrDefault(t => Fold(t.Label) == folded || Fold(t.Key) == folded) is { } theme
                && _sessions.FirstOrDefault(s => s.Session.Themes.Contains(theme.Key)) is { Session: { } about })
            {
                return about.Id;
            }

            var starts = _sessions.Where(s => s.Title.Length >= 4 && (folded.StartsWith(s.Title + " ", StringComparison.Ordinal) || (folded.Length >= 4 && s.Title.StartsWith(folded + " ", StringComparison.Ordinal)))).ToList();
            return starts.Count == 1 ? starts[0].Session.Id : null;
        }

        [GeneratedRegex(@"^(?<word>plenary|session|panel|part|breakout)\s*(?<n>\d{1,2})\b", RegexOptions.CultureInvariant)]
        private static partial Regex Numbered();
    }
}
