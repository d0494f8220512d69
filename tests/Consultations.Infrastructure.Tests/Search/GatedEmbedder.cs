using System.Text;
using Consultations.Core.Analysis;

namespace Consultations.Infrastructure.Tests.Search;

/// <summary>
/// A stand-in model for the index's own logic: a text's vector is its words hashed into 16 dimensions (texts sharing
/// words are close), and embedding waits while the gate is closed, so a test can hold the background work still.
/// </summary>
internal sealed class GatedEmbedder : ITextEmbedder
{
    private readonly object _gate = new();
    private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _texts;

    public GatedEmbedder(bool open = true)
    {
        if (open)
        {
            _open.SetResult();
        }
    }

    public string Model => "gated-stand-in";

    public int Dimensions => 16;

    public bool IsLoaded => true;

    /// <summary>Texts embedded so far, queries included.</summary>
    public int Texts => Volatile.Read(ref _texts);

    public void Open()
    {
        lock (_gate)
        {
            _open.TrySetResult();
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public Task WarmUpAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        Task open;
        lock (_gate)
        {
            open = _open.Task;
        }

        await open.WaitAsync(cancellationToken);
        Interlocked.Add(ref _texts, texts.Count);
        return [.. texts.Select(Vector)];
    }

    private static float[] Vector(string text)
    {
        var vector = new float[16];
        foreach (var word in text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var hash = 0;
            foreach (var b in Encoding.UTF8.GetBytes(word))
            {
                hash = (hash * 31) + b;
            }

            vector[(hash & 0x7fffffff) % 16] += 1;
        }

        vector[0] += 0.01f;
        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        return [.. vector.Select(x => x / norm)];
    }
}
