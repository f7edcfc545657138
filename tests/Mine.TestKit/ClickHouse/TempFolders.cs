namespace Mine.TestKit.ClickHouse;

/// <summary>The servers' temporary folders: one each, removed when the server is disposed.</summary>
internal static class TempFolders
{
    public static string Create(string prefix)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary folder is not worth failing a test over.
        }
    }
}
