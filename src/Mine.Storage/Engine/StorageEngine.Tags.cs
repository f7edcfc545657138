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

    public IReadOnlyList<TagEntry> ListTags(string? filter, long? limit)
    {
        var tags = TagQueries.ListTags(Tags, filter, limit);
        var entries = new TagEntry[tags.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = new TagEntry(tags[i], Tags.TagId(tags[i]));
        }

        return entries;
    }

    public TagEntry? GetTag(string tag) => Tags.Values(tag).Count == 0 ? null : new TagEntry(tag, Tags.TagId(tag));

    public IReadOnlyList<TagValueEntry> TagValues(string tag, string? filter, long? limit)
    {
        if (TagQueries.TagValues(Tags, tag, filter, limit) is not { } values)
        {
            return [];
        }

        var entries = new TagValueEntry[values.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var (value, count) = values[i];
            entries[i] = new TagValueEntry(value, count, Tags.ValueId(value));
        }

        return entries;
    }

    public IReadOnlyList<string> AutoCompleteTags(IReadOnlyList<string> expressions, string? tagPrefix, long? limit)
        => TagQueries.AutoCompleteTags(Tags, expressions, tagPrefix, limit);

    public IReadOnlyList<string> AutoCompleteValues(IReadOnlyList<string> expressions, string tag, string? valuePrefix, long? limit)
        => TagQueries.AutoCompleteValues(Tags, expressions, tag, valuePrefix, limit);
}
