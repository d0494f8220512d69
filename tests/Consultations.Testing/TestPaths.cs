namespace Consultations.Testing;

public static class TestPaths
{
    /// <summary>The clone the tests run from (the folder holding Consultations.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Consultations.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (Consultations.sln) above " + AppContext.BaseDirectory);
    }
}
