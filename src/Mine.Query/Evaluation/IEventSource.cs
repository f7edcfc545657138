namespace Mine.Query.Evaluation;

/// <summary>Events (graphite-web's events database) for the <c>events()</c> render function.</summary>
public interface IEventSource
{
    /// <summary>Events with <paramref name="start"/> &lt;= when &lt;= <paramref name="end"/> carrying every one of <paramref name="tags"/> (all events when empty), oldest first.</summary>
    IReadOnlyList<RenderEvent> Find(long start, long end, IReadOnlyList<string> tags);
}

/// <summary>One event as render functions see it.</summary>
/// <param name="WhenSeconds">Unix seconds.</param>
/// <param name="What">Short title.</param>
/// <param name="Tags">Tags (graphite-web splits them on spaces).</param>
/// <param name="Data">Free text.</param>
public sealed record RenderEvent(long WhenSeconds, string What, IReadOnlyList<string> Tags, string Data);
