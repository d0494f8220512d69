using System.Collections;
using System.ComponentModel;
using System.Reflection;
using System.Text.RegularExpressions;
using Consultations.Infrastructure.Storage;

namespace Consultations.Deployment.Tests;

/// <summary>
/// The App Service settings infra/ sets are the settings the app binds: names drift otherwise, and a misspelt setting is
/// silently ignored by configuration binding. Every name must reach a settable option property (through nested objects
/// and list indices), or be one of the few platform variables listed here with the reason it is set.
/// </summary>
public sealed partial class AppSettingsTests
{
    /// <summary>Set on the site but read by the platform or a library, not bound to an options class.</summary>
    private static readonly Dictionary<string, string> PlatformVariables = new(StringComparer.Ordinal)
    {
        ["AZURE_CLIENT_ID"] = "Azure.Identity's DefaultAzureCredential reads it to choose the user-assigned managed identity.",
        ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "ASP.NET Core trusts X-Forwarded-Proto from App Service's TLS front end, so sign-in redirect URIs are https.",
        ["SCM_DO_BUILD_DURING_DEPLOYMENT"] = "App Service's deployment engine reads it: azd uploads the published app, so nothing is built on the server.",
    };

    /// <summary>What the app cannot run without in Azure (Cosmos DB, Entra ID sign-in, the guard key) or is deployed to use.</summary>
    private static readonly string[] Required =
    [
        "Storage__Provider",
        "Storage__Cosmos__AccountEndpoint",
        "AzureAd__ClientId",
        "AzureAd__TenantId",
        "Guard__HashKey",
        "Analysis__Azure__Endpoint",
        "Telemetry__AzureMonitor__ConnectionString",
        "AZURE_CLIENT_ID",
    ];

    /// <summary>Settings that would carry a key or secret; Azure deployments sign in with the managed identity instead.</summary>
    private static readonly string[] Forbidden =
    [
        "Storage__Cosmos__AccountKey",
        "Storage__Cosmos__Emulator",
        "Analysis__Azure__Key",
        "AzureAd__ClientSecret",
        "APPINSIGHTS_INSTRUMENTATIONKEY",
        "AZURE_CLIENT_SECRET",
    ];

