using System.Collections.Concurrent;
using Mine.Core.Ports;
using Mine.Whisper.Format;
using Mine.Whisper.Import;
using Mine.Whisper.Reading;
using Mine.Whisper.Tests.Reading;

namespace Mine.Whisper.Tests.Import;

/// <summary>The import loop over real whisper files, into a target that records what it was given.</summary>
public sealed class WhisperImporterTests(RealWhisperFiles real) : IClassFixture<RealWhisperFiles>
{
    [WhisperFact]
    public void Every_file_becomes_its_series_with_every_archives_points_and_a_resumed_run_skips_them()
    {
        var work = Directory.CreateTempSubdirectory("mine-import-").FullName;
        try
        {
            var root = Path.Combine(work, "whisper");
            foreach (var expected in real.Files)
            {
                var target = Path.Combine(root, "servers", expected.Name + ".wsp");
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(real.PathOf(expected.Name), target);
            }

            File.WriteAllBytes(Path.Combine(root, "servers", "truncated.wsp"), File.ReadAllBytes(real.PathOf("wrapped"))[..100]);
            File.WriteAllBytes(Path.Combine(root, "servers", "empty.wsp"), []);
            var options = new WhisperImportOptions(root, "old", Jobs: 2, ConflictPolicy.Keep, real.Now, Path.Combine(work, "journal"));

            var recorder = new RecordingTarget();
            var summary = new WhisperImporter(recorder, options).Run(TextWriter.Null, terminal: false, CancellationToken.None);

            Assert.Equal(real.Files.Count + 2, summary.Files);
            Assert.Equal(real.Files.Count, summary.Imported);
            Assert.Equal(["servers/empty.wsp", "servers/truncated.wsp"], summary.Errors.Select(e => e.File));
            Assert.Contains("empty file", summary.Errors[0].Reason, StringComparison.Ordinal);
            Assert.Contains("truncated", summary.Errors[1].Reason, StringComparison.Ordinal);
            foreach (var expected in real.Files)
            {
                var got = recorder.Series[$"old.servers.{expected.Name}"];
                Assert.Equal(expected.Points.Select(a => a.Count), got.Select(a => a.Count));
                Assert.Equal(expected.Points.SelectMany(a => a).OrderBy(p => p.Time), got.SelectMany(a => a).OrderBy(p => p.Time));
            }

            Assert.Equal(real.Files.Sum(f => f.Points.Sum(a => a.Count)), summary.Points);

            var again = new WhisperImporter(new RecordingTarget(), options).Run(TextWriter.Null, terminal: false, CancellationToken.None);
            Assert.Equal(real.Files.Count, again.SkippedAsDone);
            Assert.Equal(0, again.Imported);
            Assert.Equal(2, again.Errors.Count); // damaged files are never marked done: they are reported each time
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private sealed class RecordingTarget : IWhisperImportTarget
    {
        public ConcurrentDictionary<string, List<(long Time, double Value)>[]> Series { get; } = new(StringComparer.Ordinal);

        public SeriesImportResult Import(string name, WhisperHeader header, IReadOnlyList<ArchivePoints> archives, ConflictPolicy onConflict)
        {
            var copy = archives.Select(a => Enumerable.Range(0, a.Count).Select(i => (a.Times[i], a.Values[i])).ToList()).ToArray();
            Assert.True(Series.TryAdd(name, copy), $"{name} imported twice");
            var points = copy.Sum(a => a.Count);
            return new SeriesImportResult(points, points, 0, 0, Created: true);
        }
    }
}
