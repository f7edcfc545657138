namespace Mine.Storage.Schemas;

/// <summary>
/// A storage-schemas.conf or storage-aggregation.conf problem that carbon would also refuse to start with.
/// The message names the file, the line or section, and the rule broken.
/// </summary>
public sealed class StorageConfigException : Exception
{
    public StorageConfigException()
    {
    }

    public StorageConfigException(string message)
        : base(message)
    {
    }

    public StorageConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
