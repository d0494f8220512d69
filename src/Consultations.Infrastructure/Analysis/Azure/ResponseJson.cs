using System.Text.Json;

namespace Consultations.Infrastructure.Analysis.Azure;

/// <summary>Reads the documented response shapes strictly: a missing or mistyped field is an <see cref="AzureLanguageException"/> naming its path.</summary>
internal static class ResponseJson
{
    public static JsonElement Object(JsonElement parent, string name, string path) => Get(parent, name, path, JsonValueKind.Object, "an object");

    public static JsonElement Array(JsonElement parent, string name, string path) => Get(parent, name, path, JsonValueKind.Array, "an array");

    public static string String(JsonElement parent, string name, string path) => Get(parent, name, path, JsonValueKind.String, "a string").GetString()!;

    public static double Double(JsonElement parent, string name, string path) => Get(parent, name, path, JsonValueKind.Number, "a number").GetDouble();

    public static int Int32(JsonElement parent, string name, string path) =>
        Get(parent, name, path, JsonValueKind.Number, "a number").TryGetInt32(out var value) && value >= 0
            ? value
            : throw AzureLanguageException.Malformed($"'{Join(path, name)}' is not a whole number of at least 0.");

    public static string? OptionalString(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static JsonElement? OptionalObject(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>The code and message of a documented Error object, preferring the more specific inner error.</summary>
    public static (string Code, string Message) Error(JsonElement error, string path)
    {
        var code = String(error, "code", path);
        var message = String(error, "message", path);
        return OptionalObject(error, "innererror") is { } inner && OptionalString(inner, "code") is { } innerCode
            ? (innerCode, OptionalString(inner, "message") ?? message)
            : (code, message);
    }

    private static JsonElement Get(JsonElement parent, string name, string path, JsonValueKind kind, string description)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value) || value.ValueKind != kind)
        {
            throw AzureLanguageException.Malformed($"'{Join(path, name)}' is missing or not {description}.");
        }

        return value;
    }
}
