namespace Mine.Core.Errors;

/// <summary>
/// The store cannot be read now (a store across the network that does not answer); the same request may succeed
/// later. The host answers 503 with Retry-After, not 500: nothing is wrong with the request or with Mine.
/// </summary>
public sealed class StorageUnavailableException : IOException
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
