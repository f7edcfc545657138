using Mine.Core.Buffers;
using Xunit;

namespace Mine.Core.Tests.Buffers;

public class ValueArrayPoolTests
{
    [Fact]
    public void Rented_arrays_have_the_exact_length_and_come_back_after_the_lease_ends()
    {
        var pool = new ValueArrayPool();
        double[] first;
        using (var lease = new ValueArrayLease(pool))
        {
            first = lease.Rent(288);
            Assert.Equal(288, first.Length);
            Assert.Equal(288, lease.Rent(288).Length);
            Assert.Equal(0, pool.PooledBytes);
        }

        Assert.Equal(2 * 288 * sizeof(double), pool.PooledBytes);
        using var next = new ValueArrayLease(pool);
        var reused = new[] { next.Rent(288), next.Rent(288) };
        Assert.Contains(first, reused);
        Assert.Equal(0, pool.PooledBytes);
        Assert.Equal(100, next.Rent(100).Length);
    }

    [Fact]
    public void A_recycled_array_is_the_next_one_rented_and_is_not_returned_twice()
    {
        var pool = new ValueArrayPool();
        using (var lease = new ValueArrayLease(pool))
        {
            var scratch = lease.Rent(1000);
            lease.Recycle(scratch);
            Assert.Same(scratch, lease.Rent(1000));
            lease.Recycle(scratch);
            lease.Recycle(new double[1000]); // not rented here: ignored
            lease.Recycle(lease.Rent(100)); // rented with another length: recycled for the next rent of 100
        }

        Assert.Equal((1000 + 100) * sizeof(double), pool.PooledBytes);
    }

    [Fact]
    public void Trimming_gives_back_the_lengths_no_request_used_since_the_last_trim()
    {
        var pool = new ValueArrayPool();
        using (var lease = new ValueArrayLease(pool))
        {
            lease.Rent(288);
            lease.Rent(1440);
        }

        Assert.Equal(0, pool.Trim()); // both lengths were used since the pool was made
        Assert.Equal((288 + 1440) * sizeof(double), pool.PooledBytes);

        using (var lease = new ValueArrayLease(pool))
        {
            lease.Rent(288); // 288 stays in use; 1440 sits idle until the next trim
        }

        Assert.Equal(1440 * sizeof(double), pool.Trim());
        Assert.Equal(288 * sizeof(double), pool.PooledBytes);
        Assert.Equal(288 * sizeof(double), pool.Trim());
        Assert.Equal(0, pool.PooledBytes);
    }

    [Fact]
    public void A_lease_that_ends_with_an_error_still_returns_its_arrays()
    {
        var pool = new ValueArrayPool();
        try
        {
            using var lease = new ValueArrayLease(pool);
            lease.Rent(288);
            throw new InvalidOperationException("the request failed");
        }
        catch (InvalidOperationException)
        {
        }

        Assert.Equal(288 * sizeof(double), pool.PooledBytes);
    }

    [Fact]
    public void The_pool_keeps_no_more_than_its_cap()
    {
        // The cap is counted per run of 32 returned arrays: 100 arrays fit three runs of the 110 allowed.
        var pool = new ValueArrayPool(maxPooledBytes: 110 * 288 * sizeof(double));
        using (var lease = new ValueArrayLease(pool))
        {
            for (var i = 0; i < 500; i++)
            {
                lease.Rent(288);
            }
        }

        Assert.Equal(96 * 288 * sizeof(double), pool.PooledBytes);
    }

    [Fact]
    public void Arrays_of_several_lengths_in_one_lease_all_come_back_by_length()
    {
        var pool = new ValueArrayPool();
        using (var lease = new ValueArrayLease(pool))
        {
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(288, lease.Rent(288).Length);
                Assert.Equal(100, lease.Rent(100).Length);
            }
        }

        Assert.Equal(10L * (288 + 100) * sizeof(double), pool.PooledBytes);
        using var next = new ValueArrayLease(pool);
        Assert.Equal(100, next.Rent(100).Length);
        Assert.Equal(288, next.Rent(288).Length);
    }

    [Fact]
    public void Short_arrays_are_not_pooled()
    {
        var pool = new ValueArrayPool();
        using (var lease = new ValueArrayLease(pool))
        {
            lease.Rent(3);
        }

        Assert.Equal(0, pool.PooledBytes);
    }

    [Fact]
    public void Rents_from_parallel_reads_are_all_returned()
    {
        var pool = new ValueArrayPool();
        using (var lease = new ValueArrayLease(pool))
        {
            Parallel.For(0, 1000, _ => lease.Rent(288));
        }

        Assert.Equal(1000L * 288 * sizeof(double), pool.PooledBytes);
    }
}
