using Microsoft.Extensions.Options;

namespace Consultations.Web.Guard;

/// <summary>
/// Azure AI Language's names and organisations as warn findings beside the register's (section "Guard:EntityRecognition").
/// Only in effect when <c>Analysis:Azure:Endpoint</c> is configured; without it nothing is ever sent.
/// </summary>
public sealed class EntityRecognitionOptions
{
    public const string SectionName = "Guard:EntityRecognition";

    /// <summary>Ask Azure AI Language for names and organisations when notes are saved and published (when it is configured).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Weakest confidence (0–1) an entity needs to become a finding.</summary>
    public double MinimumConfidence { get; set; } = 0.6;

    /// <summary>Longest a save or a publication waits for the answer (retries included) before going on with the register's findings only.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Also ask while a note is typed (every debounced live check: a billed call and a slower answer); off by default.</summary>
    public bool LiveCheck { get; set; }
}

/// <summary>Checks <see cref="EntityRecognitionOptions"/> and names the setting to fix.</summary>
internal sealed class EntityRecognitionOptionsValidator : IValidateOptions<EntityRecognitionOptions>
{
    public ValidateOptionsResult Validate(string? name, EntityRecognitionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Prefix = EntityRecognitionOptions.SectionName;
        var failures = new List<string>();
        if (double.IsNaN(options.MinimumConfidence) || options.MinimumConfidence is < 0 or > 1)
        {
            failures.Add($"{Prefix}:MinimumConfidence must be between 0 and 1, e.g. 0.6 (was {options.MinimumConfidence}).");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromSeconds(30))
        {
            failures.Add($"{Prefix}:Timeout must be more than zero and at most 30 seconds, since saving waits for it (was {options.Timeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
