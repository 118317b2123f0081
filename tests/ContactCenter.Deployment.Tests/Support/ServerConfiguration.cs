using System.ComponentModel;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace ContactCenter.Deployment.Tests.Support;

/// <summary>
/// The configuration keys the server reads, taken from the server itself so that a renamed key fails the deployment
/// tests: the properties of every settings class with a <c>Section</c> constant (bound with <c>GetSection(Section)</c>),
/// and every key the server reads by name (the string literals of its assembly that contain a ':').
/// </summary>
internal static class ServerConfiguration
{
    /// <summary>Keys ASP.NET Core and .NET read themselves; the deployment files set these and no others of theirs.</summary>
    private static readonly HashSet<string> FrameworkVariables = new(StringComparer.OrdinalIgnoreCase)
    {
        "ASPNETCORE_ENVIRONMENT", "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "DOTNET_NOLOGO", "DOTNET_gcServer",
    };

    private static readonly Assembly Server = typeof(ContactCenter.Server.Tenancy.DatabaseSettings).Assembly;

    private static readonly Dictionary<string, Type> Sections = Server.GetTypes()
        .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
        .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
        .ToDictionary(x => (string)x.Field!.GetRawConstantValue()!, x => x.Type, StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> LiteralKeys = ReadLiteralKeys();

    /// <summary>
    /// Null when the environment variable <paramref name="name"/> sets a key the server reads; otherwise why not.
    /// With <paramref name="value"/> (no interpolation left in it), a key bound to a typed property must also convert.
    /// </summary>
    public static string? Check(string name, string? value = null)
    {
        if (FrameworkVariables.Contains(name))
        {
            return null;
        }

        var segments = name.Split("__");
        if (segments.Any(s => s.Length == 0))
        {
            return $"{name}: an empty segment (':' is written '__')";
        }

        var key = string.Join(':', segments);
        var unindexed = string.Join(':', segments.Reverse().SkipWhile(s => s.All(char.IsAsciiDigit)).Reverse());
        if (LiteralKeys.Contains(key) || (unindexed != key && LiteralKeys.Contains(unindexed)))
        {
            return null;
        }

        if (!Sections.TryGetValue(segments[0], out var section))
        {
            return $"{name}: the server reads no key {key} (no settings section {segments[0]}, no literal key)";
        }

        return Walk(name, section, segments.AsSpan(1), value);
    }

    /// <summary>Follows <paramref name="segments"/> through the properties configuration binding would fill.</summary>
    private static string? Walk(string name, Type type, ReadOnlySpan<string> segments, string? value)
    {
        while (true)
        {
            if (IsScalar(type))
            {
                if (segments.Length > 0)
                {
                    return $"{name}: {type.Name} has no member {segments[0]}";
                }

                return value is null || Converts(type, value) ? null : $"{name}: '{value}' is no {type.Name}";
            }

            if (segments.Length == 0)
            {
                return $"{name}: names the section {type.Name}, not a value";
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                type = type.GetGenericArguments()[1];
            }
            else if (type.IsArray || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>)))
            {
                if (!segments[0].All(char.IsAsciiDigit))
                {
                    return $"{name}: {segments[0]} is no index of a list";
                }

                type = type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[0];
            }
            else
            {
                var property = type.GetProperty(segments[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
                if (property is null || property.SetMethod is not { IsPublic: true })
                {
                    return $"{name}: {type.Name} has no settable property {segments[0]}";
                }

                type = property.PropertyType;
            }

            segments = segments[1..];
        }
    }

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
            || type == typeof(Uri) || type == typeof(Guid) || type == typeof(DateTimeOffset);
    }

    private static bool Converts(Type type, string value)
    {
        try
        {
            TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(type) ?? type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception wrong) when (wrong is FormatException or ArgumentException or NotSupportedException
            || wrong.InnerException is FormatException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>Every string literal (the #US heap) of the server assembly that reads like a configuration key.</summary>
    private static HashSet<string> ReadLiteralKeys()
    {
        using var stream = File.OpenRead(Server.Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var size = metadata.GetHeapSize(HeapIndex.UserString);
        for (var handle = MetadataTokens.UserStringHandle(1); !handle.IsNil && MetadataTokens.GetHeapOffset(handle) < size; handle = metadata.GetNextHandle(handle))
        {
            var text = metadata.GetUserString(handle);
            if (text.Contains(':', StringComparison.Ordinal) && text.Split(':').All(IsKeySegment))
            {
                keys.Add(text);
            }
        }

        return keys;
    }

    private static bool IsKeySegment(string segment) =>
        segment.Length > 0 && char.IsAsciiLetterUpper(segment[0]) && segment.All(char.IsAsciiLetterOrDigit);
}
