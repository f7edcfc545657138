namespace Mine.Core.Ports;

/// <summary>What an import does with a slot that already holds a value in the store.</summary>
public enum ConflictPolicy
{
    /// <summary>The store's value stays; the imported point is skipped (the default: live data wins).</summary>
    Keep,

    /// <summary>The imported point replaces the store's value.</summary>
    Overwrite,
}