    [Fact]
    public async Task Every_setting_names_an_option_the_app_binds_or_a_listed_platform_variable()
    {
        var settings = await SiteSettingsAsync();
        var options = OptionClasses();

        var problems = new List<string>();
        foreach (var name in settings.Keys)
        {
            if (PlatformVariables.ContainsKey(name))
            {
                continue;
            }

            if (Bind(name, options) is { } problem)
            {
                problems.Add(problem);
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Listed_platform_variables_are_all_set()
    {
        // A stale entry in the allow-list would let a future misspelling through unnoticed.
        var settings = await SiteSettingsAsync();

        Assert.All(PlatformVariables.Keys, name => Assert.Contains(name, settings.Keys));
    }

    [Fact]
    public async Task The_settings_the_app_needs_in_Azure_are_set()
    {
        var settings = await SiteSettingsAsync();

        Assert.All(Required, name => Assert.True(settings.ContainsKey(name), $"{name} is not among the site's app settings."));
        Assert.Equal(nameof(StorageProvider.Cosmos), settings["Storage__Provider"]);
        Assert.Equal("SignedAssertionFromManagedIdentity", settings["AzureAd__ClientCredentials__0__SourceType"]);
        // Bicep creates the database and containers; the app only verifies them (Entra ID cannot create them anyway).
        Assert.Equal("false", settings["Storage__Cosmos__CreateIfMissing"]);
    }

    [Fact]
    public async Task Literal_values_convert_to_the_type_of_their_option()
    {
        var settings = await SiteSettingsAsync();
        var options = OptionClasses();

        var problems = new List<string>();
        foreach (var (name, value) in settings)
        {
            // Names that do not bind are reported by the test above; expressions are only known at deployment.
            if (PlatformVariables.ContainsKey(name) || ArmTemplate.IsExpression(value) || LeafType(name, options) is not { } type)
            {
                continue;
            }

            var target = Nullable.GetUnderlyingType(type) ?? type;
            try
            {
                // The converter the configuration binder uses for values.
                _ = TypeDescriptor.GetConverter(target).ConvertFromInvariantString(value);
            }
            catch (Exception ex) when (ex is FormatException or NotSupportedException or ArgumentException)
            {
                problems.Add($"{name}={value} does not convert to {target.Name}: {ex.Message}");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task No_setting_holds_a_key_or_secret()
    {
        var settings = await SiteSettingsAsync();

        Assert.All(Forbidden, name => Assert.DoesNotContain(name, settings.Keys));
        Assert.DoesNotContain(settings.Keys, n => n.EndsWith("ClientSecret", StringComparison.OrdinalIgnoreCase));
        foreach (var (name, value) in settings)
        {
            if (ArmTemplate.IsExpression(value))
            {
                // Expressions may name resources and outputs, never fetch keys.
                Assert.False(KeyFunction().IsMatch(value), $"{name} is computed with a key-listing function: {value}");
                continue;
            }

            Assert.False(SecretLooking().IsMatch(value), $"{name} holds a literal that looks like a secret.");
            Assert.False(SecretPatterns.HasKeyLikeString(value), $"{name} holds a long random-looking base64 literal (a key?).");
        }
    }

    [Fact]
    public async Task The_guard_key_is_a_Key_Vault_reference_read_with_the_apps_identity()
    {
        var template = await ArmTemplate.MainAsync();
        var (site, _) = ArmTemplate.Single(template, "Microsoft.Web/sites");
        var settings = await SiteSettingsAsync();

        var guard = settings["Guard__HashKey"];
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})'", guard, StringComparison.Ordinal);

        var identity = site["identity"]!;
        Assert.Equal("UserAssigned", identity["type"]!.GetValue<string>());
        var referenceIdentity = site["properties"]!["keyVaultReferenceIdentity"]!.GetValue<string>();
        var assigned = Assert.Single(identity["userAssignedIdentities"]!.AsObject());
        // Both name the same module parameter: the identity that also holds 'Key Vault Secrets User' on the vault.
        Assert.Equal("[parameters('identityId')]", referenceIdentity);
        Assert.Contains("parameters('identityId')", assigned.Key, StringComparison.Ordinal);
    }

    /// <summary>The app settings resource (sites/config 'appsettings') of the web app, name → value.</summary>
    private static async Task<Dictionary<string, string>> SiteSettingsAsync()
    {
        var template = await ArmTemplate.MainAsync();
        var (config, _) = ArmTemplate.OfType(template, "Microsoft.Web/sites/config")
            .Single(r => r.Resource["name"]!.GetValue<string>().Contains("'appsettings'", StringComparison.Ordinal));
        return config["properties"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
    }

    /// <summary>Every class in the web app with a public <c>SectionName</c> constant, by section path segments.</summary>
    private static List<(string[] Section, Type Type)> OptionClasses()
    {
        // The web app's options and those of Infrastructure (storage, Azure AI Language), which it binds too.
        var classes = new[] { typeof(Program).Assembly, typeof(StorageOptions).Assembly }.SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .Select(x => (Section: ((string)x.Field!.GetRawConstantValue()!).Split(':'), x.Type))
            .ToList();
        Assert.Contains(classes, c => c.Type == typeof(StorageOptions));
        return classes;
    }

    /// <summary>Null when <paramref name="name"/> binds to a settable leaf property; otherwise why not.</summary>
    private static string? Bind(string name, List<(string[] Section, Type Type)> options)
    {
        var parts = name.Split("__");
        var owner = Owner(parts, options);
        if (owner is null)
        {
            return $"{name}: no options class has a SectionName matching its start ({string.Join(", ", options.Select(o => string.Join(':', o.Section)).Order(StringComparer.Ordinal))}).";
        }

        var (type, rest) = owner.Value;
        return Walk(type, rest, name, out _);
    }

    private static Type? LeafType(string name, List<(string[] Section, Type Type)> options)
    {
        if (Owner(name.Split("__"), options) is not var (type, rest))
        {
            return null;
        }

        return Walk(type, rest, name, out var leaf) is null ? leaf : null;
    }

    private static (Type Type, string[] Remainder)? Owner(string[] parts, List<(string[] Section, Type Type)> options)
    {
        // The longest matching section wins, so "Analysis:Azure" is preferred to a hypothetical "Analysis".
        foreach (var (section, type) in options.OrderByDescending(o => o.Section.Length))
        {
            if (parts.Length > section.Length && section.Select((s, i) => string.Equals(s, parts[i], StringComparison.OrdinalIgnoreCase)).All(b => b))
            {
                return (type, parts[section.Length..]);
            }
        }

        return null;
    }

    /// <summary>Follows the path as the configuration binder would: properties (case-insensitive), list indices, dictionary keys.</summary>
    private static string? Walk(Type type, string[] path, string name, out Type? leaf)
    {
        leaf = null;
        var current = type;
        for (var i = 0; i < path.Length; i++)
        {
            var segment = path[i];
            var last = i == path.Length - 1;
            if (ElementType(current) is { } element)
            {
                if (!int.TryParse(segment, out var index) || index < 0)
                {
                    return $"{name}: '{segment}' should be a list index into {current.Name}.";
                }

                current = element;
                if (last)
                {
                    return $"{name}: ends at a list element of {current.Name}, not at a property.";
                }

                continue;
            }

            if (DictionaryValueType(current) is { } value)
            {
                current = value;
                if (last)
                {
                    leaf = current;
                    return IsScalar(current) ? null : $"{name}: ends at a {current.Name}, not a value.";
                }

                continue;
            }

            var property = current.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return $"{name}: {current.Name} has no property '{segment}'.";
            }

            current = property.PropertyType;
            if (last)
            {
                leaf = current;
                if (property.SetMethod is not { IsPublic: true })
                {
                    return $"{name}: {property.DeclaringType!.Name}.{property.Name} cannot be set.";
                }

                return IsScalar(current) ? null : $"{name}: {property.DeclaringType!.Name}.{property.Name} is a {current.Name}, not a value.";
            }

            // Going deeper needs an object the binder can fill: settable, or a get-only instance it populates.
            if (IsScalar(current))
            {
                return $"{name}: {property.DeclaringType!.Name}.{property.Name} is a value, so '{string.Join("__", path[(i + 1)..])}' cannot be below it.";
            }
        }

        return $"{name}: names a section, not a value.";
    }

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan) || t == typeof(DateTimeOffset)
            || t == typeof(DateTime) || t == typeof(Uri) || t == typeof(Guid);
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string) || DictionaryValueType(type) is not null)
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable is not null && typeof(IEnumerable).IsAssignableFrom(type) ? enumerable.GetGenericArguments()[0] : null;
    }

    private static Type? DictionaryValueType(Type type)
    {
        var dictionary = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        return dictionary?.GetGenericArguments() is [var key, var value] && key == typeof(string) ? value : null;
    }

    [GeneratedRegex("listkeys|listsecrets|listconnectionstrings|listcredentials|listaccountsas", RegexOptions.IgnoreCase)]
    private static partial Regex KeyFunction();

    [GeneratedRegex("accountkey=|sharedaccesskey|password|secret|(^|;)key=|instrumentationkey=", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLooking();
}
