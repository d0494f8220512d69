using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace Consultations.Core.Import;

/// <summary>Reads a part element by element, so that only one paragraph, table or row is held in memory at a time.</summary>
internal static class OpenXmlStreaming
{
    /// <summary>Each element of the given types in the part, loaded whole, in document order (not those inside one another).</summary>
    public static IEnumerable<OpenXmlElement> Elements(OpenXmlPart part, params Type[] types)
    {
        using var reader = OpenXmlReader.Create(part);
        var more = reader.Read();
        while (more)
        {
            if (reader.IsStartElement && types.Contains(reader.ElementType))
            {
                yield return reader.LoadCurrentElement()!;

                // LoadCurrentElement leaves the reader on what follows the element: reading on would skip it.
                more = !reader.EOF;
            }
            else
            {
                more = reader.Read();
            }
        }
    }
}
