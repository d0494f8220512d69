using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Consultations.Core.Storage;

/// <summary>
/// The one JSON shape every store writes, so SQLite and Cosmos DB round-trip identical documents.
/// Domain types keep private setters and constructors; this resolver rehydrates them without
/// serializer attributes leaking into the domain.
/// </summary>
public static class DocumentJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize<T>(T document) => JsonSerializer.Serialize(document, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Stored {typeof(T).Name} document is empty.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Keep non-ASCII text (Nguyễn, Đức) readable in the stored documents.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { RehydrateDomainTypes } },
            WriteIndented = false,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.MakeReadOnly();
        return options;
    }

    private static void RehydrateDomainTypes(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object || typeInfo.Type.Namespace?.StartsWith("Consultations.Core.Domain", StringComparison.Ordinal) != true)
        {
            return;
        }

        if (typeInfo.Type == typeof(Domain.Note))
        {
            // A reader's masked copy must never replace the record, whichever store or path writes it.
            typeInfo.OnSerializing = static note =>
            {
                if (((Domain.Note)note).IsReaderCopy)
                {
                    throw new InvalidOperationException("A reader's masked copy of a note is never stored.");
                }
            };
        }

        if (typeInfo.CreateObject is null && typeInfo.Type.GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, Type.EmptyTypes) is { } constructor)
        {
            typeInfo.CreateObject = () => constructor.Invoke(null);
        }

        foreach (var property in typeInfo.Properties)
        {
            if (property.AttributeProvider is not PropertyInfo info)
            {
                continue;
            }

            // ETag belongs to the store (a column in SQLite, _etag in Cosmos), not to the document body.
            if (info.Name == "ETag")
            {
                property.ShouldSerialize = static (_, _) => false;
                property.Set = null;
                continue;
            }

            if (property.Set is null && info.GetSetMethod(nonPublic: true) is { } setter)
            {
                property.Set = (target, value) => setter.Invoke(target, [value]);
            }
        }

        // Computed conveniences (Title, Country, Content…) have no setter at all and are not stored.
        foreach (var property in typeInfo.Properties.ToList())
        {
            if (property.AttributeProvider is PropertyInfo info && info.GetSetMethod(nonPublic: true) is null
                && !IsConstructorParameter(typeInfo, info))
            {
                typeInfo.Properties.Remove(property);
            }
        }
    }

    private static bool IsConstructorParameter(JsonTypeInfo typeInfo, PropertyInfo info) =>
        typeInfo.Type.GetConstructors().Any(c => c.GetParameters().Any(p => string.Equals(p.Name, info.Name, StringComparison.OrdinalIgnoreCase)));
}
