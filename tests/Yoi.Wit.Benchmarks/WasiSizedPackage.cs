using System.Text;

namespace Yoi.Wit.Benchmarks;

/// <summary>
/// Writes a WASI-sized WIT package (a few thousand lines): many interfaces with records, variants,
/// enums, flags, resources, functions and cross-interface <c>use</c>s, plus worlds with includes.
/// Deterministic, so every run measures the same text.
/// </summary>
public static class WasiSizedPackage
{
    public const string PackageName = "bench:wasi-sized@0.2.0";

    public static string Write(int interfaceCount = 60)
    {
        var text = new StringBuilder();
        text.AppendLine($"package {PackageName};").AppendLine();
        for (int i = 0; i < interfaceCount; i++)
        {
            WriteInterface(text, i);
        }

        for (int w = 0; w < interfaceCount / 10; w++)
        {
            text.AppendLine($"/// World number {w}.");
            text.AppendLine($"world world{Letters(w)} {{");
            for (int i = w * 10; i < (w + 1) * 10; i++)
            {
                text.AppendLine($"  import iface{Letters(i)};");
            }

            if (w > 0)
            {
                text.AppendLine($"  include world{Letters(w - 1)};");
            }

            text.AppendLine($"  export run{Letters(w)}: func(args: list<string>) -> result<u32, string>;");
            text.AppendLine("}").AppendLine();
        }

        return text.ToString();
    }

    private static void WriteInterface(StringBuilder text, int i)
    {
        var name = $"iface{Letters(i)}";
        text.AppendLine($"/// Interface {i}: a mix of every kind of definition.");
        text.AppendLine($"interface {name} {{");
        if (i > 0)
        {
            text.AppendLine($"  use iface{Letters(i - 1)}.{{descriptor as previous-descriptor, error-code as previous-error}};");
        }

        text.AppendLine("""
              /// Error codes, as WASI filesystem has them.
              enum error-code {
                access, would-block, already, bad-descriptor, busy, deadlock, quota, exist,
                file-too-large, illegal-byte-sequence, in-progress, interrupted, invalid, io,
                is-directory, loop, too-many-links, message-size, name-too-long, no-device,
              }

              flags descriptor-flags {
                read, write, file-integrity-sync, data-integrity-sync, requested-write-sync, mutate-directory,
              }

              /// A timestamp.
              record datetime {
                seconds: u64,
                nanoseconds: u32,
              }

              record descriptor-stat {
                kind: descriptor-type,
                link-count: u64,
                size: u64,
                data-access-timestamp: option<datetime>,
                data-modification-timestamp: option<datetime>,
                status-change-timestamp: option<datetime>,
              }

              enum descriptor-type {
                unknown, block-device, character-device, directory, fifo, symbolic-link, regular-file, socket,
              }

              variant new-timestamp {
                no-change,
                now,
                timestamp(datetime),
              }

              record directory-entry {
                kind: descriptor-type,
                name: string,
              }

              type filesize = u64;

              /// A file or directory.
              resource descriptor {
                constructor(path: string);
                read: func(length: filesize, offset: filesize) -> result<tuple<list<u8>, bool>, error-code>;
                write: func(buffer: list<u8>, offset: filesize) -> result<filesize, error-code>;
                stat: func() -> result<descriptor-stat, error-code>;
                set-times: func(data-access-timestamp: new-timestamp, data-modification-timestamp: new-timestamp) -> result<_, error-code>;
                read-directory: func() -> result<list<directory-entry>, error-code>;
                get-flags: func() -> result<descriptor-flags, error-code>;
                open: static func(path: string, open-flags: descriptor-flags) -> result<descriptor, error-code>;
                is-same-object: func(other: borrow<descriptor>) -> bool;
              }

              get-directories: func() -> list<tuple<descriptor, string>>;
              filesystem-error-code: func(err: borrow<descriptor>) -> option<error-code>;
              now: func() -> datetime;
              resolution: func() -> u64;
              get-random-bytes: func(len: u64) -> list<u8>;
              get-random-u64: func() -> u64;
              insecure-seed: func() -> tuple<u64, u64>;
              get-environment: func() -> list<tuple<string, string>>;
              get-arguments: func() -> list<string>;
              initial-cwd: func() -> option<string>;
              exit: func(status: result);
            """);
        text.AppendLine("}").AppendLine();
    }

    /// <summary>Kebab-case names may not contain digits after a dash, so interfaces are named with letters.</summary>
    private static string Letters(int index)
    {
        var name = new StringBuilder();
        do
        {
            name.Insert(0, (char)('a' + index % 26));
            index /= 26;
        }
        while (index > 0);
        return "-" + name;
    }
}
