using BenchmarkDotNet.Attributes;
using Consultations.Core.Domain;
using Consultations.Core.Guard;

namespace Consultations.Benchmarks;

/// <summary>What a facilitator waits for on every save: one note checked against a 500-person register, at four note lengths.</summary>
[MemoryDiagnoser]
public class GuardCheckBenchmarks
{
    private AttributionGuard _guard = null!;
    private string _note = string.Empty;

    [Params(500, 1_000, 2_000, 4_000)]
    public int NoteLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var register = SyntheticConsultation.Register(500);
        var key = new GuardKey(Enumerable.Range(1, GuardKey.MinimumBytes).Select(i => (byte)i).ToArray());
        _guard = new AttributionGuard(GuardRegister.Compile(register, key, 3), key, 3);
        (_note, var planted) = SyntheticConsultation.Note(register, NoteLength);

        // A benchmark that matched nothing would measure an easier path than real notes take.
        var found = _guard.Check(_note).Count(f => f.Kind is FindingKind.Participant or FindingKind.Organisation);
        if (found < planted)
        {
            throw new InvalidOperationException($"The {NoteLength}-character note should have at least {planted} findings but has {found}.");
        }
    }

    [Benchmark]
    public IReadOnlyList<GuardFinding> Check() => _guard.Check(_note);
}

/// <summary>The once-per-consultation cost: deriving and hashing every name form of a 500-person register, then building the matcher.</summary>
[MemoryDiagnoser]
public class GuardCompileBenchmarks
{
    private readonly GuardKey _key = new(Enumerable.Range(1, GuardKey.MinimumBytes).Select(i => (byte)i).ToArray());
    private IReadOnlyList<Participant> _register = [];
    private GuardRegister _compiled = GuardRegister.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _register = SyntheticConsultation.Register(500);
        _compiled = GuardRegister.Compile(_register, _key, 3);
    }

    [Benchmark]
    public GuardRegister Compile() => GuardRegister.Compile(_register, _key, 3);

    [Benchmark]
    public AttributionGuard BuildGuard() => new(_compiled, _key, 3);

    [Benchmark]
    public AttributionGuard CompileAndBuildGuard() => new(GuardRegister.Compile(_register, _key, 3), _key, 3);
}

/// <summary>Where Check's time goes: the keyed hash (HMAC-SHA256) it computes for every word of the note, on its own.</summary>
[MemoryDiagnoser]
public class GuardHashBenchmarks
{
    private readonly GuardKey _key = new(Enumerable.Range(1, GuardKey.MinimumBytes).Select(i => (byte)i).ToArray());
    private string[] _words = [];

    [GlobalSetup]
    public void Setup()
    {
        var (note, _) = SyntheticConsultation.Note(SyntheticConsultation.Register(500), 2_000);

        // Close to the guard's tokens (letters and digits, lower case): Check hashes each one once.
        _words = [.. System.Text.RegularExpressions.Regex.Split(note.ToLowerInvariant(), @"[^\p{L}\p{Nd}]+").Where(w => w.Length > 0)];
    }

    [Benchmark]
    public ulong HashOneWord() => _key.Hash("consultation");

    [Benchmark]
    public ulong HashEveryWordOf2000CharNote()
    {
        var sum = 0UL;
        foreach (var word in _words)
        {
            sum ^= _key.Hash(word);
        }

        return sum;
    }
}
