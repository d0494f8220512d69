using System.Collections.Concurrent;

namespace Consultations.Web.Briefs;

/// <summary>How the custom template fared the last time a brief was rendered with it.</summary>
/// <param name="TemplateHash">Which content of brief.cshtml (see <see cref="BriefTemplateSnapshot.Hash"/>).</param>
/// <param name="At">When the render happened.</param>
/// <param name="Error">Compiler diagnostics or the rendering exception; null when it rendered.</param>
public sealed record BriefTemplateCheck(string TemplateHash, DateTimeOffset At, string? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// What administrators need to know about the custom brief template: the outcome of its last render and the error of
/// each broken version seen since start-up (readers get the built-in template meanwhile, so nothing else shows it).
/// </summary>
public sealed class BriefTemplateStatus
{
    // Each broken edit adds one entry; a bound keeps a long-running app from collecting them forever.
    private const int KeptErrors = 64;

    private readonly ConcurrentDictionary<string, string> _errors = new(StringComparer.Ordinal);
    private BriefTemplateCheck? _last;

    /// <summary>The last render that used (or tried) brief.cshtml; null when none has since start-up.</summary>
    public BriefTemplateCheck? Last => Volatile.Read(ref _last);

    /// <summary>The error of the template version with this hash, if it failed.</summary>
    public string? ErrorFor(string templateHash) => _errors.GetValueOrDefault(templateHash);

    internal void RecordSuccess(string templateHash, DateTimeOffset at)
    {
        _errors.TryRemove(templateHash, out _);
        Volatile.Write(ref _last, new BriefTemplateCheck(templateHash, at, null));
    }

    /// <summary>Records a failure; true when it is news (first time for this version or a different error), so it is logged once.</summary>
    internal bool RecordFailure(string templateHash, string error, DateTimeOffset at)
    {
        Volatile.Write(ref _last, new BriefTemplateCheck(templateHash, at, error));
        if (_errors.TryGetValue(templateHash, out var known) && string.Equals(known, error, StringComparison.Ordinal))
        {
            return false;
        }

        if (_errors.Count >= KeptErrors)
        {
            _errors.Clear();
        }

        _errors[templateHash] = error;
        return true;
    }
}
