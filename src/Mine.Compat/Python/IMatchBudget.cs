namespace Mine.Compat.Python;

/// <summary>The time a request has left, which bounds every regex match run on its behalf.</summary>
public interface IMatchBudget
{
    /// <summary>Fails the request (with the caller's own exception) when it is out of time or was abandoned.</summary>
    void CheckBudget();

    /// <summary>Time left, never negative.</summary>
    TimeSpan RemainingTime { get; }
}
