using System.Diagnostics;
using System.IO.Compression;

namespace Yoi.Wit.Generator.Tests;

/// <summary>
/// The package as a host project gets it: <c>dotnet pack</c> of the generator into a temporary folder
/// feed, then a fresh console project (outside the repository) that references it, has a
/// <c>wit/</c> folder, uses the generated bindings, builds and runs.
/// </summary>
/// <remarks>
/// Slow (two child <c>dotnet</c> processes, ~30 s), so there is one such test. The pack reuses the
/// generator already built for this test run (<c>--no-build</c>). The consumer restores into its own
/// temporary packages folder (so an older 0.1.0 cached in the user's folder is never used) with the
/// user's global packages folder as a fallback folder (Wasmtime comes from there when present,
/// otherwise from the user's configured sources, which the temporary NuGet.config keeps).
/// </remarks>
public sealed class PackageTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private const string Wit = """
        package demo:greeter@1.0.0;

        interface names {
          /// A person the host knows.
          record person { name: string, tags: list<string> }
          lookup: func(id: u32) -> option<person>;
        }

        world greeter {
          import names;
          export greet: func(id: u32) -> result<string, string>;
        }

        world counter {
          export count: func() -> u32;
        }
        """;

    private const string Program = """
        using App.Bindings.Names;

        var host = new Registry();
        using var engine = new Wasmtime.Engine();
        using var linker = new Wasmtime.Components.ComponentLinker(engine);
        App.Bindings.Greeter.AddToLinker(linker, host);
        Person? found = host.Lookup(1);
        System.Console.WriteLine($"{App.Bindings.Greeter.WorldName}|{App.Bindings.Counter.WorldName}|{NamesHost.InstanceName}|{found?.Name}|{found?.Tags.Count}");

        internal sealed class Registry : INamesHost
        {
            public Person? Lookup(uint id) => id == 1 ? new Person("Ada", ["math"]) : null;
        }
        """;

    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <!-- ';'-separated, as documented: both worlds must be bound (the editorconfig the compiler reads treats ';' as a comment). -->
            <YoiWitWorld>greeter;counter</YoiWitWorld>
            <YoiWitNamespace>App.Bindings</YoiWitNamespace>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Yoi.Wit.Generator" Version="0.1.0" />
          </ItemGroup>
        </Project>
        """;

    [Fact]
    public void Packed_generator_builds_a_fresh_consumer_project_from_a_local_feed()
    {
        var root = RepositoryRoot();
        var temp = Path.Combine(Path.GetTempPath(), "yoi-wit-package-" + Guid.NewGuid().ToString("N"));
        var feed = Path.Combine(temp, "feed");
        var app = Path.Combine(temp, "app");
        try
        {
            Directory.CreateDirectory(Path.Combine(app, "wit"));
            var pack = Dotnet(root, "pack", Path.Combine(root, "generator", "Yoi.Wit.Generator", "Yoi.Wit.Generator.csproj"),
                "--no-build", "-c", Configuration, "-o", feed);
            Assert.True(pack.ExitCode == 0, pack.Output);

            var nupkg = Path.Combine(feed, "Yoi.Wit.Generator.0.1.0.nupkg");
            using (var zip = ZipFile.OpenRead(nupkg))
            {
                var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
                Assert.Contains("analyzers/dotnet/cs/Yoi.Wit.Generator.dll", entries);
                Assert.Contains("analyzers/dotnet/cs/Yoi.Wit.Frontend.dll", entries);
                Assert.Contains("analyzers/dotnet/cs/Pidgin.dll", entries);
                Assert.Contains("build/Yoi.Wit.Generator.props", entries);
                Assert.Contains("build/Yoi.Wit.Generator.targets", entries);
                Assert.Contains("lib/net8.0/Yoi.Wit.Bindings.dll", entries);
                Assert.DoesNotContain("lib/net8.0/Yoi.Wit.Generator.dll", entries);
                using var nuspec = new StreamReader(zip.GetEntry("Yoi.Wit.Generator.nuspec")!.Open());
                var text = nuspec.ReadToEnd();
                Assert.Contains("id=\"Wasmtime\" version=\"[50.0.1]\"", text);
                Assert.DoesNotContain("Pidgin", text);
                Assert.DoesNotContain("Yoi.Wit.Frontend", text);
            }

            File.WriteAllText(Path.Combine(app, "NuGet.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(app, "App.csproj"), Project);
            File.WriteAllText(Path.Combine(app, "Program.cs"), Program);
            File.WriteAllText(Path.Combine(app, "wit", "greeter.wit"), Wit);

            var userPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
                ? p
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var build = Dotnet(app, "build", "App.csproj", "-c", "Debug",
                $"-p:RestoreAdditionalProjectFallbackFolders={userPackages}",
                "-p:UseSharedCompilation=false", "-nodeReuse:false",
                "--packages", Path.Combine(temp, "packages"));
            Assert.True(build.ExitCode == 0, build.Output);
            Assert.Contains("0 Warning(s)", build.Output);

            var run = Dotnet(app, Path.Combine(app, "bin", "Debug", "net10.0", "App.dll"));
            Assert.True(run.ExitCode == 0, run.Output);
            Assert.Equal("demo:greeter/greeter@1.0.0|demo:greeter/counter@1.0.0|demo:greeter/names@1.0.0|Ada|1", run.Output.Trim());
        }
        finally
        {
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
            catch (UnauthorizedAccessException)
            {
                // Best effort.
            }
        }
    }

    private static (int ExitCode, string Output) Dotnet(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        // The test host may run inside MSBuild (dotnet test): do not let its settings leak into the child.
        foreach (var name in new[] { "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildLoadMicrosoftTargetsReadOnly", "MSBUILDNOINPROCNODE" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(StepTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(" ", args)} did not finish in {StepTimeout}.");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Yoi.Wit.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Yoi.Wit.sln not found above " + AppContext.BaseDirectory);
    }
}
