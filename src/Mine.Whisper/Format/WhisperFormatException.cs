namespace Mine.Whisper.Format;

/// <summary>A whisper file that cannot be read as whisper wrote it: the message says what is wrong and where.</summary>
public sealed class WhisperFormatException(string message) : Exception(message);
