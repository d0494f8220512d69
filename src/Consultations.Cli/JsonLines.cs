using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Consultations.Cli;

/// <summary>Bad input: the message says which file or line and what is wrong, in one line, and never quotes a note.</summary>
internal sealed class CliInputException(string message) : Exception(message);

/// <summary>Reading the texts the batch commands (`guard`, `analyze`) take: files, standard input and JSON Lines of {"id": ..., "text": "..."}.</summary>
internal static class JsonLines
{
    /// <summary>The file name that means standard input.</summary>
    public const string Stdin = "-";

    public static StreamReader OpenText(string path, string what)
    {
        try
        {
            return new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliInputException(Unreadable(what, path, ex));
        }
    }

    public static string Unreadable(string what, string path, Exception ex) => ex switch
    {
        FileNotFoundException => $"the {what} file {path} does not exist.",
        DirectoryNotFoundException => $"the {what} file {path} does not exist (no such folder).",
        UnauthorizedAccessException => $"the {what} file {path} cannot be read (permission denied, or it is a folder).",
        _ => $"the {what} file {path} cannot be read: {ex.Message}",
    };

    /// <summary>A command reads either a batch or one text file (or standard input), never both.</summary>
    public static void AtMostOneInput(System.CommandLine.Command command, System.CommandLine.Option<string?> batch, System.CommandLine.Option<string?> textFile)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(batch) is not null && result.GetValue(textFile) is not null)
            {
                result.AddError("Give either --batch or --text-file, not both.");
            }
        });
    }

    public static string WithoutByteOrderMark(string text) => text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;

    /// <summary>
    /// Reads one line as an object with a string "text"; returns what is wrong with it (never quoting the text, which
    /// may name people), or null. <paramref name="id"/> is the "id" as raw JSON, copied to the output as given (null
    /// when absent). The caller disposes <paramref name="document"/> to read further properties from it first.
    /// </summary>
    public static string? ParseTextLine(string line, string where, out JsonDocument? document, out string? id, out string text)
    {
        document = null;
        id = null;
        text = string.Empty;
        try
        {
            document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return $"{where} is {Describe(root.ValueKind)}, not a JSON object with a \"text\".";
            }

            if (!root.TryGetProperty("text", out var textElement))
            {
                return $"{where} has no \"text\".";
            }

            if (textElement.ValueKind != JsonValueKind.String)
            {
                return $"{where}: \"text\" is {Describe(textElement.ValueKind)}, not a string.";
            }

            text = textElement.GetString()!;
            id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind != JsonValueKind.Null ? idElement.GetRawText() : null;
            return null;
        }
        catch (JsonException ex)
        {
            return $"{where} is not valid JSON (at character {ex.BytePositionInLine + 1}).";
        }
        catch (InvalidOperationException)
        {
            // GetString refuses escapes that decode to invalid UTF-16 (a lone surrogate).
            return $"{where}: \"text\" holds an invalid \\u escape (a lone surrogate).";
        }
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => "null",
    };
}

/// <summary>Writes one JSON object per line; one reusable buffer, and non-ASCII (Phạm Thu Hằng) left readable.</summary>
internal sealed class JsonLineWriter : IDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly TextWriter _output;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _json;

    public JsonLineWriter(TextWriter output)
    {
        _output = output;
        _json = new Utf8JsonWriter(_buffer, Options);
    }

    /// <summary>Starts a line's object with no "id"; finish it with <see cref="EndLine"/>.</summary>
    public Utf8JsonWriter BeginLine()
    {
        _buffer.ResetWrittenCount();
        _json.Reset();
        _json.WriteStartObject();
        return _json;
    }

    /// <summary>Starts a line's object with its "id" (raw JSON, copied as given, or null); finish it with <see cref="EndLine"/>.</summary>
    public Utf8JsonWriter BeginLine(string? id)
    {
        _buffer.ResetWrittenCount();
        _json.Reset();
        _json.WriteStartObject();
        if (id is null)
        {
            _json.WriteNull("id");
        }
        else
        {
            _json.WritePropertyName("id");
            _json.WriteRawValue(id, skipInputValidation: true);
        }

        return _json;
    }

    public void EndLine()
    {
        _json.WriteEndObject();
        _json.Flush();
        _output.WriteLine(Encoding.UTF8.GetString(_buffer.WrittenSpan));
    }

    public void Dispose() => _json.Dispose();
}
