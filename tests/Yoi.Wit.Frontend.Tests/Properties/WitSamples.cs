using Yoi.Wit.Benchmarks;

namespace Yoi.Wit.Frontend.Tests.Properties;

/// <summary>
/// Valid WIT for the mutation properties to start from: the repository's own <c>wit/</c> package (copied
/// next to the tests), a small WASI-sized package, and short files that between them use every construct
/// the grammar knows (gates, nested packages, resources, async, maps, fixed lists, include-with).
/// <see cref="WitSampleTests"/> checks that they are valid, so mutations start from valid text.
/// </summary>
internal static class WitSamples
{
    private static readonly string[] Inline =
    [
        """
        package demo:gates@1.2.0;

        /// Gated items, as wasi does it.
        @since(version = 1.0.0)
        interface clock {
          @since(version = 1.1.0)
          now: func() -> u64;
          @unstable(feature = fancy)
          resolution: func() -> option<u64>;
          @since(version = 1.0.0)
          @deprecated(version = 1.2.0)
          old: func();
        }

        @unstable(feature = fancy)
        world gated {
          @since(version = 1.0.0)
          import clock;
          export run: func(args: list<string>) -> result<_, string>;
        }
        """,
        """
        package demo:types;

        interface all {
          type alias = tuple<u8, u16, u32, u64, s8, s16, s32, s64, f32, f64, char, bool, string>;
          record point { x: s32, y: s32, }
          variant shape { circle(f64), square(point), none }
          enum color { red, green, blue }
          flags perms { read, write, exec }
          type fixed = list<u8, 4>;
          type table = map<string, list<point>>;
          type maybe = option<result<point, color>>;
          type bare = result;
          type ok-only = result<string>;
          type err-only = result<_, color>;
          type pipe = stream<u8>;
          type later = future<string>;
          type oops = error-context;
          %interface: func(%type: alias) -> shape;
          fetch: async func(url: string) -> result<list<u8>, string>;
        }
        """,
        """
        package demo:res@0.1.0;

        interface files {
          /// A file handle.
          resource file {
            constructor(path: string);
            read: func(len: u64) -> result<list<u8>, string>;
            open: static func(path: string) -> result<file, string>;
            same: func(other: borrow<file>) -> bool;
          }
          use-it: func(f: own<file>) -> list<file>;
        }

        interface user {
          use files.{file, file as handle};
          keep: func(h: borrow<handle>) -> file;
        }

        world app {
          import files;
          import log: func(msg: string);
          import inline: interface {
            ping: func() -> u32;
          }
          export user;
          export go: func();
        }

        world bigger {
          include app with { log as logging, go as start }
          export extra: func() -> char;
        }
        """,
        """
        package outer:top@2.0.0;

        package outer:inner@1.0.0 {
          interface shared {
            record thing { name: string }
          }

          world inner-world {
            export shared;
          }
        }

        interface uses-inner {
          use outer:inner/shared@1.0.0.{thing};
          get: func() -> thing;
        }

        world top {
          import outer:inner/shared@1.0.0;
          export uses-inner;
        }
        """,
        """
        // A plain comment, then docs in both styles.
        package demo:docs;

        /** Block docs /* with a nested comment */ still docs. */
        interface a {
          /// Line docs.
          f: func(x: u32 /* inline */, y: u32) -> u32;
        }

        use a as b;

        world w {
          import b;
        }
        """,
    ];

    /// <summary>The files of the repository's <c>yoi:host</c> package (one package over several files).</summary>
    public static IReadOnlyList<string> RepoPackage { get; } = Directory
        .EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Samples", "yoi-host"), "*.wit")
        .Order(StringComparer.Ordinal)
        .Select(File.ReadAllText)
        .ToList();

    /// <summary>Self-contained packages, one file each.</summary>
    public static IReadOnlyList<string> SingleFile { get; } = [.. Inline, WasiSizedPackage.Write(interfaceCount: 3)];

    public static IReadOnlyList<string> All { get; } = [.. SingleFile, .. RepoPackage];

}
