using System.Text;
using Consultations.Core.Import;
using static Consultations.Core.Tests.Import.OfficeFiles;

namespace Consultations.Core.Tests.Import;

/// <summary>Random and damaged bytes in every format end in a document or an <see cref="ImportFileException"/>, never anything else.</summary>
public sealed class ImportFuzzTests
{
    private const int Iterations = 200;

    public static TheoryData<string> Names => ["fuzz.docx", "fuzz.xlsx", "fuzz.md", "fuzz.txt", "fuzz.csv"];

    [Theory]
    [MemberData(nameof(Names))]
    public void Random_bytes_only_ever_give_a_document_or_an_import_file_error(string name)
    {
        var random = new Random(HashCode(name));
        var refused = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var bytes = new byte[random.Next(1, 4096)];
            random.NextBytes(bytes);

            // Half the time the random bytes follow a zip signature, so the package readers get past the first check.
            if (name.EndsWith('x') && i % 2 == 0 && bytes.Length > 4)
            {
                "PK\u0003\u0004"u8.CopyTo(bytes);
            }

            refused += ReadsOrRefuses(name, bytes, i) ? 0 : 1;
        }

        Assert.True(refused > 0, "No random file was refused, so the test is not reaching the checks.");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Damaged_copies_of_a_valid_file_only_ever_give_a_document_or_an_import_file_error(string name)
    {
        var valid = Valid(name);
        Assert.NotEmpty(ImportFiles.Read(name, valid).Blocks);
        var random = new Random(HashCode(name) + 1);
        for (var i = 0; i < Iterations; i++)
        {
            var bytes = (i % 3) switch
            {
                0 => valid[..random.Next(1, valid.Length)],
                1 => Flipped(valid, random),
                _ => Spliced(valid, random),
            };
            ReadsOrRefuses(name, bytes, i);
        }
    }

    private static bool ReadsOrRefuses(string name, byte[] bytes, int iteration)
    {
        try
        {
            var document = ImportFiles.Read(name, bytes);
            Assert.All(document.Blocks, (b, i) => Assert.Equal(i + 1, b.Position));
            return true;
        }
        catch (ImportFileException ex)
        {
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            return false;
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"{name}, iteration {iteration}, {bytes.Length} bytes: {ex}");
            return false;
        }
    }

    private static byte[] Valid(string name) => Path.GetExtension(name) switch
    {
        ".docx" => Word((_, body) => body.Append(
            Paragraph("Plenary 1", "Heading1"),
            Paragraph("Participants asked for a shared incident taxonomy."),
            ListParagraph("Publish the contact list quarterly."),
            Table(["Country", "Finding"], ["Atlantis", "No national CERT yet"]))),
        ".xlsx" => Excel([["text", "session"], ["A note", "Plenary 1"], ["Another note", "Plenary 2"]]),
        ".md" => Encoding.UTF8.GetBytes("# Plenary 1\n\nA *note* with [a link](http://x).\n\n- item\n  - nested\n\n> quoted\n"),
        ".csv" => Encoding.UTF8.GetBytes("text,session\n\"A note, quoted\",Plenary 1\nAnother,Plenary 2\n"),
        _ => Encoding.UTF8.GetBytes("First paragraph.\n\nSecond paragraph, café.\n"),
    };

    private static byte[] Flipped(byte[] valid, Random random)
    {
        var bytes = valid.ToArray();
        for (var n = random.Next(1, 8); n > 0; n--)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }

        return bytes;
    }

    private static byte[] Spliced(byte[] valid, Random random)
    {
        var at = random.Next(valid.Length);
        var junk = new byte[random.Next(1, 64)];
        random.NextBytes(junk);
        return [.. valid[..at], .. junk, .. valid[at..]];
    }

    // A seed per format that does not change between runs (string.GetHashCode does).
    private static int HashCode(string name) => name.Aggregate(17, (hash, c) => unchecked((hash * 31) + c));
}
