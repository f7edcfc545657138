using Mine.Core.Ports;
using Mine.Core.Series;
using Mine.Storage.Index;

namespace Mine.Storage.Engine;

/// <summary>The tag database (<see cref="ITagDatabase"/>) over the name index's tagged series.</summary>
public sealed partial class StorageEngine
{
    private TagIndex Tags => _nameIndex.Tags;

    public IReadOnlyList<SeriesHandle> FindTaggedSeries(IReadOnlyList<string> expressions, int limit = int.MaxValue, CancellationToken cancellationToken = default)
        => TagExpressionQuery.Parse(expressions).Find(Tags, limit, cancellationToken);

    public IReadOnlyList<TagEntry> ListTags(string? filter, long? limit) => TagQueries.ListTagEntries(Tags, filter, limit);

    public TagEntry? GetTag(string tag) => TagQueries.TagEntryOf(Tags, tag);

    public IReadOnlyList<TagValueEntry> TagValues(string tag, string? filter, long? limit) => TagQueries.TagValueEntries(Tags, tag, filter, limit);

    public IReadOnlyList<string> AutoCompleteTags(IReadOnlyList<string> expressions, string? tagPrefix, long? limit)
        => TagQueries.AutoCompleteTags(Tags, expressions, tagPrefix, limit);

    public IReadOnlyList<string> AutoCompleteValues(IReadOnlyList<string> expressions, string tag, string? valuePrefix, long? limit)
        => TagQueries.AutoCompleteValues(Tags, expressions, tag, valuePrefix, limit);
}
