using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Core;

namespace Consultations.Infrastructure.Analysis.Azure;

// Error mapping: what went wrong with a request, as an AzureLanguageException that names the setting or role to fix.
public sealed partial class AzureLanguageClient
{
    private AzureLanguageException Unanswered(Exception ex)
    {
        var attempts = ex is AggregateException aggregate ? aggregate.InnerExceptions.Count : 1;
        var tries = attempts == 1 ? "1 attempt" : $"{attempts} attempts";
        var timedOut = ex is OperationCanceledException || (ex is AggregateException all && all.InnerExceptions.All(e => e is OperationCanceledException));
        if (timedOut)
        {
            return new AzureLanguageException(
                $"Azure AI Language at {_endpoint.Host} did not answer within {Describe(_timeout)} ({tries}); {AzureLanguageOptions.SectionName}:Timeout sets the limit.", ex);
        }

        var cause = ex is AggregateException many ? many.InnerExceptions[^1] : ex;
        while (cause.InnerException is not null && cause is RequestFailedException)
        {
            cause = cause.InnerException;
        }

        return new AzureLanguageException($"Could not reach Azure AI Language at {_endpoint.Host} ({tries}): {cause.Message}", ex);
    }

    private AzureLanguageException ServiceError(HttpMessage message)
    {
        var response = message.Response;
        string? code = null;
        string? detail = null;
        try
        {
            using var json = JsonDocument.Parse(response.Content.ToMemory());
            if (ResponseJson.OptionalObject(json.RootElement, "error") is { } error)
            {
                code = ResponseJson.OptionalString(error, "code");
                detail = ResponseJson.OptionalString(error, "message");
                if (ResponseJson.OptionalObject(error, "innererror") is { } inner && ResponseJson.OptionalString(inner, "message") is { } innerMessage && innerMessage != detail)
                {
                    detail = $"{detail} ({ResponseJson.OptionalString(inner, "code")}: {innerMessage})";
                }
            }
        }
        catch (JsonException)
        {
            // Not the documented error body (a gateway's HTML page, say): the status and a preview say enough.
        }

        if (code is null && response.Headers.TryGetValue("x-ms-error-code", out var header))
        {
            code = header;
        }

        detail ??= Preview(response) ?? response.ReasonPhrase;
        var retried = _maxRetries > 0 && message.ResponseClassifier.IsRetriableResponse(message) ? $" after {_maxRetries} retries" : string.Empty;
        var hint = response.Status is not (401 or 403) ? string.Empty
            : _usesKey ? $" Check that {AzureLanguageOptions.SectionName}:Key is a key of the resource at {AzureLanguageOptions.SectionName}:Endpoint."
            : " Give the app's identity (DefaultAzureCredential) the 'Cognitive Services User' role on the Language resource.";
        return new AzureLanguageException($"Azure AI Language answered {response.Status}{(code is null ? string.Empty : " " + code)}{retried}: {detail}{hint}")
        {
            Status = response.Status,
            ErrorCode = code,
        };
    }

    private static string? Preview(Response response)
    {
        var text = response.Content.ToString().Trim();
        return text.Length == 0 ? null : text.Length <= 200 ? text : text[..200] + "…";
    }

    private static string Describe(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
