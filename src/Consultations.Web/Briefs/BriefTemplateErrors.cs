using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Diagnostics;

namespace Consultations.Web.Briefs;

/// <summary>Turns what went wrong with a custom template into a message an administrator can act on.</summary>
internal static class BriefTemplateErrors
{
    // Enough to fix the first mistakes; a template that fails on 200 lines needs an editor, not a longer list.
    private const int MaxDiagnostics = 20;

    private const string Fallback = "briefs use the built-in template until it is fixed";

    public static string Describe(Exception exception, BriefTemplateSnapshot? template)
    {
        if (exception is TargetInvocationException { InnerException: { } inner })
        {
            exception = inner;
        }

        var name = BriefTemplateFileProvider.TemplateFileName;
        if (template is null)
        {
            return $"The custom brief template {name} could not be read ({exception.Message}); {Fallback}.";
        }

        if (exception is ICompilationException compilation)
        {
            var text = new StringBuilder($"The custom brief template {name} did not compile; {Fallback}:");
            var messages = (compilation.CompilationFailures ?? [])
                .Where(f => f is not null)
                .SelectMany(f => (f!.Messages ?? []).Where(m => m is not null).Select(m => (Failure: f, Message: m!)))
                .Take(MaxDiagnostics + 1)
                .ToList();
            foreach (var (failure, message) in messages.Take(MaxDiagnostics))
            {
                var line = !string.IsNullOrWhiteSpace(message.FormattedMessage)
                    ? message.FormattedMessage
                    : string.Create(CultureInfo.InvariantCulture, $"{message.SourceFilePath ?? failure.SourceFilePath}({message.StartLine},{message.StartColumn}): {message.Message}");
                text.Append('\n').Append(Clean(line, template));
            }

            if (messages.Count > MaxDiagnostics)
            {
                text.Append("\n(more errors follow; fix these first)");
            }

            if (messages.Count == 0)
            {
                text.Append('\n').Append(Clean(exception.Message, template));
            }

            return text.ToString();
        }

        var where = LineInTemplate(exception, template);
        return $"The custom brief template {name} failed while rendering{where}; {Fallback}: {exception.GetType().Name}: {Clean(exception.Message, template)}";
    }

    /// <summary>The first few lines of an error, on one line, for the log.</summary>
    public static string Summary(string error)
    {
        var lines = error.Split('\n');
        return lines.Length <= 4 ? string.Join(" | ", lines) : string.Join(" | ", lines.Take(4)) + $" | (+{lines.Length - 4} more)";
    }

    /// <summary>Administrators know the file as brief.cshtml, not by the content-addressed path it was compiled under.</summary>
    private static string Clean(string text, BriefTemplateSnapshot template) =>
        text.Replace(template.ViewPath, BriefTemplateFileProvider.TemplateFileName, StringComparison.Ordinal)
            .Replace(template.ViewPath.TrimStart('/'), BriefTemplateFileProvider.TemplateFileName, StringComparison.Ordinal)
            .Replace(BriefTemplateFileProvider.VirtualRoot + "/", string.Empty, StringComparison.Ordinal);

    // The runtime compiler emits line mappings, so the failing frame usually knows its line in the template.
    private static string LineInTemplate(Exception exception, BriefTemplateSnapshot template)
    {
        var frame = new StackTrace(exception, fNeedFileInfo: true).GetFrames()
            .FirstOrDefault(f => f.GetFileName() is { } file && file.Contains(template.Hash, StringComparison.Ordinal) && f.GetFileLineNumber() > 0);
        return frame is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" at line {frame.GetFileLineNumber()}");
    }
}
