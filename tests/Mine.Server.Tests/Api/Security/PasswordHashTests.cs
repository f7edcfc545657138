using Mine.Access;

namespace Mine.Server.Tests.Api.Security;

/// <summary>Hashes in Django's pbkdf2_sha256 format, so graphite-web's users can be copied as they are.</summary>
public class PasswordHashTests
{
    [Theory]
    // Made with Python: base64(hashlib.pbkdf2_hmac("sha256", password, salt, iterations)), as Django's hasher does.
    [InlineData("correct horse", "pbkdf2_sha256$1000$seasalt$mQnueSakb748zqBAC1tmWVZsZbi2zPGZarEzTGdfmso=")]
    [InlineData("pässwörd", "pbkdf2_sha256$2000$abc123$X6AOeR/uF018WMieoJpJCpVvRGu6py/AvJ+Ku7hc+xM=")]
    public void Verifies_hashes_python_made(string password, string hash)
    {
        Assert.True(PasswordHash.Verify(password, hash));
        Assert.False(PasswordHash.Verify(password + "!", hash));
        Assert.False(PasswordHash.Verify(password, hash.Replace("$1000$", "$1001$", StringComparison.Ordinal).Replace("$2000$", "$2001$", StringComparison.Ordinal)));
    }

    [Fact]
    public void Made_hashes_verify_and_are_salted()
    {
        var one = PasswordHash.Create("s3cret", 1000);
        var two = PasswordHash.Create("s3cret", 1000);

        Assert.StartsWith("pbkdf2_sha256$1000$", one, StringComparison.Ordinal);
        Assert.NotEqual(one, two);
        Assert.True(PasswordHash.Verify("s3cret", one));
        Assert.True(PasswordHash.Verify("s3cret", two));
        Assert.False(PasswordHash.Verify("S3cret", one));
        Assert.StartsWith($"pbkdf2_sha256${PasswordHash.DefaultIterations}$", PasswordHash.Create("x"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3cret")]
    [InlineData("pbkdf2_sha1$1000$salt$mQnueSakb748zqBAC1tmWVZsZbi2zPGZarEzTGdfmso=")]
    [InlineData("pbkdf2_sha256$0$salt$mQnueSakb748zqBAC1tmWVZsZbi2zPGZarEzTGdfmso=")]
    [InlineData("pbkdf2_sha256$99999999999$salt$mQnueSakb748zqBAC1tmWVZsZbi2zPGZarEzTGdfmso=")]
    [InlineData("pbkdf2_sha256$1000$$mQnueSakb748zqBAC1tmWVZsZbi2zPGZarEzTGdfmso=")]
    [InlineData("pbkdf2_sha256$1000$salt$not base64")]
    [InlineData("pbkdf2_sha256$1000$salt")]
    public void Malformed_hashes_are_named_and_never_match(string hash)
    {
        Assert.NotNull(PasswordHash.Problem(hash));
        Assert.False(PasswordHash.Verify("s3cret", hash));
    }
}
