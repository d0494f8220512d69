namespace Consultations.Web.Loading;

/// <summary>
/// What a page asked <see cref="RepositoryLoader"/> for: found (the scope), not found, or refused with the reason the
/// 403 page gives. The default is not found.
/// </summary>
public readonly record struct Loaded<TScope>
    where TScope : class
{
    internal Loaded(TScope? found, string? refusal)
    {
        Found = found;
        Refusal = refusal;
    }

    public TScope? Found { get; }

    public string? Refusal { get; }

    public bool IsNotFound => Found is null && Refusal is null;
}
