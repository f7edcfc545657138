using Mine.Whisper.Import;

namespace Mine.Whisper.Tests.Import;

public sealed class ImportJournalTests : IDisposable
{
    private readonly string _path = Path.Combine(Directory.CreateTempSubdirectory("mine-journal-").FullName, "import.journal");

    [Fact]
    public void Files_marked_done_are_done_after_a_reopen()
    {
        using (var journal = ImportJournal.Open(_path))
        {
            journal.MarkDone("a/b.wsp");
            journal.MarkDone("a/c.wsp");
        }

        using var reopened = ImportJournal.Open(_path);
        Assert.Equal(2, reopened.DoneAtStart);
        Assert.True(reopened.IsDone("a/b.wsp"));
        Assert.False(reopened.IsDone("a/d.wsp"));
    }

    [Fact]
    public void A_line_cut_by_a_crash_is_not_done_and_is_cut_from_the_file()
    {
        File.WriteAllText(_path, "a/b.wsp\na/c.w");
        using (var journal = ImportJournal.Open(_path))
        {
            Assert.True(journal.IsDone("a/b.wsp"));
            Assert.False(journal.IsDone("a/c.w"));
            Assert.False(journal.IsDone("a/c.wsp"));
            journal.MarkDone("a/c.wsp");
        }

        Assert.Equal("a/b.wsp\na/c.wsp\n", File.ReadAllText(_path));
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
}
