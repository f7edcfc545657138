using Microsoft.AspNetCore.Http;
using Mine.Query;
using Mine.Storage.Index;

namespace Mine.Api;

/// <summary>Turns the errors a bad request can cause into HTTP 400 with a message naming the problem.</summary>
internal static class ApiErrors
{
    public static async Task<IResult> HandleAsync(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler().ConfigureAwait(false);
        }
        catch (BadRequestException ex)
        {
            return BadRequest(ex.Message);
        }
        catch (QueryArgumentException ex)
        {
            return BadRequest(ex.Message);
        }
        catch (Mine.Graphs.GraphException ex)
        {
            return BadRequest(ex.Message);
        }
        catch (GlobTooComplexException ex)
        {
            return BadRequest(ex.Message);
        }
        catch (ArgumentException ex)
        {
            return BadRequest(ex.Message);
        }
    }

    public static IResult NotFound(string message) => Results.Text(message + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);

    public static IResult BadRequest(string message) => Results.Text(message + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
}
