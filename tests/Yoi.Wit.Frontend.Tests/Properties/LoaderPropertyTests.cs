using System.Collections.Immutable;
using Yoi.Wit.Resolution;
using Yoi.Wit.Text;

namespace Yoi.Wit.Frontend.Tests.Properties;

/// <summary>
/// The loader, over generated package folders written to disk (root <c>*.wit</c> plus <c>deps/</c> as
/// folders or single files): never throws, every diagnostic points into a file it read, and it reaches
/// the same verdict as resolving the same sources in memory.
/// </summary>
[Collection(PropertyCollection.Name)]
public sealed class LoaderPropertyTests : IDisposable
{
    private static readonly WitResolveOptions Options = new(ImmutableHashSet.Create("active"));

    private readonly string _temp = Directory.CreateTempSubdirectory("yoi-wit-loader-").FullName;

    [Fact]
    public void Generated_package_folders_load_to_a_value_with_located_diagnostics() =>
        PropertyRun.Check(PackageSetGen.Any, set =>
        {
            var root = Path.Combine(_temp, Guid.NewGuid().ToString("N"));
            var written = Write(set, root);
            var loaded = WitLoader.Load(root, Options);
            DiagnosticAssert.LocatedWithin(loaded.Diagnostics, written);

            var inMemory = WitResolver.Resolve(set.RootSources, set.DepSources, Options);
            Assert.Equal(inMemory.Succeeded, loaded.Succeeded);
            Assert.Equal(inMemory.Diagnostics.Select(d => d.Id), loaded.Diagnostics.Select(d => d.Id));
            Directory.Delete(root, recursive: true);
        }, iterations: 100);

    /// <summary>Writes the set under <paramref name="root"/>; returns the files with the paths the loader will show.</summary>
    private static List<SourceFile> Write(GeneratedPackageSet set, string root)
    {
        var files = new List<SourceFile>();
        void Put(string path, string text)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            files.Add(new SourceFile(path, text));
        }

        foreach (var (name, text) in set.Root.Files)
        {
            Put(Path.Combine(root, name), text);
        }

        foreach (var dep in set.Deps)
        {
            if (dep.AsSingleFile)
            {
                Put(Path.Combine(root, "deps", dep.Name + ".wit"), dep.Files[0].Text);
                continue;
            }

            foreach (var (name, text) in dep.Files)
            {
                Put(Path.Combine(root, "deps", dep.Name, name), text);
            }
        }

        return files;
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
