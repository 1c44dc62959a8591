using System.Buffers.Binary;

namespace StudentHub.Web.Demo;

/// <summary>Small random-number helpers the demo generator needs beyond <see cref="Random"/>.</summary>
internal static class DemoRandom
{
    /// <summary>
    /// A seed for stream <paramref name="stream"/> derived from <paramref name="seed"/> (SplitMix64), so each
    /// student draws from its own sequence and the data do not depend on the order students are generated in.
    /// </summary>
    public static int DeriveSeed(int seed, long stream)
    {
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)stream * 0xBF58476D1CE4E5B9UL + 0x94D049BB133111EBUL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)(z ^ (z >> 31));
    }

    public static double NextGaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Knuth's method: fine for the small means (under 5) it is used with.</summary>
    public static int NextPoisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var count = 0;
        var product = random.NextDouble();
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }
        return count;
    }

    public static int NextBinomial(Random random, int trials, double probability)
    {
        var successes = 0;
        for (var i = 0; i < trials; i++)
            if (random.NextDouble() < probability)
                successes++;
        return successes;
    }

    public static double Logistic(double x) => 1.0 / (1.0 + Math.Exp(-x));

    /// <summary>
    /// A version 7 UUID (RFC 9562) for <paramref name="createdAt"/> with random bits from <paramref name="random"/>:
    /// reproducible from the seed, and ordered by creation time, so rows land at the right edge of the B-tree
    /// indexes on student_id instead of all over them.
    /// </summary>
    public static Guid NextVersion7Guid(Random random, DateTimeOffset createdAt)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        Span<byte> milliseconds = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(milliseconds, createdAt.ToUnixTimeMilliseconds());
        milliseconds[2..].CopyTo(bytes);
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
