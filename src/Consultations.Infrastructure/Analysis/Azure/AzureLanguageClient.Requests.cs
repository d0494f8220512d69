using System.Buffers;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace Consultations.Infrastructure.Analysis.Azure;

// Requests: the pipeline that sends them (key or Entra ID, retries) and the JSON bodies it sends and reads.
public sealed partial class AzureLanguageClient
{
    private async Task<T> SendAsync<T>(RequestMethod method, Uri uri, BinaryData? body, int expectedStatus, Func<Response, T> read, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(uri);
        message.Request.Headers.Add(HttpHeader.Names.Accept, "application/json");
        if (body is not null)
        {
            message.Request.Headers.Add(HttpHeader.Names.ContentType, "application/json");
            message.Request.Content = RequestContent.Create(body);
        }

        try
        {
            await _pipeline.SendAsync(message, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (AuthenticationFailedException ex)
        {
            throw new AzureLanguageException(
                $"No Entra ID token for Azure AI Language ({ex.Message}). Give the app a managed identity or sign in locally (az login), or set {AzureLanguageOptions.SectionName}:Key.", ex);
        }
        catch (Exception ex) when (ex is OperationCanceledException or RequestFailedException or AggregateException or IOException)
        {
            throw Unanswered(ex);
        }

        var response = message.Response;
        if (response.Status != expectedStatus)
        {
            throw response.Status is >= 200 and < 300
                ? AzureLanguageException.Malformed($"{method} {uri.AbsolutePath} answered {response.Status} where {expectedStatus} is documented.")
                : ServiceError(message);
        }

        return read(response);
    }

    private static JsonDocument ParseJson(Response response)
    {
        try
        {
            return JsonDocument.Parse(response.Content.ToMemory());
        }
        catch (JsonException ex)
        {
            var type = response.Headers.ContentType ?? "no Content-Type";
            throw AzureLanguageException.Malformed($"the body of a {response.Status} answer is not JSON ({type}): {Preview(response) ?? "empty"}", ex);
        }
    }

    private Uri ServiceUri(string path) =>
        new($"{_endpoint.GetLeftPart(UriPartial.Authority)}/{path}?api-version={Uri.EscapeDataString(_apiVersion)}");

    private static BinaryData Body(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, DocumentPieces.WriterOptions))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return new BinaryData(buffer.WrittenMemory);
    }

    private static void WriteParameters(Utf8JsonWriter writer, Action<Utf8JsonWriter> more)
    {
        writer.WriteStartObject("parameters");

        // Notes are under the Chatham House Rule: the service must not keep their text in its 48-hour troubleshooting logs.
        writer.WriteBoolean("loggingOptOut", true);
        more(writer);
        writer.WriteEndObject();
    }

    private static void WriteInput(Utf8JsonWriter writer, List<DocumentPiece> batch)
    {
        writer.WriteStartObject("analysisInput");
        writer.WriteStartArray("documents");
        foreach (var piece in batch)
        {
            writer.WriteRawValue(piece.Json, skipInputValidation: true);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private sealed class LanguagePipelineOptions : ClientOptions;

    /// <summary>Key authentication: the resource key on every attempt (Azure.Core keeps its own key policy internal).</summary>
    private sealed class SubscriptionKeyPolicy(string key) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => message.Request.Headers.SetValue(SubscriptionKeyHeader, key);
    }
}
