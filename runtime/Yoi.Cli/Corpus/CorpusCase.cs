namespace Yoi.Cli.Corpus;

/// <summary>One conformance case: a <c>.wit</c> file or a package directory, and what the reference says of it.</summary>
public sealed record CorpusCase(string Name, string InputPath, bool MustPass, string? ReferencePath)
{
    /// <summary>Cases with binary or text wasm inputs are out of scope for a text WIT front end.</summary>
    public static bool HasWasmInput(string inputPath) =>
        Directory.Exists(inputPath) &&
        Directory.EnumerateFiles(inputPath, "*", SearchOption.AllDirectories)
            .Any(f => f.EndsWith(".wat", StringComparison.Ordinal) || f.EndsWith(".wasm", StringComparison.Ordinal));

    /// <summary>Every case directly in <paramref name="directory"/> (a file ending in .wit, or a folder).</summary>
    public static IEnumerable<CorpusCase> Discover(string directory, bool mustPass, string referenceExtension)
    {
        var entries = Directory.EnumerateFileSystemEntries(directory)
            .Where(entry => Directory.Exists(entry)
                ? Path.GetFileName(entry) != "parse-fail"
                : entry.EndsWith(".wit", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var name = Path.GetFileName(entry);
            var reference = (Directory.Exists(entry) ? entry + ".wit" : entry) + referenceExtension;
            yield return new CorpusCase(name, entry, mustPass, File.Exists(reference) ? reference : null);
        }
    }
}
