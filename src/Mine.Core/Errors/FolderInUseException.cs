namespace Mine.Core.Errors;

/// <summary>
/// A folder Mine keeps its files in (a data folder, a relay's buffer) is locked by another process. Its own type so
/// that the host can name the flag that chose the folder, which the layer that locks it does not know.
/// </summary>
public sealed class FolderInUseException : IOException
{
    public FolderInUseException()
    {
    }

    public FolderInUseException(string message)
        : base(message)
    {
    }

    public FolderInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FolderInUseException(string folder, string message, Exception innerException)
        : base(message, innerException)
    {
        Folder = folder;
    }

    /// <summary>The full path of the folder that is in use.</summary>
    public string Folder { get; } = "";
}
