namespace Mine.Compat.Python;

/// <summary>The time a request has left, which bounds every regex match run on its behalf.</summary>
public interface IMatchBudget
{
    /// <summary>Fails the request (with the caller's own exception) when it is out of time or was abandoned.</summary>
    void CheckBudget();

    /// <summary>Time left, never negative.</summary>
    TimeSpan RemainingTime { get; }

    /// <summary>
    /// The caller's own error for a request out of time, thrown when a match that was given all the time the request
    /// had left runs out (the regex clock is coarser than the request's, so <see cref="CheckBudget"/> may not see it yet).
    /// </summary>
    Exception TimeLimitExceeded();
}
